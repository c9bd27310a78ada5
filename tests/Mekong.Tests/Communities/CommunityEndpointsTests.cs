using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Mekong.Platform.Data;
using Mekong.Tests.Platform;

namespace Mekong.Tests.Communities;

/// <summary>Founding, listing, describing, joining and leaving communities under /api/v1/communities.</summary>
public sealed class CommunityEndpointsTests(Apps apps) : IClassFixture<Apps>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Create_makes_the_founder_its_owner_and_a_slug_from_the_name(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var owner = await app.RegisterAsync("founder");
        var marker = Guid.NewGuid().ToString("N")[..8];

        var response = await owner.Client.PostAsJsonAsync("/api/v1/communities", new
        {
            name = $"  Kopi & Teh Lovers — Penang! {marker} ",
            description = "Sinh viên Việt Nam ở Thái Lan",
            kind = "universityExchange",
            visibility = "public",
            language = "VI",
        }, Ct);
        var created = await response.ExpectAsync(HttpStatusCode.Created);
        var thai = await owner.CreateCommunityAsync("ชมรมคนรักข้าวซอย");

        Assert.Equal($"/api/v1/communities/{created.Id()}", response.Headers.Location?.OriginalString);
        Assert.Equal($"kopi-teh-lovers-penang-{marker}", created.GetProperty("slug").GetString());
        Assert.Equal($"Kopi & Teh Lovers — Penang! {marker}", created.GetProperty("name").GetString());
        Assert.Equal("Sinh viên Việt Nam ở Thái Lan", created.GetProperty("description").GetString());
        Assert.Equal("universityExchange", created.GetProperty("kind").GetString());
        Assert.Equal("public", created.GetProperty("visibility").GetString());
        Assert.Equal("vi", created.GetProperty("language").GetString());
        Assert.Equal(owner.Id, created.GetProperty("ownerId").GetGuid());
        Assert.Equal(1, created.GetProperty("memberCount").GetInt32());
        Assert.Equal(0, created.GetProperty("postCount").GetInt32());
        Assert.Equal("owner", created.GetProperty("myRole").GetString());
        // A name in a script without ASCII letters still gets a valid, unique address.
        Assert.Matches("^c-[0-9a-f]{10}$", thai.GetProperty("slug").GetString());
        Assert.Equal("ชมรมคนรักข้าวซอย", thai.GetProperty("name").GetString());
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task A_taken_slug_is_refused_whether_given_or_derived(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var owner = await app.RegisterAsync("slugs");
        var slug = "kopi-" + Guid.NewGuid().ToString("N")[..8];
        await (await owner.Client.PostAsJsonAsync("/api/v1/communities", new { name = "Kopi lovers", slug, kind = "interestClub" }, Ct))
            .ExpectAsync(HttpStatusCode.Created);

        var given = await owner.Client.PostAsJsonAsync("/api/v1/communities", new { name = "Other kopi", slug = slug.ToUpperInvariant(), kind = "interestClub" }, Ct);
        var derived = await owner.Client.PostAsJsonAsync("/api/v1/communities", new { name = slug.Replace('-', ' '), kind = "interestClub" }, Ct);

        var problem = await given.ExpectProblemAsync(HttpStatusCode.BadRequest, "slug");
        Assert.Contains("taken", problem.GetProperty("errors").GetProperty("slug")[0].GetString(), StringComparison.Ordinal);
        await derived.ExpectProblemAsync(HttpStatusCode.BadRequest, "slug");
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task List_pages_newest_first_with_cursors_and_never_repeats(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var owner = await app.RegisterAsync("pager");
        var created = new List<Guid>();
        for (var i = 0; i < 25; i++)
        {
            created.Add((await owner.CreateCommunityAsync($"Pager {i:D2} {Guid.NewGuid():N}")).Id());
        }

        using var anonymous = app.CreateClient();
        var first = await (await anonymous.GetAsync("/api/v1/communities", Ct)).ExpectAsync(HttpStatusCode.OK);
        var walked = new List<JsonElement>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await (await anonymous.GetAsync($"/api/v1/communities?limit=7{(cursor is null ? "" : "&cursor=" + cursor)}", Ct)).ExpectAsync(HttpStatusCode.OK);
            var items = page.GetProperty("items").EnumerateArray().ToList();
            Assert.InRange(items.Count, 1, 7);
            walked.AddRange(items);
            cursor = page.GetProperty("nextCursor").GetString();
            Assert.True(++pages < 100, "the cursor never ends");
        }
        while (cursor is not null);

        Assert.Equal(20, first.GetProperty("items").GetArrayLength()); // default page size
        Assert.NotEqual(JsonValueKind.Null, first.GetProperty("nextCursor").ValueKind);
        var ids = walked.Select(c => c.Id()).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Subset(ids.ToHashSet(), created.ToHashSet());
        Assert.True(ids.SequenceEqual(ids.OrderDescending()), "ids should run newest first");
        var times = walked.Select(c => c.GetProperty("createdAt").GetDateTimeOffset().ToUnixTimeMilliseconds()).ToList(); // ids order to the millisecond
        Assert.True(times.SequenceEqual(times.OrderDescending()), "creation times should run newest first");
        Assert.True(ids.IndexOf(created[^1]) < ids.IndexOf(created[0]), "the last founded should come before the first");
        await (await anonymous.GetAsync("/api/v1/communities?cursor=not-a-cursor", Ct)).ExpectProblemAsync(HttpStatusCode.BadRequest, "cursor");
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task List_filters_by_kind_and_by_words_in_the_name(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var owner = await app.RegisterAsync("filters");
        var marker = Guid.NewGuid().ToString("N")[..10];
        var diaspora = await owner.CreateCommunityAsync($"华人 {marker} 新加坡", kind: "diasporaNetwork");
        var club = await owner.CreateCommunityAsync($"Club {marker}", kind: "interestClub");
        using var anonymous = app.CreateClient();

        var byWord = await (await anonymous.GetAsync($"/api/v1/communities?q={marker}&limit=100", Ct)).ExpectAsync(HttpStatusCode.OK);
        var byKind = await (await anonymous.GetAsync($"/api/v1/communities?q={marker}&kind=diasporaNetwork", Ct)).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(new[] { club.Id(), diaspora.Id() }.Order(), byWord.GetProperty("items").EnumerateArray().Select(c => c.Id()).Order());
        Assert.Equal([diaspora.Id()], byKind.GetProperty("items").EnumerateArray().Select(c => c.Id()));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Get_finds_a_community_by_id_and_by_slug_in_any_case(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var owner = await app.RegisterAsync("getter");
        var community = await owner.CreateCommunityAsync();
        var slug = community.GetProperty("slug").GetString()!;
        using var anonymous = app.CreateClient();

        var byId = await (await anonymous.GetAsync($"/api/v1/communities/{community.Id()}", Ct)).ExpectAsync(HttpStatusCode.OK);
        var bySlug = await (await anonymous.GetAsync($"/api/v1/communities/{slug.ToUpperInvariant()}", Ct)).ExpectAsync(HttpStatusCode.OK);
        var asOwner = await (await owner.Client.GetAsync($"/api/v1/communities/{slug}", Ct)).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(community.Id(), byId.Id());
        Assert.Equal(community.Id(), bySlug.Id());
        Assert.Equal(JsonValueKind.Null, byId.GetProperty("myRole").ValueKind);
        Assert.Equal("owner", asOwner.GetProperty("myRole").GetString());
        await (await anonymous.GetAsync("/api/v1/communities/no-such-community", Ct)).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await anonymous.GetAsync($"/api/v1/communities/{Guid.CreateVersion7()}", Ct)).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Owner_updates_the_description_but_never_the_slug_and_others_may_not(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var owner = await app.RegisterAsync("describer");
        var other = await app.RegisterAsync("outsider");
        var community = await owner.CreateCommunityAsync();
        var path = $"/api/v1/communities/{community.Id()}";

        var updated = await (await owner.Client.PutAsJsonAsync(path, new
        {
            description = "Người Việt ở Kuala Lumpur",
            kind = "diasporaNetwork",
            visibility = "membersOnly",
            language = "vi",
        }, Ct)).ExpectAsync(HttpStatusCode.OK);
        var renamed = await owner.Client.PutAsJsonAsync(path, new { slug = "another-address" }, Ct);
        var foreign = await other.Client.PutAsJsonAsync(path, new { description = "hijacked" }, Ct);
        var after = await (await owner.Client.GetAsync(path, Ct)).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(community.GetProperty("name").GetString(), updated.GetProperty("name").GetString()); // not given, so kept
        Assert.Equal("Người Việt ở Kuala Lumpur", updated.GetProperty("description").GetString());
        Assert.Equal("diasporaNetwork", updated.GetProperty("kind").GetString());
        Assert.Equal("membersOnly", updated.GetProperty("visibility").GetString());
        await renamed.ExpectProblemAsync(HttpStatusCode.BadRequest, "slug");
        await foreign.ExpectProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal("Người Việt ở Kuala Lumpur", after.GetProperty("description").GetString());
        Assert.Equal(community.GetProperty("slug").GetString(), after.GetProperty("slug").GetString());
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Join_and_leave_count_members_once_and_the_owner_cannot_leave(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var owner = await app.RegisterAsync("host");
        var guest = await app.RegisterAsync("guest");
        var community = await owner.CreateCommunityAsync();
        var membership = $"/api/v1/communities/{community.Id()}/membership";

        var joined = await (await guest.Client.PostAsync(membership, null, Ct)).ExpectAsync(HttpStatusCode.OK);
        var joinedAgain = await (await guest.Client.PostAsync(membership, null, Ct)).ExpectAsync(HttpStatusCode.OK);
        var ownerLeaves = await owner.Client.DeleteAsync(membership, Ct);
        await (await guest.Client.DeleteAsync(membership, Ct)).ExpectAsync(HttpStatusCode.NoContent);
        await (await guest.Client.DeleteAsync(membership, Ct)).ExpectAsync(HttpStatusCode.NoContent);
        var after = await (await guest.Client.GetAsync($"/api/v1/communities/{community.Id()}", Ct)).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("member", joined.GetProperty("myRole").GetString());
        Assert.Equal(2, joined.GetProperty("memberCount").GetInt32());
        Assert.Equal(2, joinedAgain.GetProperty("memberCount").GetInt32());
        await ownerLeaves.ExpectProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(1, after.GetProperty("memberCount").GetInt32());
        Assert.Equal(JsonValueKind.Null, after.GetProperty("myRole").ValueKind);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Members_list_shows_who_belongs_with_their_role(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var owner = await app.RegisterAsync("chair", country: "SG");
        var community = await owner.CreateCommunityAsync();
        var joiners = new List<Member>();
        for (var i = 0; i < 3; i++)
        {
            var member = await app.RegisterAsync($"joiner{i}", country: "PH");
            await (await member.Client.PostAsync($"/api/v1/communities/{community.Id()}/membership", null, Ct)).ExpectAsync(HttpStatusCode.OK);
            joiners.Add(member);
        }

        using var anonymous = app.CreateClient();
        var firstPage = await (await anonymous.GetAsync($"/api/v1/communities/{community.Id()}/members?limit=2", Ct)).ExpectAsync(HttpStatusCode.OK);
        var cursor = firstPage.GetProperty("nextCursor").GetString();
        var secondPage = await (await anonymous.GetAsync($"/api/v1/communities/{community.Id()}/members?limit=2&cursor={cursor}", Ct)).ExpectAsync(HttpStatusCode.OK);
        var members = firstPage.GetProperty("items").EnumerateArray().Concat(secondPage.GetProperty("items").EnumerateArray()).ToList();

        Assert.Equal(JsonValueKind.Null, secondPage.GetProperty("nextCursor").ValueKind);
        Assert.Equal(4, members.Count);
        Assert.Equal(
            joiners.Select(j => j.Id).Append(owner.Id).Order(),
            members.Select(m => m.GetProperty("userId").GetGuid()).Order());
        var founder = members.Single(m => m.GetProperty("userId").GetGuid() == owner.Id);
        Assert.Equal("owner", founder.GetProperty("role").GetString());
        Assert.Equal("SG", founder.GetProperty("homeCountry").GetString());
        Assert.All(members.Where(m => m.GetProperty("userId").GetGuid() != owner.Id), m => Assert.Equal("member", m.GetProperty("role").GetString()));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Members_only_community_shows_its_posts_and_members_to_members_alone(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var owner = await app.RegisterAsync("private");
        var reader = await app.RegisterAsync("reader");
        var community = await owner.CreateCommunityAsync(visibility: "membersOnly");
        await owner.CreatePostAsync(community.Id().ToString(), "Chỉ dành cho thành viên");
        var posts = $"/api/v1/communities/{community.Id()}/posts";
        var members = $"/api/v1/communities/{community.Id()}/members";
        using var anonymous = app.CreateClient();

        await (await anonymous.GetAsync(posts, Ct)).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await reader.Client.GetAsync(posts, Ct)).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await reader.Client.GetAsync(members, Ct)).ExpectProblemAsync(HttpStatusCode.Forbidden);
        var described = await (await anonymous.GetAsync($"/api/v1/communities/{community.Id()}", Ct)).ExpectAsync(HttpStatusCode.OK);
        var request = await (await reader.Client.PostAsync($"/api/v1/communities/{community.Id()}/membership", null, Ct)).ExpectAsync(HttpStatusCode.Accepted);
        await (await reader.Client.GetAsync(posts, Ct)).ExpectProblemAsync(HttpStatusCode.Forbidden); // asking is not joining
        await (await owner.Client.PostAsync($"/api/v1/communities/{community.Id()}/join-requests/{request.Id()}/accept", null, Ct)).ExpectAsync(HttpStatusCode.OK);
        var page = await (await reader.Client.GetAsync(posts, Ct)).ExpectAsync(HttpStatusCode.OK);
        await (await reader.Client.GetAsync(members, Ct)).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(community.GetProperty("name").GetString(), described.GetProperty("name").GetString()); // name and description stay visible
        Assert.Equal("Chỉ dành cho thành viên", Assert.Single(page.GetProperty("items").EnumerateArray()).GetProperty("title").GetString());
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Founding_and_joining_need_a_signed_in_member(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var owner = await app.RegisterAsync("gate");
        var community = await owner.CreateCommunityAsync();
        using var anonymous = app.CreateClient();

        await (await anonymous.PostAsJsonAsync("/api/v1/communities", new { name = "Nobody's", kind = "interestClub" }, Ct)).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        await (await anonymous.PostAsync($"/api/v1/communities/{community.Id()}/membership", null, Ct)).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        await (await anonymous.PutAsJsonAsync($"/api/v1/communities/{community.Id()}", new { description = "x" }, Ct)).ExpectProblemAsync(HttpStatusCode.Unauthorized);
    }
}
