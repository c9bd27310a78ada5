using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Mekong.Platform.Data;
using Mekong.Tests.Platform;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Mekong.Tests.Accounts.AccountTestKit;

namespace Mekong.Tests.Accounts;

/// <summary>Administrators list members and change site roles, from the API and the /admin/members page; every change is audited.</summary>
public sealed class MembersAdminTests(Apps apps) : IClassFixture<Apps>
{
    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task The_member_list_searches_and_pages_with_roles(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var tag = Guid.NewGuid().ToString("N")[..8];
        var listed = new List<Member>();
        for (var i = 0; i < 3; i++)
        {
            listed.Add(await app.RegisterAsync("Zed" + tag));
        }

        await (await app.Admin.Client.PutAsync($"/api/v1/admin/users/{listed[0].Id}/roles/creator", null, Ct)).ExpectAsync(HttpStatusCode.NoContent);

        var first = await (await app.Admin.Client.GetAsync($"/api/v1/admin/users?q=zed{tag}&limit=2", Ct)).ExpectAsync(HttpStatusCode.OK);
        var cursor = first.GetProperty("nextCursor").GetString();
        var second = await (await app.Admin.Client.GetAsync($"/api/v1/admin/users?q=ZED{tag}&limit=2&cursor={cursor}", Ct)).ExpectAsync(HttpStatusCode.OK);

        var ids = first.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray()).Select(i => i.GetProperty("id").GetGuid()).ToList();
        Assert.Equal(listed.Select(m => m.Id).Reverse(), ids); // newest first
        Assert.Equal(JsonValueKind.Null, second.GetProperty("nextCursor").ValueKind);
        var promoted = second.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("id").GetGuid() == listed[0].Id);
        Assert.Equal(["creator", "member"], promoted.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(listed[0].Email, promoted.GetProperty("email").GetString());

        var byEmail = await (await app.Admin.Client.GetAsync($"/api/v1/admin/users?q={Uri.EscapeDataString(listed[1].Email)}", Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(listed[1].Id, Assert.Single(byEmail.GetProperty("items").EnumerateArray()).GetProperty("id").GetGuid());
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Bad_list_parameters_are_400_naming_the_field(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var admin = app.Admin.Client;

        await (await admin.GetAsync("/api/v1/admin/users?limit=0", Ct)).ExpectProblemAsync(HttpStatusCode.BadRequest, "limit");
        await (await admin.GetAsync("/api/v1/admin/users?limit=101", Ct)).ExpectProblemAsync(HttpStatusCode.BadRequest, "limit");
        await (await admin.GetAsync("/api/v1/admin/users?cursor=abc", Ct)).ExpectProblemAsync(HttpStatusCode.BadRequest, "cursor");
        await (await admin.GetAsync("/api/v1/admin/users?q=%00", Ct)).ExpectProblemAsync(HttpStatusCode.BadRequest, "q");
        await (await admin.GetAsync($"/api/v1/admin/users?q={new string('x', 300)}", Ct)).ExpectProblemAsync(HttpStatusCode.BadRequest, "q");
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Role_changes_from_the_api_are_written_to_the_audit_log(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var member = await app.RegisterAsync("audited");

        await (await app.Admin.Client.PutAsync($"/api/v1/admin/users/{member.Id}/roles/analyst?reason=Runs%20the%20insights", null, Ct)).ExpectAsync(HttpStatusCode.NoContent);
        await (await app.Admin.Client.DeleteAsync($"/api/v1/admin/users/{member.Id}/roles/analyst", Ct)).ExpectAsync(HttpStatusCode.NoContent);

        var entries = await AuditFor(app, member.Id);
        var add = Assert.Single(entries, e => e.Action == "role.add");
        var remove = Assert.Single(entries, e => e.Action == "role.remove");
        Assert.Equal("Runs the insights", add.Reason);
        Assert.Contains("analyst", add.After, StringComparison.Ordinal);
        Assert.DoesNotContain("analyst", add.Before, StringComparison.Ordinal);
        Assert.Contains("analyst", remove.Before, StringComparison.Ordinal);
        Assert.DoesNotContain("analyst", remove.After, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task The_members_page_is_for_admins_and_changes_roles_with_antiforgery(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var member = await app.RegisterAsync("pageRole");
        using var adminBrowser = await BrowserAsync(app, app.Admin.Email);
        using var memberBrowser = await BrowserAsync(app, member.Email);
        using var anonymous = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        Assert.Equal(HttpStatusCode.Redirect, (await anonymous.GetAsync("/admin/members", Ct)).StatusCode);
        var denied = await memberBrowser.GetAsync("/admin/members", Ct); // a signed-in member is told why, not sent to sign in
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        var page = await adminBrowser.GetStringAsync($"/admin/members?q={Uri.EscapeDataString(member.Email)}", Ct);
        Assert.Contains(member.Id.ToString(), page, StringComparison.Ordinal);

        var withoutToken = await adminBrowser.PostAsync("/admin/members?handler=Add", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["id"] = member.Id.ToString(),
            ["role"] = "creator",
        }), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, withoutToken.StatusCode);

        var token = Pages.Antiforgery(page);
        var added = await adminBrowser.PostAsync("/admin/members?handler=Add", Pages.Fields(token, ("id", member.Id.ToString()), ("role", "creator"), ("reason", "Writes the weekly column")), Ct);
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var removed = await adminBrowser.PostAsync("/admin/members?handler=Remove", Pages.Fields(token, ("id", member.Id.ToString()), ("role", "creator")), Ct);
        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        var refused = await adminBrowser.PostAsync("/admin/members?handler=Add", Pages.Fields(token, ("id", member.Id.ToString()), ("role", "superuser")), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);

        var entries = await AuditFor(app, member.Id);
        Assert.Equal(["role.add", "role.remove"], entries.Select(e => e.Action));
        Assert.Contains(entries, e => e.Reason == "Writes the weekly column");
    }

    /// <summary>The audit entries about one member, read from the database.</summary>
    private static async Task<List<(string Action, string Reason, string Before, string After)>> AuditFor(MekongApp app, Guid userId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MekongDb>();
        var subject = $"user:{userId}";
        var rows = await db.AuditLog.AsNoTracking().Where(e => e.Subject == subject).OrderBy(e => e.Sequence).ToListAsync(Ct);
        return [.. rows.Select(e => (e.Action, e.Reason, e.Before ?? "", e.After ?? ""))];
    }

    private static async Task<HttpClient> BrowserAsync(MekongApp app, string email)
    {
        var browser = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await (await browser.PostAsJsonAsync("/api/v1/auth/login?useCookies=true", new { email, password = Password }, Ct)).ExpectAsync(HttpStatusCode.OK);
        return browser;
    }
}
