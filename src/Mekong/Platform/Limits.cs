namespace Mekong.Platform;

/// <summary>Every size limit the platform enforces, in one place; docs/api.md lists them.</summary>
public static class Limits
{
    public const int RequestBodyBytes = 1024 * 1024;
    public const int PostBodyBytes = 100 * 1024;
    public const int CommentBodyBytes = 10 * 1024;
    public const int TitleChars = 300;
    public const int CommunityNameChars = 100;
    public const int CommunityDescriptionChars = 2000;
    public const int SlugChars = 60;
    public const int DisplayNameChars = 80;
    public const int BioChars = 500;
    public const int TagsPerPost = 10;
    public const int TagChars = 40;
    public const int ReadingLanguages = 11;
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;
    public const int CommentDepth = 8;
    public static readonly TimeSpan PostRestoreWindow = TimeSpan.FromDays(30);
}
