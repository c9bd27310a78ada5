using System.Net;
using Mekong.Accounts;
using Mekong.Platform.Data;
using Mekong.Tests.Platform;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using static Mekong.Tests.Accounts.AccountTestKit;

namespace Mekong.Tests.Accounts;

/// <summary>
/// Failed sign-ins are throttled per client before the account locks (issue 8, defect 4): a stranger's wrong
/// passwords cannot lock the member out, spraying one guess over many accounts is slowed, and a member whose
/// account did get locked signs in with their second factor.
/// </summary>
public sealed class SignInThrottleTests(SignInThrottleTests.ThrottledApps apps) : IClassFixture<SignInThrottleTests.ThrottledApps>
{
    private const int PerAccount = 3, PerClient = 6;

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Wrong_passwords_from_one_client_are_throttled_without_locking_the_member(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var member = await app.RegisterAsync("target");
        using var attacker = ClientFrom(app, "203.0.113.10");
        using var memberClient = ClientFrom(app, "198.51.100.20");

        for (var i = 0; i < PerAccount; i++)
        {
            await (await LoginAsync(attacker, member.Email, "guess " + i)).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        }

        var throttled = await LoginAsync(attacker, member.Email, "guess again");
        var evenRight = await LoginAsync(attacker, member.Email, Password);
        var problem = await throttled.ExpectProblemAsync(HttpStatusCode.TooManyRequests);
        await evenRight.ExpectProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.True(throttled.Headers.RetryAfter?.Delta is { } wait && wait > TimeSpan.Zero && wait <= TimeSpan.FromMinutes(10), $"Retry-After: {throttled.Headers.RetryAfter}");
        Assert.DoesNotContain("account", Detail(problem), StringComparison.OrdinalIgnoreCase);

        // Keep guessing: still 429, and the account is never locked for its owner on another network.
        for (var i = 0; i < 15; i++)
        {
            await (await LoginAsync(attacker, member.Email, "more " + i)).ExpectProblemAsync(HttpStatusCode.TooManyRequests);
        }

        await (await LoginAsync(memberClient, member.Email, Password)).ExpectAsync(HttpStatusCode.OK);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task An_unknown_email_is_throttled_exactly_like_a_real_one(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var member = await app.RegisterAsync("real");
        using var real = ClientFrom(app, "203.0.113.30");
        using var fake = ClientFrom(app, "203.0.113.31");
        var nobody = NewEmail("nobody");

        var realAnswers = new List<(HttpStatusCode, string)>();
        var fakeAnswers = new List<(HttpStatusCode, string)>();
        for (var i = 0; i < PerAccount + 2; i++)
        {
            realAnswers.Add(await AnswerAsync(await LoginAsync(real, member.Email, "guess " + i)));
            fakeAnswers.Add(await AnswerAsync(await LoginAsync(fake, nobody, "guess " + i)));
        }

        Assert.Equal(realAnswers, fakeAnswers);
        Assert.Equal(HttpStatusCode.TooManyRequests, realAnswers[^1].Item1);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task One_guess_sprayed_across_many_accounts_is_throttled_per_client(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var victims = new List<Member>();
        for (var i = 0; i < PerClient + 1; i++)
        {
            victims.Add(await app.RegisterAsync("spray"));
        }

        using var sprayer = ClientFrom(app, "203.0.113.40");
        using var neighbour = ClientFrom(app, "203.0.113.41");
        for (var i = 0; i < PerClient; i++)
        {
            await (await LoginAsync(sprayer, victims[i].Email, "Summer2026!")).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        }

        var throttled = await LoginAsync(sprayer, victims[PerClient].Email, "Summer2026!");
        await throttled.ExpectProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.NotNull(throttled.Headers.RetryAfter);

        // Another client is not affected, and the sprayed members still sign in.
        await (await LoginAsync(neighbour, victims[0].Email, Password)).ExpectAsync(HttpStatusCode.OK);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task A_locked_account_still_signs_in_with_its_second_factor(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var member = await app.RegisterAsync("locked");
        var (key, _) = await EnableTwoFactorAsync(member);

        // A distributed guesser (many addresses, a few guesses each) reaches the account lockout (10 failures).
        for (var ip = 1; ip <= 4; ip++)
        {
            using var bot = ClientFrom(app, $"192.0.2.{ip}");
            for (var i = 0; i < PerAccount; i++)
            {
                await (await LoginAsync(bot, member.Email, $"bot {ip} {i}")).ExpectProblemAsync(HttpStatusCode.Unauthorized);
            }
        }

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<User>>();
            Assert.True(await users.IsLockedOutAsync((await users.FindByIdAsync(member.Id.ToString()))!));
        }

        using var home = ClientFrom(app, "198.51.100.77");
        await (await LoginAsync(home, member.Email, Password, TotpCode(key, 1))).ExpectAsync(HttpStatusCode.OK);
    }

    private static async Task<(HttpStatusCode, string)> AnswerAsync(HttpResponseMessage response) => (response.StatusCode, await BodyAsync(response));

    /// <summary>Apps with small throttle limits (the other tests run with generous ones).</summary>
    public sealed class ThrottledApps(PostgresServer postgres) : IAsyncDisposable
    {
        private static readonly Dictionary<string, string?> Settings = new(StringComparer.Ordinal)
        {
            ["Accounts:SignInThrottle:PerAccountFailures"] = PerAccount.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Accounts:SignInThrottle:PerClientFailures"] = PerClient.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Accounts:SignInThrottle:Window"] = "00:10:00",
        };

        private readonly Dictionary<DatabaseProvider, Task<MekongApp>> _apps = [];
        private readonly Lock _gate = new();

        public Task<MekongApp> For(DatabaseProvider provider)
        {
            lock (_gate)
            {
                if (!_apps.TryGetValue(provider, out var app))
                {
                    _apps[provider] = app = MekongApp.StartAsync(provider, postgres, Settings);
                }

                return app;
            }
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var app in _apps.Values)
            {
                await (await app).DisposeAsync();
            }
        }
    }
}
