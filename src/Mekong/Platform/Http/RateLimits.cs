using System.Globalization;
using System.Threading.RateLimiting;
using Mekong.Accounts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Mekong.Platform.Http;

/// <summary>
/// The named rate-limit policies, declared once; endpoints and pages name theirs (<c>.RequireRateLimiting(RateLimits.Post)</c>
/// or <c>[EnableRateLimiting(RateLimits.Post)]</c>). Each policy is a sliding window per member (per client address
/// when signed out); trusted roles are exempt. Limits come from configuration (<c>RateLimits:Policies:{name}</c>),
/// docs/configuration.md lists them. A refused request gets 429, <c>Retry-After</c> and a problem document.
/// </summary>
public static class RateLimits
{
    public const string SignIn = "signin";
    public const string Register = "register";
    public const string Post = "post";
    public const string Comment = "comment";
    public const string Reaction = "reaction";
    public const string Search = "search";
    public const string Upload = "upload";
    public const string Translation = "translation";
    public const string Preview = "preview";

    /// <summary>What each policy counts: writes, except search (reads) and translation (reads that ask for a language).</summary>
    private static readonly Dictionary<string, Func<HttpContext, bool>> Counts = new(StringComparer.Ordinal)
    {
        [SignIn] = IsWrite,
        [Register] = IsWrite,
        [Post] = IsWrite,
        [Comment] = IsWrite,
        [Reaction] = IsWrite,
        [Upload] = IsWrite,
        [Search] = _ => true,
        [Preview] = _ => true,
        [Translation] = ctx => ctx.Request.Query.ContainsKey("lang") || ctx.Request.RouteValues.ContainsKey("lang"),
    };

    public static IServiceCollection AddRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RateLimitOptions>().Bind(configuration.GetSection("RateLimits"))
            .Validate(o => o.Policies.Values.All(p => p.PermitLimit > 0 && p.WindowSeconds > 0 && p.Segments > 0), "RateLimits: PermitLimit, WindowSeconds and Segments must be positive.")
            .ValidateOnStart();
        services.AddRateLimiter(limiter =>
        {
            foreach (var name in Counts.Keys)
            {
                limiter.AddPolicy(name, ctx => Partition(ctx, name));
            }

            limiter.OnRejected = async (rejected, ct) =>
            {
                var context = rejected.HttpContext;
                var seconds = context.Response.SetRetryAfter(rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromMinutes(1));
                await Refusal.WriteAsync(context, context.RequestServices.GetRequiredService<IProblemDetailsService>(), new ProblemDetails
                {
                    Status = StatusCodes.Status429TooManyRequests,
                    Title = "Too many requests",
                    Detail = $"This kind of request is limited; try again in {seconds} seconds.",
                });
            };
        });
        return services;
    }

    /// <summary>Sets <c>Retry-After</c> in whole seconds (at least one) and returns them: every 429 the site sends says it this way.</summary>
    public static int SetRetryAfter(this HttpResponse response, TimeSpan wait)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return seconds;
    }

    private static RateLimitPartition<string> Partition(HttpContext context, string name)
    {
        var options = context.RequestServices.GetRequiredService<IOptionsMonitor<RateLimitOptions>>().CurrentValue;
        if (!options.Enabled || !Counts[name](context) || options.ExemptRoles.Any(context.User.IsInRole))
        {
            return RateLimitPartition.GetNoLimiter("");
        }

        var policy = options.Policies.TryGetValue(name, out var configured) ? configured : RateLimitPolicy.Default;
        var client = context.User.Id() is { } member
            ? "m:" + member.ToString("N")
            : "a:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
        return RateLimitPartition.GetSlidingWindowLimiter(name + "|" + client, _ => new SlidingWindowRateLimiterOptions
        {
            PermitLimit = policy.PermitLimit,
            Window = TimeSpan.FromSeconds(policy.WindowSeconds),
            SegmentsPerWindow = policy.Segments,
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }

    private static bool IsWrite(HttpContext context) => !HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method);
}

/// <summary>Configuration of <see cref="RateLimits"/>: <c>RateLimits:Enabled</c>, <c>RateLimits:ExemptRoles</c>, <c>RateLimits:Policies:{name}</c>.</summary>
public sealed class RateLimitOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>Site roles never limited (moderators clearing a spam wave, admins importing).</summary>
    public IReadOnlyList<string> ExemptRoles { get; set; } = [Roles.Moderator, Roles.Admin];

    public Dictionary<string, RateLimitPolicy> Policies { get; set; } = new(StringComparer.Ordinal)
    {
        [RateLimits.SignIn] = new() { PermitLimit = 10, WindowSeconds = 60 },
        [RateLimits.Register] = new() { PermitLimit = 10, WindowSeconds = 3600 },
        [RateLimits.Post] = new() { PermitLimit = 10, WindowSeconds = 60 },
        [RateLimits.Comment] = new() { PermitLimit = 30, WindowSeconds = 60 },
        [RateLimits.Reaction] = new() { PermitLimit = 120, WindowSeconds = 60 },
        [RateLimits.Search] = new() { PermitLimit = 60, WindowSeconds = 60 },
        [RateLimits.Upload] = new() { PermitLimit = 20, WindowSeconds = 60 },
        [RateLimits.Translation] = new() { PermitLimit = 120, WindowSeconds = 60 },
        [RateLimits.Preview] = new() { PermitLimit = 60, WindowSeconds = 60 },
    };
}

/// <summary>One policy: at most <see cref="PermitLimit"/> requests in any <see cref="WindowSeconds"/>, in <see cref="Segments"/> steps.</summary>
public sealed class RateLimitPolicy
{
    public static readonly RateLimitPolicy Default = new();

    public int PermitLimit { get; set; } = 60;
    public int WindowSeconds { get; set; } = 60;
    public int Segments { get; set; } = 6;
}
