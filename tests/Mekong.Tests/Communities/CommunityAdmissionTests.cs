using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Mekong.Communities;
using Mekong.Platform.Data;
using Mekong.Tests.Platform;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Mekong.Tests.Communities;

/// <summary>
/// Who gets into a community: join policies (open, approval, invite-only), the join queue with its notifications,
/// invite links with expiry and use count, and the moderators a community's owner appoints.
/// </summary>
public sealed class CommunityAdmissionTests(Apps apps) : IClassFixture<Apps>
{
    private static readonly WebApplicationFactoryClientOptions NoRedirects = new() { AllowAutoRedirect = false };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task A_members_only_community_asks_for_approval_and_a_plain_post_no_longer_lets_anyone_read_it(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var owner = await app.RegisterAsync("keeper");
        var stranger = await app.RegisterAsync("stranger");
        var word = "Phchum" + Guid.NewGuid().ToString("N")[..8];
        var closed = await owner.CreateCommunityAsync(visibility: "membersOnly");
        var open = await owner.CreateCommunityAsync();
        var post = await owner.CreatePostAsync(closed.Id().ToString(), "Family news", $"The {word} gathering is at grandmother's house.");
        await owner.CommentAsync(post.Id(), $"Bring rice for {word}.");

        var asked = await stranger.Client.PostAsync($"{Path(closed)}/membership", null, Ct);
        var askedAgain = await stranger.Client.PostAsync($"{Path(closed)}/membership", null, Ct);
        var joinedOpen = await (await stranger.Client.PostAsync($"{Path(open)}/membership", null, Ct)).ExpectAsync(HttpStatusCode.OK);
        var described = await (await stranger.Client.GetAsync(Path(closed), Ct)).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("approval", closed.GetProperty("joinPolicy").GetString());
        Assert.Equal("open", open.GetProperty("joinPolicy").GetString());
        var request = await asked.ExpectAsync(HttpStatusCode.Accepted);
        Assert.Equal("pending", request.GetProperty("status").GetString());
        Assert.Equal(stranger.Id, request.GetProperty("userId").GetGuid());
        Assert.Equal($"{Path(closed)}/join-requests/{request.Id()}", asked.Headers.Location?.OriginalString);
        await askedAgain.ExpectProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("member", joinedOpen.GetProperty("myRole").GetString());
        Assert.Equal(JsonValueKind.Null, described.GetProperty("myRole").ValueKind);
        Assert.Equal(1, described.GetProperty("memberCount").GetInt32());

        // Waiting in the queue reads nothing: posts, one post, its comments, revisions, translations, members, search.
        await AssertCannotReadAsync(stranger.Client, closed, post.Id(), word);
        using var anonymous = app.CreateClient();
        await AssertCannotReadAsync(anonymous, closed, post.Id(), word);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task The_owner_and_community_moderators_hear_of_a_request_and_the_requester_of_the_answer(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var owner = await app.RegisterAsync("chair");
        var helper = await app.RegisterAsync("helper");
        var applicant = await app.RegisterAsync("Somchai");
        var rejected = await app.RegisterAsync("rejected");
        await (await applicant.Client.PutAsJsonAsync("/api/v1/me", new { interfaceLanguage = "th" }, Ct)).ExpectAsync(HttpStatusCode.OK);
        var community = await owner.CreateCommunityAsync(visibility: "membersOnly");
        var post = await owner.CreatePostAsync(community.Id().ToString(), "Inside", "Only for members.");
        await AdmitAsync(owner, helper, community);
        await (await owner.Client.PutAsync($"{Path(community)}/moderators/{helper.Id}", null, Ct)).ExpectAsync(HttpStatusCode.NoContent);

        var request = await (await applicant.Client.PostAsJsonAsync($"{Path(community)}/join-requests", new { message = "ผมเป็นหลานของยาย" }, Ct))
            .ExpectAsync(HttpStatusCode.Accepted);
        var duplicate = await applicant.Client.PostAsJsonAsync($"{Path(community)}/join-requests", new { message = "again" }, Ct);
        var otherRequest = await (await rejected.Client.PostAsync($"{Path(community)}/membership", null, Ct)).ExpectAsync(HttpStatusCode.Accepted);
        var queue = await (await helper.Client.GetAsync($"{Path(community)}/join-requests", Ct)).ExpectAsync(HttpStatusCode.OK);
        var ownerHeard = await NotificationsAsync(owner, CommunityNotices.JoinRequested);
        var helperHeard = await NotificationsAsync(helper, CommunityNotices.JoinRequested);

        await duplicate.ExpectProblemAsync(HttpStatusCode.Conflict);
        var items = queue.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(new[] { request.Id(), otherRequest.Id() }.Order(), items.Select(i => i.Id()).Order());
        var mine = items.Single(i => i.Id() == request.Id());
        Assert.Equal("ผมเป็นหลานของยาย", mine.GetProperty("message").GetString());
        Assert.Equal("Somchai", mine.GetProperty("displayName").GetString());
        Assert.Equal(2, ownerHeard.Count);
        Assert.Equal(2, helperHeard.Count);
        Assert.Contains(ownerHeard, n => n.GetProperty("text").GetString()!.StartsWith("Somchai asks to join", StringComparison.Ordinal));
        Assert.All(ownerHeard, n => Assert.Equal($"/c/{community.GetProperty("slug").GetString()}", n.GetProperty("link").GetString()));

        // A community moderator accepts one, the owner declines the other; each requester hears, in their own language.
        var accepted = await (await helper.Client.PostAsync($"{Path(community)}/join-requests/{request.Id()}/accept", null, Ct)).ExpectAsync(HttpStatusCode.OK);
        var acceptedAgain = await owner.Client.PostAsync($"{Path(community)}/join-requests/{request.Id()}/decline", null, Ct);
        var declined = await (await owner.Client.PostAsync($"{Path(community)}/join-requests/{otherRequest.Id()}/decline", null, Ct)).ExpectAsync(HttpStatusCode.OK);
        var welcome = Assert.Single(await NotificationsAsync(applicant, CommunityNotices.JoinAccepted));
        var refusal = Assert.Single(await NotificationsAsync(rejected, CommunityNotices.JoinDeclined));
        var afterQueue = await (await owner.Client.GetAsync($"{Path(community)}/join-requests", Ct)).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("accepted", accepted.GetProperty("status").GetString());
        await acceptedAgain.ExpectProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("declined", declined.GetProperty("status").GetString());
        Assert.Contains("ได้รับการอนุมัติแล้ว", welcome.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Contains(community.GetProperty("name").GetString()!, welcome.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal($"Your request to join {community.GetProperty("name").GetString()} was declined.", refusal.GetProperty("text").GetString());
        Assert.Empty(afterQueue.GetProperty("items").EnumerateArray());
        var inside = await (await applicant.Client.GetAsync(Path(community), Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("member", inside.GetProperty("myRole").GetString());
        Assert.Equal(3, inside.GetProperty("memberCount").GetInt32());
        await (await applicant.Client.GetAsync($"/api/v1/posts/{post.Id()}", Ct)).ExpectAsync(HttpStatusCode.OK);
        await (await rejected.Client.GetAsync($"/api/v1/posts/{post.Id()}", Ct)).ExpectProblemAsync(HttpStatusCode.Forbidden);
        // A declined member may ask again later.
        await (await rejected.Client.PostAsJsonAsync($"{Path(community)}/join-requests", new { }, Ct)).ExpectAsync(HttpStatusCode.Accepted);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Invites_admit_as_many_as_they_allow_until_they_expire_or_are_revoked(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var owner = await app.RegisterAsync("inviter");
        var first = await app.RegisterAsync("first");
        var second = await app.RegisterAsync("second");
        var third = await app.RegisterAsync("third");
        var community = await owner.CreateCommunityAsync(visibility: "membersOnly");
        await (await owner.Client.PutAsJsonAsync(Path(community), new { joinPolicy = "inviteOnly" }, Ct)).ExpectAsync(HttpStatusCode.OK);

        var refusedJoin = await first.Client.PostAsync($"{Path(community)}/membership", null, Ct);
        var refusedRequest = await first.Client.PostAsJsonAsync($"{Path(community)}/join-requests", new { }, Ct);
        var created = await owner.Client.PostAsJsonAsync($"{Path(community)}/invites", new { maxUses = 2, expiresInHours = 48 }, Ct);
        var invite = await created.ExpectAsync(HttpStatusCode.Created);
        var code = invite.GetProperty("code").GetString()!;
        var joined = await (await first.Client.PostAsync($"/api/v1/invites/{code}/accept", null, Ct)).ExpectAsync(HttpStatusCode.OK);
        var again = await (await first.Client.PostAsync($"/api/v1/invites/{code}/accept", null, Ct)).ExpectAsync(HttpStatusCode.OK);
        await (await second.Client.PostAsync($"/api/v1/invites/{code}/accept", null, Ct)).ExpectAsync(HttpStatusCode.OK);
        var usedUp = await third.Client.PostAsync($"/api/v1/invites/{code}/accept", null, Ct);
        var listed = await (await owner.Client.GetAsync($"{Path(community)}/invites", Ct)).ExpectAsync(HttpStatusCode.OK);

        await refusedJoin.ExpectProblemAsync(HttpStatusCode.Forbidden);
        await refusedRequest.ExpectProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal("inviteOnly", joined.GetProperty("joinPolicy").GetString());
        Assert.Matches("^[A-Za-z0-9_-]{16}$", code);
        Assert.EndsWith($"/i/{code}", invite.GetProperty("url").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("http", invite.GetProperty("url").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, invite.GetProperty("maxUses").GetInt32());
        Assert.Equal(0, invite.GetProperty("uses").GetInt32());
        Assert.InRange(invite.GetProperty("expiresAt").GetDateTimeOffset() - DateTimeOffset.UtcNow, TimeSpan.FromHours(47.9), TimeSpan.FromHours(48));
        Assert.Equal("member", joined.GetProperty("myRole").GetString());
        Assert.Equal("member", again.GetProperty("myRole").GetString()); // using it again spends nothing
        var problem = await usedUp.ExpectProblemAsync(HttpStatusCode.Gone);
        Assert.Equal("usedUp", problem.GetProperty("reason").GetString());
        var shown = Assert.Single(listed.EnumerateArray());
        Assert.Equal(2, shown.GetProperty("uses").GetInt32());
        Assert.Equal("usedUp", shown.GetProperty("state").GetString());
        Assert.Equal(3, (await (await owner.Client.GetAsync(Path(community), Ct)).ExpectAsync(HttpStatusCode.OK)).GetProperty("memberCount").GetInt32());

        // An invite past its time: the clock is the server's, so move the invite's expiry into the past in the data.
        var expiring = await (await owner.Client.PostAsJsonAsync($"{Path(community)}/invites", new { expiresInHours = 1 }, Ct)).ExpectAsync(HttpStatusCode.Created);
        var expiringCode = expiring.GetProperty("code").GetString()!;
        Assert.Equal(JsonValueKind.Null, expiring.GetProperty("maxUses").ValueKind);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MekongDb>();
            var row = await db.Set<CommunityInvite>().SingleAsync(i => i.Code == expiringCode, Ct);
            db.Entry(row).Property(i => i.ExpiresAt).CurrentValue = DateTimeOffset.UtcNow.AddMinutes(-1);
            await db.SaveChangesAsync(Ct);
        }

        var expired = await (await third.Client.PostAsync($"/api/v1/invites/{expiringCode}/accept", null, Ct)).ExpectProblemAsync(HttpStatusCode.Gone);
        Assert.Equal("expired", expired.GetProperty("reason").GetString());

        // A revoked invite admits no one and leaves the list; an unknown code is not found.
        var revocable = (await (await owner.Client.PostAsJsonAsync($"{Path(community)}/invites", new { maxUses = 5 }, Ct)).ExpectAsync(HttpStatusCode.Created)).GetProperty("code").GetString()!;
        await (await owner.Client.DeleteAsync($"{Path(community)}/invites/{revocable}", Ct)).ExpectAsync(HttpStatusCode.NoContent);
        var revoked = await (await third.Client.PostAsync($"/api/v1/invites/{revocable}/accept", null, Ct)).ExpectProblemAsync(HttpStatusCode.Gone);
        Assert.Equal("revoked", revoked.GetProperty("reason").GetString());
        await (await third.Client.PostAsync("/api/v1/invites/no-such-invite-code/accept", null, Ct)).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await owner.Client.DeleteAsync($"{Path(community)}/invites/no-such-invite-code", Ct)).ExpectProblemAsync(HttpStatusCode.NotFound);
        var codes = (await (await owner.Client.GetAsync($"{Path(community)}/invites", Ct)).ExpectAsync(HttpStatusCode.OK)).EnumerateArray()
            .Select(i => i.GetProperty("code").GetString()).ToList();
        Assert.DoesNotContain(revocable, codes);
        Assert.Contains(expiringCode, codes);
        Assert.Null((await (await third.Client.GetAsync(Path(community), Ct)).ExpectAsync(HttpStatusCode.OK)).GetProperty("myRole").GetString());
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task An_invite_into_an_approval_community_skips_the_queue(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var owner = await app.RegisterAsync("host");
        var waiting = await app.RegisterAsync("waiting");
        var community = await owner.CreateCommunityAsync(visibility: "membersOnly");
        await (await waiting.Client.PostAsync($"{Path(community)}/membership", null, Ct)).ExpectAsync(HttpStatusCode.Accepted);
        var code = (await (await owner.Client.PostAsJsonAsync($"{Path(community)}/invites", new { maxUses = 1 }, Ct)).ExpectAsync(HttpStatusCode.Created))
            .GetProperty("code").GetString()!;

        var joined = await (await waiting.Client.PostAsync($"/api/v1/invites/{code}/accept", null, Ct)).ExpectAsync(HttpStatusCode.OK);
        var queue = await (await owner.Client.GetAsync($"{Path(community)}/join-requests", Ct)).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("member", joined.GetProperty("myRole").GetString());
        Assert.Empty(queue.GetProperty("items").EnumerateArray()); // the waiting request was answered by the invite
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Community_moderators_work_the_queue_and_invites_and_plain_members_may_not(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var owner = await app.RegisterAsync("founder");
        var moderator = await app.RegisterAsync("warden");
        var plain = await app.RegisterAsync("plain");
        var applicant = await app.RegisterAsync("applicant");
        var outsider = await app.RegisterAsync("outsider");
        var community = await owner.CreateCommunityAsync(visibility: "membersOnly");
        await AdmitAsync(owner, moderator, community);
        await AdmitAsync(owner, plain, community);
        var request = await (await applicant.Client.PostAsync($"{Path(community)}/membership", null, Ct)).ExpectAsync(HttpStatusCode.Accepted);

        // Before the appointment, and for plain members throughout: 403 on the queue, the invites and appointments.
        await (await moderator.Client.GetAsync($"{Path(community)}/join-requests", Ct)).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await owner.Client.PutAsync($"{Path(community)}/moderators/{outsider.Id}", null, Ct)).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await owner.Client.PutAsync($"{Path(community)}/moderators/{owner.Id}", null, Ct)).ExpectProblemAsync(HttpStatusCode.Conflict);
        await (await plain.Client.PutAsync($"{Path(community)}/moderators/{plain.Id}", null, Ct)).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await owner.Client.PutAsync($"{Path(community)}/moderators/{moderator.Id}", null, Ct)).ExpectAsync(HttpStatusCode.NoContent);
        foreach (var attempt in new Func<HttpClient, Task<HttpResponseMessage>>[]
        {
            c => c.GetAsync($"{Path(community)}/join-requests", Ct),
            c => c.PostAsync($"{Path(community)}/join-requests/{request.Id()}/accept", null, Ct),
            c => c.PostAsync($"{Path(community)}/join-requests/{request.Id()}/decline", null, Ct),
            c => c.PostAsJsonAsync($"{Path(community)}/invites", new { maxUses = 1 }, Ct),
            c => c.GetAsync($"{Path(community)}/invites", Ct),
            c => c.PutAsync($"{Path(community)}/moderators/{plain.Id}", null, Ct),
        })
        {
            await (await attempt(plain.Client)).ExpectProblemAsync(HttpStatusCode.Forbidden);
            await (await attempt(outsider.Client)).ExpectProblemAsync(HttpStatusCode.Forbidden);
        }

        var members = await (await owner.Client.GetAsync($"{Path(community)}/members", Ct)).ExpectAsync(HttpStatusCode.OK);
        var queue = await (await moderator.Client.GetAsync($"{Path(community)}/join-requests", Ct)).ExpectAsync(HttpStatusCode.OK);
        var invite = await (await moderator.Client.PostAsJsonAsync($"{Path(community)}/invites", new { maxUses = 3 }, Ct)).ExpectAsync(HttpStatusCode.Created);
        var appointing = await moderator.Client.PutAsync($"{Path(community)}/moderators/{plain.Id}", null, Ct);
        await (await moderator.Client.PostAsync($"{Path(community)}/join-requests/{request.Id()}/accept", null, Ct)).ExpectAsync(HttpStatusCode.OK);
        var asModerator = await (await moderator.Client.GetAsync(Path(community), Ct)).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("moderator", members.GetProperty("items").EnumerateArray().Single(m => m.GetProperty("userId").GetGuid() == moderator.Id).GetProperty("role").GetString());
        Assert.Equal(request.Id(), Assert.Single(queue.GetProperty("items").EnumerateArray()).Id());
        Assert.Equal(3, invite.GetProperty("maxUses").GetInt32());
        await appointing.ExpectProblemAsync(HttpStatusCode.Forbidden); // only the owner (or a site admin) appoints
        Assert.Equal("moderator", asModerator.GetProperty("myRole").GetString());

        // Dismissed, the moderator is a plain member again.
        await (await owner.Client.DeleteAsync($"{Path(community)}/moderators/{moderator.Id}", Ct)).ExpectAsync(HttpStatusCode.NoContent);
        await (await moderator.Client.GetAsync($"{Path(community)}/invites", Ct)).ExpectProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal("member", (await (await moderator.Client.GetAsync(Path(community), Ct)).ExpectAsync(HttpStatusCode.OK)).GetProperty("myRole").GetString());
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Bad_admission_input_gets_a_clear_4xx(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var owner = await app.RegisterAsync("strict");
        var stranger = await app.RegisterAsync("stranger");
        var open = await owner.CreateCommunityAsync();
        var closed = await owner.CreateCommunityAsync(visibility: "membersOnly");
        var other = await owner.CreateCommunityAsync(visibility: "membersOnly");
        var foreignRequest = await (await stranger.Client.PostAsync($"{Path(other)}/membership", null, Ct)).ExpectAsync(HttpStatusCode.Accepted);

        var toOpen = await (await stranger.Client.PostAsJsonAsync($"{Path(open)}/join-requests", new { message = "hello" }, Ct)).ExpectProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("open", toOpen.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await (await owner.Client.PostAsJsonAsync($"{Path(closed)}/join-requests", new { }, Ct)).ExpectProblemAsync(HttpStatusCode.Conflict); // already a member
        await (await stranger.Client.PostAsJsonAsync($"{Path(closed)}/join-requests", new { message = new string('x', JoinRequest.MessageChars + 1) }, Ct))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "message");
        await (await stranger.Client.PostAsJsonAsync($"{Path(closed)}/join-requests", new { message = "a\u0000b" }, Ct)).ExpectProblemAsync(HttpStatusCode.BadRequest, "message");
        // Another community's request id is not found here, even for that community's owner.
        await (await owner.Client.PostAsync($"{Path(closed)}/join-requests/{foreignRequest.Id()}/accept", null, Ct)).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await owner.Client.PostAsync($"{Path(closed)}/join-requests/{Guid.CreateVersion7()}/decline", null, Ct)).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await owner.Client.PostAsJsonAsync($"{Path(closed)}/invites", new { maxUses = 0 }, Ct)).ExpectProblemAsync(HttpStatusCode.BadRequest, "maxUses");
        await (await owner.Client.PostAsJsonAsync($"{Path(closed)}/invites", new { maxUses = 100_001 }, Ct)).ExpectProblemAsync(HttpStatusCode.BadRequest, "maxUses");
        await (await owner.Client.PostAsJsonAsync($"{Path(closed)}/invites", new { expiresInHours = 0 }, Ct)).ExpectProblemAsync(HttpStatusCode.BadRequest, "expiresInHours");
        await (await owner.Client.PostAsJsonAsync($"{Path(closed)}/invites", new { expiresInHours = -5 }, Ct)).ExpectProblemAsync(HttpStatusCode.BadRequest, "expiresInHours");
        await (await owner.Client.PostAsJsonAsync($"{Path(closed)}/invites", new { expiresInHours = 24 * 366 }, Ct)).ExpectProblemAsync(HttpStatusCode.BadRequest, "expiresInHours");
        // Another community's invite cannot be revoked through this one.
        var otherCode = (await (await owner.Client.PostAsJsonAsync($"{Path(other)}/invites", new { }, Ct)).ExpectAsync(HttpStatusCode.Created)).GetProperty("code").GetString();
        await (await owner.Client.DeleteAsync($"{Path(closed)}/invites/{otherCode}", Ct)).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await stranger.Client.PostAsync($"/api/v1/invites/{new string('a', 200)}/accept", null, Ct)).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await owner.Client.PutAsJsonAsync(Path(closed), new { joinPolicy = "sometimes" }, Ct)).ExpectProblemAsync(HttpStatusCode.BadRequest);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Join_policy_is_chosen_at_founding_and_closing_a_public_community_asks_for_approval(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var owner = await app.RegisterAsync("designer");
        var stranger = await app.RegisterAsync("curious");
        var chosen = await (await owner.Client.PostAsJsonAsync("/api/v1/communities", new { name = "Invite club " + Guid.NewGuid().ToString("N")[..8], kind = "interestClub", joinPolicy = "inviteOnly" }, Ct))
            .ExpectAsync(HttpStatusCode.Created);
        var community = await owner.CreateCommunityAsync();

        var closedUp = await (await owner.Client.PutAsJsonAsync(Path(community), new { visibility = "membersOnly" }, Ct)).ExpectAsync(HttpStatusCode.OK);
        var reopened = await (await owner.Client.PutAsJsonAsync(Path(community), new { joinPolicy = "open" }, Ct)).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("inviteOnly", chosen.GetProperty("joinPolicy").GetString());
        Assert.Equal("public", chosen.GetProperty("visibility").GetString());
        Assert.Equal("approval", closedUp.GetProperty("joinPolicy").GetString());
        Assert.Equal("open", reopened.GetProperty("joinPolicy").GetString());
        Assert.Equal("membersOnly", reopened.GetProperty("visibility").GetString());
        await (await stranger.Client.PostAsync($"{Path(community)}/membership", null, Ct)).ExpectAsync(HttpStatusCode.OK); // the owner chose open
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task The_community_page_asks_to_join_shows_the_pending_request_and_gives_the_owner_the_queue_and_invites(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var owner = await app.RegisterAsync("pageowner");
        var visitor = await app.RegisterAsync("pagevisitor");
        var community = await owner.CreateCommunityAsync(visibility: "membersOnly");
        var slug = community.GetProperty("slug").GetString()!;
        using var visitorBrowser = await BrowserAsync(app, visitor);
        using var ownerBrowser = await BrowserAsync(app, owner);

        var before = await visitorBrowser.GetStringAsync($"/c/{slug}", Ct);
        var asked = await visitorBrowser.PostAsync($"/c/{slug}?handler=Join", Form(before, ("message", "Xin chào")), Ct);
        var after = await visitorBrowser.GetStringAsync($"/c/{slug}", Ct);
        var ownerPage = await ownerBrowser.GetStringAsync($"/c/{slug}", Ct);

        Assert.Contains("Request to join", before, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"join-requests\"", before, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, asked.StatusCode);
        Assert.Contains("data-testid=\"request-pending\"", after, StringComparison.Ordinal);
        Assert.Contains("Request pending", after, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"join-requests\"", ownerPage, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"invites\"", ownerPage, StringComparison.Ordinal);
        Assert.Contains("pagevisitor", ownerPage, StringComparison.Ordinal);
        Assert.Contains("Xin chào", ownerPage, StringComparison.Ordinal);

        // The owner makes an invite and accepts the request from the page.
        var invited = await ownerBrowser.PostAsync($"/c/{slug}?handler=Invite", Form(ownerPage, ("maxUses", "2"), ("expiresInHours", "24")), Ct);
        var request = (await (await owner.Client.GetAsync($"/api/v1/communities/{slug}/join-requests", Ct)).ExpectAsync(HttpStatusCode.OK)).GetProperty("items")[0].Id();
        var accepted = await ownerBrowser.PostAsync($"/c/{slug}?handler=Accept&requestId={request}", Form(ownerPage), Ct);
        var withInvite = await ownerBrowser.GetStringAsync($"/c/{slug}", Ct);
        var member = await visitorBrowser.GetStringAsync($"/c/{slug}", Ct);

        Assert.Equal(HttpStatusCode.Redirect, invited.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.Contains("data-testid=\"invite\"", withInvite, StringComparison.Ordinal);
        Assert.Contains("Used 0 of 2 times", withInvite, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"new-post\"", member, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"join-requests\"", member, StringComparison.Ordinal); // a plain member has no queue
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task The_invite_page_names_the_community_and_joins_on_one_click(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var owner = await app.RegisterAsync("linker");
        var guest = await app.RegisterAsync("linkguest");
        var community = await owner.CreateCommunityAsync(visibility: "membersOnly");
        var code = (await (await owner.Client.PostAsJsonAsync($"{Path(community)}/invites", new { maxUses = 1 }, Ct)).ExpectAsync(HttpStatusCode.Created))
            .GetProperty("code").GetString()!;
        using var anonymous = app.CreateClient(NoRedirects);
        using var browser = await BrowserAsync(app, guest);

        var asVisitor = await anonymous.GetStringAsync($"/i/{code}", Ct);
        var page = await browser.GetStringAsync($"/i/{code}", Ct);
        var accepted = await browser.PostAsync($"/i/{code}", Form(page), Ct);
        var usedUp = await anonymous.GetAsync($"/i/{code}", Ct);
        var missing = await anonymous.GetAsync("/i/nothing-here", Ct);

        Assert.Contains(community.GetProperty("name").GetString()!, asVisitor, StringComparison.Ordinal);
        Assert.Contains("Sign in to accept this invitation.", asVisitor, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"accept-invite\"", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.Equal($"/c/{community.GetProperty("slug").GetString()}", accepted.Headers.Location?.OriginalString);
        Assert.Equal("member", (await (await guest.Client.GetAsync(Path(community), Ct)).ExpectAsync(HttpStatusCode.OK)).GetProperty("myRole").GetString());
        Assert.Equal(HttpStatusCode.Gone, usedUp.StatusCode);
        Assert.Contains("This invite has been used as many times as it allows.", await usedUp.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    private static string Path(JsonElement community) => $"/api/v1/communities/{community.Id()}";

    /// <summary>The owner invites the member in (an approval community takes no plain join).</summary>
    private static async Task AdmitAsync(Member owner, Member member, JsonElement community)
    {
        var code = (await (await owner.Client.PostAsJsonAsync($"{Path(community)}/invites", new { maxUses = 1 }, Ct)).ExpectAsync(HttpStatusCode.Created))
            .GetProperty("code").GetString();
        await (await member.Client.PostAsync($"/api/v1/invites/{code}/accept", null, Ct)).ExpectAsync(HttpStatusCode.OK);
    }

    private static async Task<List<JsonElement>> NotificationsAsync(Member member, string kind)
    {
        var page = await (await member.Client.GetAsync("/api/v1/me/notifications", Ct)).ExpectAsync(HttpStatusCode.OK);
        return [.. page.GetProperty("items").EnumerateArray().Where(n => n.GetProperty("kind").GetString() == kind)];
    }

    private static async Task AssertCannotReadAsync(HttpClient client, JsonElement community, Guid post, string word)
    {
        var forbiddenOrUnauthorized = new[] { HttpStatusCode.Forbidden, HttpStatusCode.Unauthorized, HttpStatusCode.NotFound };
        foreach (var path in new[]
        {
            $"{Path(community)}/posts", $"{Path(community)}/members", $"/api/v1/posts/{post}", $"/api/v1/posts/{post}/comments",
            $"/api/v1/posts/{post}/revisions", $"/api/v1/posts/{post}/translations/vi",
        })
        {
            var response = await client.GetAsync(path, Ct);
            Assert.True(forbiddenOrUnauthorized.Contains(response.StatusCode), $"{path}: {(int)response.StatusCode}");
        }

        var search = await (await client.GetAsync($"/api/v1/search?q={word}", Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Empty(search.GetProperty("hits").EnumerateArray());
    }

    /// <summary>A cookie-signed-in browser for the pages.</summary>
    private static async Task<HttpClient> BrowserAsync(MekongApp app, Member member)
    {
        var browser = app.CreateClient(NoRedirects);
        var page = await browser.GetStringAsync("/signin", Ct);
        var signedIn = await browser.PostAsync("/signin", Form(page, ("Email", member.Email), ("Password", "correct horse battery")), Ct);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        return browser;
    }

    private static FormUrlEncodedContent Form(string page, params (string Name, string Value)[] fields) =>
        new(fields.Select(f => KeyValuePair.Create(f.Name, f.Value))
            .Append(KeyValuePair.Create("__RequestVerificationToken", InterfaceLanguageTests.AntiforgeryToken().Match(page).Groups[1].Value)));
}
