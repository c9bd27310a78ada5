using Mekong.Platform.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Accounts;

public static class AccountsModule
{
    /// <summary>Policy for the web pages: cookie sign-in, redirect to /signin when absent.</summary>
    public const string WebPolicy = "web";

    public static WebApplicationBuilder AddAccounts(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<AccountsOptions>().BindConfiguration(AccountsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddIdentityApiEndpoints<User>(o =>
            {
                // Length over composition rules (NIST SP 800-63B): PasswordRules checks length, common passwords
                // and the member's own names; Identity's composition checks are all off.
                o.Password.RequiredLength = 1;
                o.Password.RequiredUniqueChars = 1;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.User.RequireUniqueEmail = true;

                // Above the sign-in throttle's per-client limit, so only failures from many clients lock an account.
                o.Lockout.MaxFailedAccessAttempts = 10;
            })
            .AddRoles<IdentityRole<Guid>>()
            .AddEntityFrameworkStores<MekongDb>()
            .AddUserStore<SecretsUserStore>()
            .AddPasswordValidator<PasswordRules>()
            .AddClaimsPrincipalFactory<AccountClaims>();

        // "Sign out everywhere" changes the security stamp; cookies notice within this interval.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));

        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/signin";
            o.LogoutPath = "/signout";
            o.AccessDeniedPath = "/status/403";
            o.Cookie.Name = "mekong.auth";
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.SlidingExpiration = true;
            o.ExpireTimeSpan = TimeSpan.FromDays(14);
            o.Events.OnRedirectToLogin = ctx => ApiOrRedirect(ctx, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = Forbidden;
        });
        // The links mailed for password reset, email verification and email change (Identity's token providers).
        services.AddOptions<DataProtectionTokenProviderOptions>()
            .Configure<Microsoft.Extensions.Options.IOptions<AccountsOptions>>((o, accounts) => o.TokenLifespan = accounts.Value.TokenLifespan);
        services.Configure<BearerTokenOptions>(IdentityConstants.BearerScheme, o => o.BearerTokenExpiration = TimeSpan.FromHours(1));

        services.AddAuthorizationBuilder()
            .AddPolicy(Roles.StaffPolicy, p => p.RequireRole(Roles.Moderator, Roles.Admin))
            .AddPolicy(Roles.AdminPolicy, p => p.RequireRole(Roles.Admin))
            .AddPolicy(WebPolicy, p => p.AddAuthenticationSchemes(IdentityConstants.ApplicationScheme).RequireAuthenticatedUser());

        // Account recovery and changes by mail (issue 9).
        services.AddHttpContextAccessor();
        services.AddScoped<AccountRecovery>();
        services.AddScoped<AccountMail>();

        services.AddScoped<Registration>();
        services.AddScoped<AccountQueries>();
        services.AddSingleton<SignInThrottle>();
        services.AddScoped<TwoFactor>();
        services.AddScoped<MemberSignIn>();
        services.AddScoped<MemberAdministration>();
        services.AddScoped<MemberHandles>();
        return builder;
    }

    /// <summary>Gives a handle to every account made before handles existed (run at start, after migrating and seeding).</summary>
    public static async Task BackfillHandlesAsync(this IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MekongDb>();
        if (await StartChecks.ColumnAsync(db, """SELECT 1 FROM "AspNetUsers" WHERE "Handle" IS NULL LIMIT 1""") is [])
        {
            return; // the usual start: every member has a handle
        }

        await scope.ServiceProvider.GetRequiredService<MemberHandles>().BackfillAsync();
    }

    public static IEndpointRouteBuilder MapAccounts(this IEndpointRouteBuilder app)
    {
        RecoveryEndpoints.Map(app);
        Avatars.Map(app);
        AccountEndpoints.Map(app);
        HandleEndpoints.Map(app);

        // The pages' sign-out: a form post (antiforgery-checked), then home.
        app.MapPost("/signout", async (SignInManager<User> signIn) =>
        {
            await signIn.SignOutAsync();
            return TypedResults.LocalRedirect("/");
        }).ExcludeFromDescription().RequireAuthorization(WebPolicy);
        return app;
    }

    /// <summary>Makes sure the five site roles exist; run once at start-up after migrations.</summary>
    public static async Task EnsureRolesAsync(this IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var names = await StartChecks.ColumnAsync(scope.ServiceProvider.GetRequiredService<MekongDb>(), """SELECT "Name" FROM "AspNetRoles" """);
        if (!Roles.All.Except(names, StringComparer.Ordinal).Any())
        {
            return; // the usual start: Identity's role manager is not needed
        }

        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole<Guid>>>();
        var existing = await roles.Roles.Select(r => r.Name ?? "").ToListAsync();
        foreach (var role in Roles.All.Except(existing, StringComparer.Ordinal))
        {
            await roles.CreateAsync(new IdentityRole<Guid>(role) { Id = Guid.CreateVersion7() });
        }
    }

    /// <summary>Set on a refused page request: the reason the 403 page (/status/403) gives.</summary>
    public const string ForbiddenReasonKey = "mekong.forbidden-reason";

    public const string StaffOnly = "This page is for the site's moderators and admins; your account does not have either role.";
    public const string AdminOnly = "This page is for the site's admins; your account does not have that role.";

    /// <summary>A signed-in member without the role a page needs gets a 403 page that says which role, not the sign-in form.</summary>
    private static Task Forbidden(RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> ctx)
    {
        ctx.Response.StatusCode = StatusCodes.Status403Forbidden;
        var needs = ctx.HttpContext.GetEndpoint()?.Metadata.GetOrderedMetadata<Microsoft.AspNetCore.Authorization.IAuthorizeData>() ?? [];
        var roles = needs.SelectMany(a => (a.Roles ?? "").Split(',', StringSplitOptions.TrimEntries)).ToList();
        var policies = needs.Select(a => a.Policy).ToList();
        if (roles.Contains(Roles.Moderator, StringComparer.Ordinal) || policies.Contains(Roles.StaffPolicy, StringComparer.Ordinal))
        {
            ctx.HttpContext.Items[ForbiddenReasonKey] = StaffOnly;
        }
        else if (roles.Contains(Roles.Admin, StringComparer.Ordinal) || policies.Contains(Roles.AdminPolicy, StringComparer.Ordinal))
        {
            ctx.HttpContext.Items[ForbiddenReasonKey] = AdminOnly;
        }

        return Task.CompletedTask;
    }

    private static Task ApiOrRedirect(RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> ctx, int status)
    {
        if (ctx.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
        {
            ctx.Response.StatusCode = status;
            return Task.CompletedTask;
        }

        ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }
}
