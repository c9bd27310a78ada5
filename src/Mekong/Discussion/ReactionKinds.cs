namespace Mekong.Discussion;

/// <summary>Reaction names as they appear in URLs and JSON: like, love, haha, wow, sad, celebrate.</summary>
public static class ReactionKinds
{
    public static string Name(ReactionKind kind) => kind switch
    {
        ReactionKind.Like => "like",
        ReactionKind.Love => "love",
        ReactionKind.Haha => "haha",
        ReactionKind.Wow => "wow",
        ReactionKind.Sad => "sad",
        ReactionKind.Celebrate => "celebrate",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>English label, also the key of its translations in the interface resources.</summary>
    public static string Label(ReactionKind kind) => kind switch
    {
        ReactionKind.Like => "Like",
        ReactionKind.Love => "Love",
        ReactionKind.Haha => "Haha",
        ReactionKind.Wow => "Wow",
        ReactionKind.Sad => "Sad",
        ReactionKind.Celebrate => "Celebrate",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static string Emoji(ReactionKind kind) => kind switch
    {
        ReactionKind.Like => "👍",
        ReactionKind.Love => "❤️",
        ReactionKind.Haha => "😄",
        ReactionKind.Wow => "😮",
        ReactionKind.Sad => "😢",
        ReactionKind.Celebrate => "🎉",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static bool TryParse(string? name, out ReactionKind kind)
    {
        foreach (var k in Enum.GetValues<ReactionKind>())
        {
            if (string.Equals(Name(k), name, StringComparison.Ordinal))
            {
                kind = k;
                return true;
            }
        }

        kind = default;
        return false;
    }
}
