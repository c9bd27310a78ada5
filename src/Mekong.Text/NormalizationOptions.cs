namespace Mekong.Text;

/// <summary>
/// Folds applied on top of the always-on base (NFKC — which includes full-width/half-width folding —, case
/// folding, removal of zero-width, bidi and other default-ignorable characters).
/// </summary>
[Flags]
public enum NormalizationOptions
{
    /// <summary>Only the base: NFKC, case folding, invisible characters removed.</summary>
    None = 0,

    /// <summary>Latin look-alikes from other scripts fold to Latin (Unicode TR39 confusables: Cyrillic "а" → "a").</summary>
    Confusables = 1,

    /// <summary>Inside words that contain Latin letters: 0→o 1→i 3→e 4→a 5→s 7→t @→a $→s !→i |→i.</summary>
    Leetspeak = 2,

    /// <summary>Traditional Han characters fold to Simplified (ICU Hant-Hans, character by character).</summary>
    TraditionalToSimplified = 4,

    /// <summary>Latin diacritics that Vietnamese does not use are removed (ü→u, ç→c), and stray combining marks
    /// on Latin letters ("zalgo") are dropped; Vietnamese tone and vowel marks are kept.</summary>
    LatinDiacritics = 8,

    /// <summary>Everything: the form used for matching watched terms.</summary>
    Matching = Confusables | Leetspeak | TraditionalToSimplified | LatinDiacritics,
}
