namespace Mekong.Platform.Localization;

/// <summary>
/// Anchor type for the interface strings (UiText.{culture}.resx beside this file). Keys are the English text,
/// so an untranslated string shows in English rather than as a code.
/// </summary>
public sealed class UiText;
