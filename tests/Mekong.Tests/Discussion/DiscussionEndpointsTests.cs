using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Mekong.Platform.Data;
using Mekong.Tests.Platform;

namespace Mekong.Tests.Discussion;

/// <summary>Comments, reactions, shares, bookmarks and follows.</summary>
public sealed class DiscussionEndpointsTests(Apps apps) : IClassFixture<Apps>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Comments_thread_by_parent_and_read_oldest_first(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var (author, post) = await PostAsync(app);
        var replier = await app.RegisterAsync("replier", country: "KH");

        var first = await author.CommentAsync(post, "ຂອບໃຈຫຼາຍໆ — first!");
        var reply = await replier.CommentAsync(post, "A **reply**", first.Id());
        var nested = await author.CommentAsync(post, "A reply to the reply", reply.Id());
        var second = await replier.CommentAsync(post, "Another top-level comment");
        using var anonymous = app.CreateClient();
        var thread = await (await anonymous.GetAsync($"/api/v1/posts/{post}/comments", Ct)).ExpectAsync(HttpStatusCode.OK);
        var comments = thread.GetProperty("items").EnumerateArray().ToList();
        var view = await (await anonymous.GetAsync($"/api/v1/posts/{post}", Ct)).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(JsonValueKind.Null, first.GetProperty("parentId").ValueKind);
        Assert.Equal(0, first.GetProperty("depth").GetInt32());
        Assert.Equal(first.Id(), reply.GetProperty("parentId").GetGuid());
        Assert.Equal(1, reply.GetProperty("depth").GetInt32());
        Assert.Equal(reply.Id(), nested.GetProperty("parentId").GetGuid());
        Assert.Equal(2, nested.GetProperty("depth").GetInt32());
        Assert.Equal("ຂອບໃຈຫຼາຍໆ — first!", first.GetProperty("body").GetString());
        Assert.Contains("<strong>reply</strong>", reply.GetProperty("bodyHtml").GetString(), StringComparison.Ordinal);
        Assert.Equal(replier.Id, reply.GetProperty("author").GetProperty("id").GetGuid());
        Assert.Equal("KH", reply.GetProperty("author").GetProperty("homeCountry").GetString());
        Assert.Equal(
            new[] { first, reply, nested, second }.Select(c => c.Id()).Order(),
            comments.Select(c => c.Id()).Order());
        var ids = comments.Select(c => c.Id()).ToList();
        Assert.True(ids.SequenceEqual(ids.Order()), "comments should run oldest first");
        var times = comments.Select(c => c.GetProperty("createdAt").GetDateTimeOffset().ToUnixTimeMilliseconds()).ToList(); // ids order to the millisecond
        Assert.True(times.SequenceEqual(times.Order()), "creation times should run oldest first");
        Assert.Equal(4, view.GetProperty("commentCount").GetInt32());
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Comments_page_with_cursors_and_deep_threads_flatten_at_the_last_level(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var (author, post) = await PostAsync(app);
        var parent = (Guid?)null;
        var chain = new List<JsonElement>();
        for (var i = 0; i < 11; i++)
        {
            var comment = await author.CommentAsync(post, $"level {i}", parent);
            chain.Add(comment);
            parent = comment.Id();
        }

        var walked = new List<Guid>();
        string? cursor = null;
        do
        {
            var page = await (await author.Client.GetAsync($"/api/v1/posts/{post}/comments?limit=4{(cursor is null ? "" : "&cursor=" + cursor)}", Ct)).ExpectAsync(HttpStatusCode.OK);
            walked.AddRange(page.GetProperty("items").EnumerateArray().Select(c => c.Id()));
            cursor = page.GetProperty("nextCursor").GetString();
            Assert.True(walked.Count < 100, "the cursor never ends");
        }
        while (cursor is not null);

        Assert.Equal([0, 1, 2, 3, 4, 5, 6, 7, 8, 8, 8], chain.Select(c => c.GetProperty("depth").GetInt32()));
        Assert.Equal(chain.Select(c => c.Id()).Order(), walked.Order());
        Assert.Equal(walked.Count, walked.Distinct().Count());
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Deleting_a_comment_keeps_its_place_in_the_thread_but_removes_its_text(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var (author, post) = await PostAsync(app);
        var commenter = await app.RegisterAsync("commenter");
        var parent = await commenter.CommentAsync(post, "something regrettable");
        var reply = await author.CommentAsync(post, "a reply that stays", parent.Id());
        var moderated = await commenter.CommentAsync(post, "off-topic");
        var bystander = await app.RegisterAsync("bystander");

        var refused = await bystander.Client.DeleteAsync($"/api/v1/comments/{parent.Id()}", Ct);
        await (await commenter.Client.DeleteAsync($"/api/v1/comments/{parent.Id()}", Ct)).ExpectAsync(HttpStatusCode.NoContent);
        await (await commenter.Client.DeleteAsync($"/api/v1/comments/{parent.Id()}", Ct)).ExpectAsync(HttpStatusCode.NoContent);
        var byOwner = await author.Client.DeleteAsync($"/api/v1/comments/{moderated.Id()}", Ct); // the community's owner moderates it
        var thread = (await (await author.Client.GetAsync($"/api/v1/posts/{post}/comments", Ct)).ExpectAsync(HttpStatusCode.OK))
            .GetProperty("items").EnumerateArray().ToDictionary(c => c.Id());
        var view = await (await author.Client.GetAsync($"/api/v1/posts/{post}", Ct)).ExpectAsync(HttpStatusCode.OK);

        await refused.ExpectProblemAsync(HttpStatusCode.Forbidden);
        await byOwner.ExpectAsync(HttpStatusCode.NoContent);
        Assert.Equal(3, thread.Count);
        Assert.True(thread[moderated.Id()].GetProperty("deleted").GetBoolean());
        Assert.False(thread[reply.Id()].GetProperty("deleted").GetBoolean());
        Assert.Equal("a reply that stays", thread[reply.Id()].GetProperty("body").GetString());
        var deleted = thread[parent.Id()];
        Assert.True(deleted.GetProperty("deleted").GetBoolean());
        Assert.Equal("", deleted.GetProperty("body").GetString());
        Assert.Equal("", deleted.GetProperty("bodyHtml").GetString());
        Assert.Equal(commenter.Id, deleted.GetProperty("author").GetProperty("id").GetGuid());
        Assert.Equal(parent.Id(), thread[reply.Id()].GetProperty("parentId").GetGuid());
        Assert.Equal(1, view.GetProperty("commentCount").GetInt32());
        await (await author.Client.DeleteAsync($"/api/v1/comments/{Guid.CreateVersion7()}", Ct)).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Reactions_are_idempotent_both_ways_and_counted_per_kind(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var (author, post) = await PostAsync(app);
        var fan = await app.RegisterAsync("fan");
        var reactions = $"/api/v1/posts/{post}/reactions";

        var liked = await (await fan.Client.PutAsync($"{reactions}/like", null, Ct)).ExpectAsync(HttpStatusCode.OK);
        var likedAgain = await (await fan.Client.PutAsync($"{reactions}/like", null, Ct)).ExpectAsync(HttpStatusCode.OK);
        await (await fan.Client.PutAsync($"{reactions}/celebrate", null, Ct)).ExpectAsync(HttpStatusCode.OK);
        var byAuthor = await (await author.Client.PutAsync($"{reactions}/like", null, Ct)).ExpectAsync(HttpStatusCode.OK);
        var unliked = await (await fan.Client.DeleteAsync($"{reactions}/like", Ct)).ExpectAsync(HttpStatusCode.OK);
        var unlikedAgain = await (await fan.Client.DeleteAsync($"{reactions}/like", Ct)).ExpectAsync(HttpStatusCode.OK);
        var neverGiven = await (await fan.Client.DeleteAsync($"{reactions}/wow", Ct)).ExpectAsync(HttpStatusCode.OK);
        var view = await (await fan.Client.GetAsync($"/api/v1/posts/{post}", Ct)).ExpectAsync(HttpStatusCode.OK);
        var summary = await (await fan.Client.GetAsync($"/api/v1/posts?author={author.Id}", Ct)).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(Counts(("like", 1)), Counts(liked));
        Assert.Equal(["like"], Strings(liked.GetProperty("mine")));
        Assert.Equal(Counts(("like", 1)), Counts(likedAgain));
        Assert.Equal(Counts(("celebrate", 1), ("like", 2)), Counts(byAuthor));
        Assert.Equal(["like"], Strings(byAuthor.GetProperty("mine")));
        Assert.Equal(Counts(("celebrate", 1), ("like", 1)), Counts(unliked));
        Assert.Equal(["celebrate"], Strings(unliked.GetProperty("mine")));
        Assert.Equal(Counts(("celebrate", 1), ("like", 1)), Counts(unlikedAgain));
        Assert.Equal(Counts(("celebrate", 1), ("like", 1)), Counts(neverGiven));
        Assert.Equal(1, view.GetProperty("reactions").GetProperty("like").GetInt32());
        Assert.Equal(["celebrate"], Strings(view.GetProperty("myReactions")));
        Assert.Equal(2, Assert.Single(summary.GetProperty("items").EnumerateArray()).GetProperty("reactionCount").GetInt32());
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task An_unknown_reaction_kind_is_a_400_naming_kind(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var (author, post) = await PostAsync(app);

        foreach (var kind in new[] { "bogus", "Like", "0", "angry" })
        {
            await (await author.Client.PutAsync($"/api/v1/posts/{post}/reactions/{kind}", null, Ct)).ExpectProblemAsync(HttpStatusCode.BadRequest, "kind");
            await (await author.Client.DeleteAsync($"/api/v1/posts/{post}/reactions/{kind}", Ct)).ExpectProblemAsync(HttpStatusCode.BadRequest, "kind");
        }

        var view = await (await author.Client.GetAsync($"/api/v1/posts/{post}", Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Empty(view.GetProperty("reactions").EnumerateObject());
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Shares_count_up_for_visitors_and_members(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var (author, post) = await PostAsync(app);
        using var anonymous = app.CreateClient();

        var first = await (await anonymous.PostAsync($"/api/v1/posts/{post}/shares", null, Ct)).ExpectAsync(HttpStatusCode.OK);
        var second = await (await author.Client.PostAsync($"/api/v1/posts/{post}/shares", null, Ct)).ExpectAsync(HttpStatusCode.OK);
        var view = await (await anonymous.GetAsync($"/api/v1/posts/{post}", Ct)).ExpectAsync(HttpStatusCode.OK);
        var unknown = await anonymous.PostAsync($"/api/v1/posts/{Guid.CreateVersion7()}/shares", null, Ct);

        Assert.Equal(1, first.GetProperty("shareCount").GetInt32());
        Assert.Equal(2, second.GetProperty("shareCount").GetInt32());
        Assert.Equal(2, view.GetProperty("shareCount").GetInt32());
        await unknown.ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Bookmarks_are_added_once_listed_and_removed(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var (author, post) = await PostAsync(app);
        var community = (await (await author.Client.GetAsync($"/api/v1/posts/{post}", Ct)).ExpectAsync(HttpStatusCode.OK)).GetProperty("communityId").GetGuid();
        var later = (await author.CreatePostAsync(community.ToString(), "Later")).Id();
        var reader = await app.RegisterAsync("bookworm");

        await (await reader.Client.PutAsync($"/api/v1/posts/{post}/bookmark", null, Ct)).ExpectAsync(HttpStatusCode.NoContent);
        await (await reader.Client.PutAsync($"/api/v1/posts/{post}/bookmark", null, Ct)).ExpectAsync(HttpStatusCode.NoContent);
        await (await reader.Client.PutAsync($"/api/v1/posts/{later}/bookmark", null, Ct)).ExpectAsync(HttpStatusCode.NoContent);
        var listed = await BookmarksAsync(reader);
        var marked = await (await reader.Client.GetAsync($"/api/v1/posts/{post}", Ct)).ExpectAsync(HttpStatusCode.OK);
        var othersList = await BookmarksAsync(author);
        await (await reader.Client.DeleteAsync($"/api/v1/posts/{post}/bookmark", Ct)).ExpectAsync(HttpStatusCode.NoContent);
        await (await reader.Client.DeleteAsync($"/api/v1/posts/{post}/bookmark", Ct)).ExpectAsync(HttpStatusCode.NoContent);
        var afterRemoval = await BookmarksAsync(reader);
        var unmarked = await (await reader.Client.GetAsync($"/api/v1/posts/{post}", Ct)).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(new[] { post, later }.Order(), listed.Order());
        Assert.True(marked.GetProperty("bookmarked").GetBoolean());
        Assert.Empty(othersList);
        Assert.Equal([later], afterRemoval);
        Assert.False(unmarked.GetProperty("bookmarked").GetBoolean());
        await (await reader.Client.PutAsync($"/api/v1/posts/{Guid.CreateVersion7()}/bookmark", null, Ct)).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Follows_are_counted_on_both_profiles_and_nobody_follows_themselves(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var writer = await app.RegisterAsync("writer");
        var fan = await app.RegisterAsync("follower");
        var follow = $"/api/v1/users/{writer.Id}/follow";

        await (await fan.Client.PutAsync(follow, null, Ct)).ExpectAsync(HttpStatusCode.NoContent);
        await (await fan.Client.PutAsync(follow, null, Ct)).ExpectAsync(HttpStatusCode.NoContent);
        var followed = await ProfileAsync(app, writer.Id);
        var following = await ProfileAsync(app, fan.Id);
        var self = await writer.Client.PutAsync($"/api/v1/users/{writer.Id}/follow", null, Ct);
        var unknown = await fan.Client.PutAsync($"/api/v1/users/{Guid.CreateVersion7()}/follow", null, Ct);
        await (await fan.Client.DeleteAsync(follow, Ct)).ExpectAsync(HttpStatusCode.NoContent);
        await (await fan.Client.DeleteAsync(follow, Ct)).ExpectAsync(HttpStatusCode.NoContent);
        var unfollowed = await ProfileAsync(app, writer.Id);
        var me = await (await writer.Client.GetAsync("/api/v1/me", Ct)).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(1, followed.GetProperty("followers").GetInt32());
        Assert.Equal(0, followed.GetProperty("following").GetInt32());
        Assert.Equal(1, following.GetProperty("following").GetInt32());
        Assert.Equal(0, following.GetProperty("followers").GetInt32());
        await self.ExpectProblemAsync(HttpStatusCode.Conflict);
        await unknown.ExpectProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(0, unfollowed.GetProperty("followers").GetInt32());
        Assert.Equal(0, me.GetProperty("profile").GetProperty("followers").GetInt32());
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Members_only_discussion_is_closed_to_outsiders(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var owner = await app.RegisterAsync("inner");
        var outsider = await app.RegisterAsync("outer");
        var community = await owner.CreateCommunityAsync(visibility: "membersOnly");
        var post = (await owner.CreatePostAsync(community.Id().ToString(), "Inside")).Id();
        await owner.CommentAsync(post, "inside talk");

        await (await outsider.Client.GetAsync($"/api/v1/posts/{post}/comments", Ct)).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await outsider.Client.PostAsJsonAsync($"/api/v1/posts/{post}/comments", new { body = "let me in" }, Ct)).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await outsider.Client.PutAsync($"/api/v1/posts/{post}/reactions/like", null, Ct)).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await outsider.Client.PutAsync($"/api/v1/posts/{post}/bookmark", null, Ct)).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await outsider.Client.PostAsync($"/api/v1/posts/{post}/shares", null, Ct)).ExpectProblemAsync(HttpStatusCode.Forbidden);
        var view = await (await owner.Client.GetAsync($"/api/v1/posts/{post}", Ct)).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(1, view.GetProperty("commentCount").GetInt32());
        Assert.Equal(0, view.GetProperty("shareCount").GetInt32());
        Assert.Empty(view.GetProperty("reactions").EnumerateObject());
    }

    private static async Task<(Member Author, Guid Post)> PostAsync(MekongApp app)
    {
        var author = await app.RegisterAsync("poster");
        var community = await author.CreateCommunityAsync();
        var post = await author.CreatePostAsync(community.Id().ToString(), "Talk about it");
        return (author, post.Id());
    }

    private static async Task<JsonElement> ProfileAsync(MekongApp app, Guid id)
    {
        using var anonymous = app.CreateClient();
        return await (await anonymous.GetAsync($"/api/v1/users/{id}", Ct)).ExpectAsync(HttpStatusCode.OK);
    }

    private static async Task<List<Guid>> BookmarksAsync(Member member)
    {
        var page = await (await member.Client.GetAsync("/api/v1/me/bookmarks", Ct)).ExpectAsync(HttpStatusCode.OK);
        return [.. page.GetProperty("items").EnumerateArray().Select(p => p.Id())];
    }

    private static string Counts(params (string Kind, int Count)[] counts) =>
        string.Join(", ", counts.OrderBy(c => c.Kind, StringComparer.Ordinal).Select(c => $"{c.Kind}={c.Count}"));

    private static string Counts(JsonElement reactions) =>
        Counts([.. reactions.GetProperty("counts").EnumerateObject().Select(p => (p.Name, p.Value.GetInt32()))]);

    private static string[] Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString() ?? "")];
}
