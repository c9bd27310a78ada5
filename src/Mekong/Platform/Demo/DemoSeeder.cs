using System.Text.Json;
using System.Text.Json.Serialization;
using Mekong.Accounts;
using Mekong.Communities;
using Mekong.Discussion;
using Mekong.Platform.Content;
using Mekong.Platform.Data;
using Mekong.Posts;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Platform.Demo;

/// <summary>
/// Fills an empty site with the demo: communities, members from all eleven countries and posts written for
/// the demo in every platform language (Data/*.json, embedded). Deterministic: the same seed gives the same site.
/// Every demo account signs in with its handle@demo.mekong.test and the password in <c>Demo:Password</c>.
/// </summary>
public sealed class DemoSeeder(MekongDb db, UserManager<User> users, PostComposer composer, LanguageDetection.LanguageDetector detector, MarkdownRenderer markdown, TimeProvider clock, IConfiguration config, ILogger<DemoSeeder> log)
{
    public const string DefaultPassword = "mekong-demo";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private sealed record DemoCommunity(string Slug, string Name, CommunityKind Kind, CommunityVisibility Visibility, string Language, string Description);

    private sealed record DemoUser(string Handle, string DisplayName, string Country, string[] Languages, string InterfaceLanguage, string Bio);

    private sealed record DemoPost(string Community, string Title, string Body, string[] Tags, string[] Comments);

