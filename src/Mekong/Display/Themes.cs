namespace Mekong.Display;

/// <summary>Light, dark, or whatever the device prefers (<c>prefers-color-scheme</c>).</summary>
public static class Themes
{
    public const string System = "system";
    public const string Light = "light";
    public const string Dark = "dark";

    /// <summary>Remembers a visitor's choice; a member's is also kept in their settings.</summary>
    public const string CookieName = "mekong.theme";

    public static IReadOnlyList<string> All { get; } = [System, Light, Dark];

    public static string? Canonical(string? theme) =>
        All.FirstOrDefault(t => string.Equals(t, theme?.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>The interface text naming a theme.</summary>
    public static string Label(string theme) => theme switch
    {
        Light => "Light",
        Dark => "Dark",
        _ => "System",
    };
}
