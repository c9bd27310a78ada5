using System.Globalization;
using System.Security.Claims;
using Mekong.Platform;
using Mekong.Platform.Content;
using Mekong.Platform.Data;
using Mekong.Platform.Http;
using Mekong.Posts;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Translation;

/// <summary>A post of a list in the reader's language: translated title and excerpt, with what to label them.</summary>
public sealed record ListItemTranslation(string Title, string Excerpt, TranslationView View);

/// <summary>A community page's posts in the reader's language (automatic, or after "translate this page").</summary>
public sealed record ListTranslation(string Target, bool Offer, IReadOnlyDictionary<Guid, ListItemTranslation> Items)
{
    public static readonly ListTranslation None = new("en", false, new Dictionary<Guid, ListItemTranslation>());

    public ListItemTranslation? For(Guid postId) => Items.GetValueOrDefault(postId);
}

/// <summary>A comment's translation and its rendered HTML (null unless translated).</summary>
public sealed record CommentTranslation(TranslationView View, string? Html);

/// <summary>What a post page shows in the reader's language.</summary>
public sealed record PageTranslation(
    Guid PostId,
    string Target,
    bool Needed,
    bool Available,
    bool Automatic,
    bool ShowingOriginal,
    TranslationView? Post,
    string? PostHtml,
    IReadOnlyDictionary<Guid, CommentTranslation> Comments,
    IReadOnlyList<string> ProposeLanguages)
{
    /// <summary>Open community proposals for the shown language, for signed-in readers to vote on.</summary>
    public IReadOnlyList<ProposalView> Proposals { get; init; } = [];

    /// <summary>The reader moderates the community (or the site): proposals get an "accept" button.</summary>
    public bool CanAccept { get; init; }

    public static readonly PageTranslation None = new(Guid.Empty, "en", false, false, false, false, null, null, new Dictionary<Guid, CommentTranslation>(), []);

    /// <summary>The translated post is shown (and the original hidden).</summary>
    public bool Shows => Post is { IsTranslated: true };

    /// <summary>The post or a comment is still being translated: the page loads translation.js to fill it in.</summary>
    public bool Pending => Post is { IsPending: true } || Comments.Values.Any(c => c.View.IsPending);

    /// <summary>What translation.js polls until nothing is pending: the post's translation, else the thread's.</summary>
    public string PollUrl => Post is { IsPending: true }
        ? $"/api/v1/posts/{PostId}/translations/{Target}"
        : $"/api/v1/posts/{PostId}/comments?lang={Target}";

    /// <summary>On-click readers get a button; "none" as provider hides it.</summary>
    public bool OffersButton => Needed && Available && Post is null && !ShowingOriginal;

    public CommentTranslation? Comment(Guid id) => Comments.GetValueOrDefault(id);
}

/// <summary>
/// The reader's side of translation: which languages they read, whether they want translations automatically
/// or on click, and the translated post and thread for a page.
/// </summary>
public sealed class ReaderTranslation(MekongDb db, Translator translator, TranslationGateway gateway, MarkdownRenderer markdown, PostEditing editing)
{
    /// <summary>Signed-in members read their reading languages; anonymous readers the interface language.</summary>
    public async Task<(IReadOnlyList<string> Languages, bool Automatic)> ReaderAsync(ClaimsPrincipal user, CancellationToken ct = default)
    {
        if (user.Id() is { } id && await db.Users.AsNoTracking().Where(u => u.Id == id).Select(u => u.ReadingLanguages).FirstOrDefaultAsync(ct) is { } reading)
        {
            var languages = reading.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(Languages.Canonical).OfType<string>().ToList();
            var automatic = await db.TranslationPreferences.AsNoTracking().Where(p => p.UserId == id).Select(p => (bool?)p.Automatic).FirstOrDefaultAsync(ct) ?? true;
            return (languages.Count > 0 ? languages : ["en"], automatic);
        }

        // Anonymous readers (and crawlers) translate on click only: the site's budget is not spent on bots.
        return ([Languages.Canonical(CultureInfo.CurrentUICulture.Name) ?? "en"], false);
    }

    public async Task<bool> AutomaticAsync(Guid userId, CancellationToken ct = default) =>
        await db.TranslationPreferences.AsNoTracking().Where(p => p.UserId == userId).Select(p => (bool?)p.Automatic).FirstOrDefaultAsync(ct) ?? true;

