using System.Net;
using System.Net.Http.Json;
using Mekong.Accounts;
using Mekong.Platform.Data;
using Mekong.Tests.Platform;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Mekong.Tests.Accounts.AccountTestKit;

namespace Mekong.Tests.Accounts;

/// <summary>Sign-in and sign-up say nothing about which emails have accounts (issue 8, defect 3).</summary>
public sealed class EnumerationTests(Apps apps) : IClassFixture<Apps>
{
    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Unknown_email_and_wrong_password_get_the_same_answer(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var member = await app.RegisterAsync("known");
        using var client = app.CreateClient();

        var wrong = await LoginAsync(client, member.Email, "not the password");
        var unknown = await LoginAsync(client, NewEmail("nobody"), "not the password");

        Assert.Equal(wrong.StatusCode, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(await BodyAsync(wrong), await BodyAsync(unknown));
        Assert.Equal(wrong.Content.Headers.ContentType?.ToString(), unknown.Content.Headers.ContentType?.ToString());
    }

    /// <summary>
    /// Same time, shown deterministically: a password-hash verification happens for an unknown email just as
    /// for a real one (counted through a decorator of Identity's hasher), instead of a timing measurement.
    /// </summary>
    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task An_unknown_email_costs_one_password_verification_like_a_real_one(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var member = await app.RegisterAsync("hashed");
        var counter = new VerificationCounter();
        await using var counted = app.WithWebHostBuilder(b => b.ConfigureTestServices(services =>
            services.AddScoped<IPasswordHasher<User>>(sp => new CountingHasher(
                ActivatorUtilities.CreateInstance<PasswordHasher<User>>(sp), counter))));
        using var client = counted.CreateClient();

        await (await LoginAsync(client, NewEmail("ghost"), "some password")).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        var forUnknown = counter.Reset();
        await (await LoginAsync(client, member.Email, "some password")).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        var forKnown = counter.Reset();

        Assert.Equal(1, forUnknown);
        Assert.Equal(forKnown, forUnknown);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task The_lockout_message_is_shown_only_to_someone_who_knows_the_password(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var member = await app.RegisterAsync("lockme");
        using var client = app.CreateClient();
        var nobody = NewEmail("nobody");

        string? lastWrong = null, lastUnknown = null;
        for (var i = 0; i < 12; i++)
        {
            lastWrong = await BodyAsync(await LoginAsync(client, member.Email, "wrong guess " + i));
            lastUnknown = await BodyAsync(await LoginAsync(client, nobody, "wrong guess " + i));
        }

        Assert.Equal(lastWrong, lastUnknown);
        Assert.DoesNotContain("Too many", lastWrong, StringComparison.Ordinal);

        // The real member, with the right password, learns why they cannot get in.
        var locked = await (await LoginAsync(client, member.Email, Password)).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Contains("Too many failed attempts on this account", Detail(locked), StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Registering_a_taken_email_answers_like_a_new_one_creates_nothing_and_tells_the_owner(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var owner = await app.RegisterAsync("owner");
        (await owner.Client.PutAsJsonAsync("/api/v1/me", new { interfaceLanguage = "th" }, Ct)).EnsureSuccessStatusCode();
        using var client = app.CreateClient();

        var taken = await client.PostAsJsonAsync("/api/v1/auth/register", new { email = owner.Email.ToUpperInvariant(), password = "another long password" }, Ct);
        var fresh = await client.PostAsJsonAsync("/api/v1/auth/register", new { email = NewEmail("fresh"), password = "another long password" }, Ct);

        Assert.Equal(HttpStatusCode.OK, taken.StatusCode);
        Assert.Equal(fresh.StatusCode, taken.StatusCode);
        Assert.Equal(await BodyAsync(fresh), await BodyAsync(taken));

        // Nothing was created or changed: the owner's password still works, and there is one account with that email.
        await (await LoginAsync(client, owner.Email, Password)).ExpectAsync(HttpStatusCode.OK);
        await (await LoginAsync(client, owner.Email, "another long password")).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MekongDb>();
            var normalized = owner.Email.ToUpperInvariant();
            Assert.Equal(1, await db.Users.CountAsync(u => u.NormalizedEmail == normalized, Ct));
        }

        // The owner hears of it, in their own interface language.
        var notifications = await (await owner.Client.GetAsync("/api/v1/me/notifications", Ct)).ExpectAsync(HttpStatusCode.OK);
        var notice = Assert.Single(notifications.GetProperty("items").EnumerateArray(), n => n.GetProperty("kind").GetString() == Registration.AttemptNotificationKind);
        Assert.Contains("อีเมล", notice.GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task A_weak_password_is_refused_the_same_way_for_a_taken_and_a_new_email(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var owner = await app.RegisterAsync("weak");
        using var client = app.CreateClient();

        var taken = await client.PostAsJsonAsync("/api/v1/auth/register", new { email = owner.Email, password = "password123" }, Ct);
        var fresh = await client.PostAsJsonAsync("/api/v1/auth/register", new { email = NewEmail("weak"), password = "password123" }, Ct);

        await taken.ExpectProblemAsync(HttpStatusCode.BadRequest, "password");
        await fresh.ExpectProblemAsync(HttpStatusCode.BadRequest, "password");
        Assert.Equal(await BodyAsync(fresh), await BodyAsync(taken));
    }

    private sealed class VerificationCounter
    {
        private int _count;

        public void Add() => Interlocked.Increment(ref _count);

        public int Reset() => Interlocked.Exchange(ref _count, 0);
    }

    /// <summary>Identity's own hasher, counting its verifications.</summary>
    private sealed class CountingHasher(PasswordHasher<User> inner, VerificationCounter counter) : IPasswordHasher<User>
    {
        public string HashPassword(User user, string password) => inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(User user, string hashedPassword, string providedPassword)
        {
            counter.Add();
            return inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }
}
