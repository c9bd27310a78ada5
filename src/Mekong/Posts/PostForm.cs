namespace Mekong.Posts;

/// <summary>What the write and edit pages post; tags arrive as one comma-separated field.</summary>
public sealed class PostForm
{
    public string Title { get; set; } = "";
    public string Body { get; set; } = "";
    public string Tags { get; set; } = "";
    public string Language { get; set; } = "";

    public IReadOnlyList<string> TagList =>
        Tags.Split([',', '，', '、'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