    public async Task SetAutomaticAsync(Guid userId, bool automatic, CancellationToken ct = default)
    {
        var preference = await db.TranslationPreferences.FirstOrDefaultAsync(p => p.UserId == userId, ct);
        if (preference is null)
        {
            db.TranslationPreferences.Add(new TranslationPreference(userId, automatic));
        }
        else
        {
            preference.Automatic = automatic;
        }

        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// A page of a post list (a community page): every post not in one of the reader's languages, translated
    /// when the reader translates automatically or asked for this page (<c>?translate=1</c>).
    /// </summary>
    public async Task<ListTranslation> ForListAsync(IReadOnlyList<PostSummary> summaries, ClaimsPrincipal user, bool requested, CancellationToken ct = default)
    {
        var (languages, automatic) = await ReaderAsync(user, ct);
        var target = languages[0];
        var foreign = summaries.Where(p => p.Language != Languages.Undetermined && Languages.Codes.Contains(p.Language) && !languages.Contains(p.Language)
            && gateway.Settings(p.Language, target).Enabled).Select(p => p.Id).ToList();
        if (foreign.Count == 0 || !(automatic || requested))
        {
            return new ListTranslation(target, foreign.Count > 0, new Dictionary<Guid, ListItemTranslation>());
        }

        var posts = await db.Posts.AsNoTracking().Where(p => foreign.Contains(p.Id)).ToListAsync(ct);
        var items = new Dictionary<Guid, ListItemTranslation>();
        var views = await translator.ForPostsAsync(posts, target, ct);
        foreach (var post in posts.OrderByDescending(p => p.Id))
        {
            if (views.GetValueOrDefault(post.Id) is { IsTranslated: true } view)
            {
                var plain = MarkdownRenderer.ToPlainText(view.Body ?? "").Trim();
                items[post.Id] = new ListItemTranslation(view.Title ?? post.Title, plain.Length > 200 ? plain[..200] + "…" : plain, view);
            }
        }

        return new ListTranslation(target, false, items);
    }

    /// <summary>
    /// The post and its thread for a page. <c>requested</c>: the reader clicked "translate" (<c>?translate=1</c>);
    /// <c>original</c>: the reader clicked "show original" (<c>?original=1</c>).
    /// </summary>
    public async Task<PageTranslation> ForPostPageAsync(ReadablePost readable, IReadOnlyCollection<Guid> commentIds, ClaimsPrincipal user, bool requested, bool original, CancellationToken ct = default)
    {
        var post = readable.Post;
        var (languages, automatic) = await ReaderAsync(user, ct);
        var target = languages[0];
        var postNeeded = post.Language != Languages.Undetermined && !languages.Contains(post.Language);
        var comments = await db.Comments.AsNoTracking().Where(c => c.PostId == post.Id && commentIds.Contains(c.Id) && c.DeletedAt == null)
            .OrderBy(c => c.Id).Select(c => new { c.Id, c.Body, c.Language }).ToListAsync(ct);
        var foreign = comments.Where(c => c.Language != Languages.Undetermined && Languages.Codes.Contains(c.Language) && !languages.Contains(c.Language)).ToList();
        var needed = postNeeded || foreign.Count > 0;
        // A community translation is shown even where the site has no provider for the pair.
        var reviewed = postNeeded && await db.TranslationProposals.AnyAsync(
            p => p.PostId == post.Id && p.TargetLanguage == target && p.Revision == post.Revision && p.State == ProposalState.Accepted, ct);
        var available = (postNeeded && (reviewed || gateway.Settings(post.Language, target).Enabled)) || foreign.Any(c => gateway.Settings(c.Language, target).Enabled);
        var propose = user.Id() is not null && languages.Contains(post.Language) ? languages.Where(l => l != post.Language).ToList() : [];
        if (!needed || !available || original || !(automatic || requested))
        {
            return new PageTranslation(post.Id, target, needed, available, automatic, original, null, null, new Dictionary<Guid, CommentTranslation>(), propose);
        }

        // The whole thread at once: the post and every comment not in one of the reader's languages.
        var postView = postNeeded ? await translator.ForPostAsync(post, target, ct) : null;
        var translated = await translator.ForCommentsAsync(post.Id, post.CommunityId, foreign.Select(c => (c.Id, c.Body, c.Language)), target, ct);
        var proposals = user.Id() is { } reader && postView is { IsTranslated: true }
            ? (await editing.ListAsync(post.Id, target, reader, ct)).Where(p => p.State == ProposalState.Open && p.Revision == post.Revision).ToList()
            : [];
        return new PageTranslation(
            post.Id,
            target, needed, available, automatic, original,
            postView ?? TranslationView.NotTranslated(TranslationView.Original, post.Language, target),
            postView is { IsTranslated: true } ? markdown.ToHtml(postView.Body ?? "") : null,
            translated.ToDictionary(t => t.Key, t => new CommentTranslation(t.Value, t.Value.IsTranslated ? markdown.ToHtml(t.Value.Text ?? "") : null)),
            propose)
        {
            Proposals = proposals,
            CanAccept = readable.Access.CanModerate,
        };
    }
}