    public async Task<bool> SeedAsync(CancellationToken ct = default)
    {
        if (await db.Communities.AnyAsync(ct) || await db.Posts.AnyAsync(ct))
        {
            log.LogInformation("Demo data skipped: the site already has content");
            return false;
        }

        var random = new Random(2026);
        var now = clock.GetUtcNow();
        var start = now.AddDays(-60);
        var demoCommunities = Read<DemoCommunity>("communities.json");
        var demoUsers = Read<DemoUser>("users.json");

        var hash = new PasswordHasher<User>().HashPassword(new User(), config["Demo:Password"] ?? DefaultPassword);
        var people = new List<User>();
        foreach (var u in demoUsers)
        {
            var user = new User
            {
                UserName = $"{u.Handle}@demo.mekong.test",
                Email = $"{u.Handle}@demo.mekong.test",
                EmailConfirmed = true,
                DisplayName = u.DisplayName,
                HomeCountry = Languages.CanonicalCountry(u.Country) ?? "other",
                ReadingLanguages = string.Join(',', u.Languages.Select(Languages.Canonical).OfType<string>()),
                InterfaceLanguage = Languages.Canonical(u.InterfaceLanguage) ?? "en",
                Bio = u.Bio.Length > Limits.BioChars ? u.Bio[..Limits.BioChars] : u.Bio,
                CreatedAt = start.AddHours(random.Next(0, 24 * 5)),
                PasswordHash = hash,
            };
            var created = await users.CreateAsync(user);
            if (!created.Succeeded)
            {
                throw new InvalidOperationException($"Demo user {u.Handle}: {string.Join("; ", created.Errors.Select(e => e.Description))}");
            }

            await users.AddToRoleAsync(user, Roles.Member);
            people.Add(user);
        }

        await users.AddToRoleAsync(people[0], Roles.Moderator);
        await users.AddToRoleAsync(people[1], Roles.Creator);
        await users.AddToRoleAsync(people[2], Roles.Analyst);
        await users.AddToRoleAsync(people[3], Roles.Admin); // so the demo shows the admin pages (members, audit log)

        var communities = new Dictionary<string, Community>(StringComparer.Ordinal);
        var members = new Dictionary<Guid, HashSet<Guid>>();
        foreach (var (c, i) in demoCommunities.Select((c, i) => (c, i)))
        {
            var language = Languages.Canonical(c.Language) ?? "en";
            var owner = SpeakerOf(people, language, random);
            var community = new Community(c.Slug, c.Name, c.Description, c.Kind, c.Visibility, Community.DefaultJoinPolicy(c.Visibility), language, owner.Id, start.AddHours(i));
            communities[c.Slug] = community;
            members[community.Id] = [owner.Id];
            db.Communities.Add(community);
        }

        var joinTime = start.AddDays(6);
        foreach (var person in people)
        {
            foreach (var community in communities.Values.OrderBy(_ => random.Next()).Take(random.Next(2, 6)))
            {
                if (members[community.Id].Add(person.Id))
                {
                    community.Join(person.Id, joinTime);
                }
            }
        }

        var drafts = new List<(DemoPost Post, string Language)>();
        foreach (var (code, _) in Languages.Platform)
        {
            drafts.AddRange(Read<DemoPost>($"posts.{code}.json").Select(p => (p, code)));
        }

        // Published in time order so that UUIDv7 ids and timestamps agree; the last a day before now, so its
        // comments and reactions (capped at now below) still follow it.
        var times = drafts.Select(_ => start.AddDays(7).AddMinutes(random.Next(0, 52 * 24 * 60))).Order().ToList();
        var order = drafts.OrderBy(_ => random.Next()).ToList();
        var postCount = 0;
        for (var i = 0; i < order.Count; i++)
        {
            var (draft, language) = order[i];
            var community = communities.GetValueOrDefault(draft.Community) ?? communities.Values.ElementAt(random.Next(communities.Count));
            var author = SpeakerOf(people, language, random);
            if (members[community.Id].Add(author.Id))
            {
                community.Join(author.Id, times[i].AddHours(-1));
            }

            var errors = new Http.Errors();
            var content = composer.Compose(draft.Title, draft.Body, draft.Tags, language, errors);
            if (content is null)
            {
                log.LogWarning("Demo post '{Title}' skipped: {Errors}", draft.Title, string.Join("; ", errors.ToDictionary().Select(e => $"{e.Key}: {string.Join(' ', e.Value)}")));
                continue;
            }

            var post = new Post(community.Id, author.Id, author.HomeCountry, content, times[i]);
            post.LanguageDecided(1, LanguageDetection.LanguageSources.Author); // the demo's writers chose each post's language
            db.Posts.Add(post);
            community.PostAdded();
            postCount++;

            var at = times[i];
            Comment? previous = null;
            db.PostFollows.Add(new PostFollow(post.Id, author.Id, times[i]));
            var followers = new HashSet<Guid> { author.Id };
            for (var k = 0; k < draft.Comments.Length; k++)
            {
                var text = draft.Comments[k];
                // Never in the future: each comment at most now, less a minute per comment still to come, so they stay in order.
                at = Min(at.AddMinutes(random.Next(5, 600)), now.AddMinutes(k - draft.Comments.Length));
                var commenter = people[random.Next(people.Count)];
                var replyTo = previous is not null && random.Next(3) == 0 ? previous : null;
                // Detected like a member's comment: the script decides; the post's language only breaks a tie within it.
                var guess = detector.Detect(text, language);
                var comment = new Comment(post.Id, replyTo?.Id, replyTo is null ? 0 : replyTo.Depth + 1, commenter.Id, text, markdown.ToHtml(text), guess.Language, at);
                comment.LanguageDecided(guess.Confidence, guess.Source);
                db.Comments.Add(comment);
                post.Commented();
                previous = comment;
                if (followers.Add(commenter.Id))
                {
                    db.PostFollows.Add(new PostFollow(post.Id, commenter.Id, at));
                }
            }

            foreach (var reader in people.OrderBy(_ => random.Next()).Take(random.Next(0, 16)))
            {
                var kind = random.Next(10) switch { < 6 => ReactionKind.Like, 6 => ReactionKind.Love, 7 => ReactionKind.Celebrate, 8 => ReactionKind.Haha, _ => ReactionKind.Wow };
                db.Reactions.Add(new Reaction(post.Id, reader.Id, kind, Min(at.AddMinutes(random.Next(1, 300)), now)));
                post.Reacted(+1);
            }

            for (var s = random.Next(0, 4); s > 0; s--)
            {
                post.Shared();
            }
        }

        foreach (var person in people)
        {
            foreach (var other in people.OrderBy(_ => random.Next()).Take(random.Next(1, 8)).Where(o => o.Id != person.Id))
            {
                db.Follows.Add(new Follow(person.Id, other.Id, joinTime));
            }
        }

        await db.SaveChangesAsync(ct);
        log.LogInformation("Demo site ready: {Communities} communities, {Users} members, {Posts} posts", communities.Count, people.Count, postCount);
        return true;
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static User SpeakerOf(List<User> people, string language, Random random)
    {
        var natives = people.Where(p => p.ReadingLanguageList.Count > 0 && p.ReadingLanguageList[0] == language).ToList();
        if (natives.Count == 0)
        {
            natives = [.. people.Where(p => p.ReadingLanguageList.Contains(language))];
        }

        var pool = natives.Count > 0 ? natives : people;
        return pool[random.Next(pool.Count)];
    }

    private static List<T> Read<T>(string name)
    {
        var assembly = typeof(DemoSeeder).Assembly;
        var resource = assembly.GetManifestResourceNames().FirstOrDefault(n => n.EndsWith(".Data." + name, StringComparison.Ordinal));
        if (resource is null)
        {
            return [];
        }

        using var stream = assembly.GetManifestResourceStream(resource)!;
        return JsonSerializer.Deserialize<List<T>>(stream, Json) ?? [];
    }
}

public static class DemoModule
{
    public static async Task SeedDemoAsync(this IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync();
    }
}
