using Mekong.Platform.Http;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Mekong.Accounts;

/// <summary>Administrators see members and grant or remove site roles; each change goes to the audit log.</summary>
[Authorize(Policy = AccountsModule.WebPolicy, Roles = Roles.Admin)]
public sealed class MembersPage(MemberAdministration members, IStringLocalizer<Platform.Localization.UiText> l, Platform.Mail.IMailSender mail) : PageModel
{
    /// <summary>False while no SMTP server is configured: members can neither reset passwords nor confirm addresses.</summary>
    public bool MailConfigured => mail.IsConfigured;

    private const int PageSize = 50;

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Cursor { get; set; }

    public bool Changed { get; private set; }

    public Page<MemberSummary> Members { get; private set; } = new([], null);

    public async Task<IActionResult> OnGetAsync(bool changed = false)
    {
        Changed = changed;
        return await ShowAsync();
    }

    public async Task<IActionResult> OnPostAddAsync(Guid id, string? role, string? reason) =>
        await AnswerAsync(await members.AddRoleAsync(User.RequiredId(), id, role ?? "", reason));

    public async Task<IActionResult> OnPostRemoveAsync(Guid id, string? role, string? reason) =>
        await AnswerAsync(await members.RemoveRoleAsync(User.RequiredId(), id, role ?? "", reason));

    private async Task<IActionResult> AnswerAsync(RoleChange change)
    {
        if (change == RoleChange.Done)
        {
            return RedirectToPage(new { q = Q, changed = true });
        }

        ModelState.AddModelError("", l[MemberAdministration.Explain(change)]);
        Response.StatusCode = change == RoleChange.NoSuchUser ? StatusCodes.Status404NotFound : StatusCodes.Status400BadRequest;
        return await ShowAsync();
    }

    private async Task<IActionResult> ShowAsync()
    {
        var q = Q?.Trim() ?? "";
        if (q.Length > MemberAdministration.MaxQueryChars || q.Contains('\0', StringComparison.Ordinal))
        {
            q = "";
        }

        Platform.Http.Cursor.TryDecode(Cursor, out var after);
        Members = await members.ListAsync(q, after, PageSize);
        return Page();
    }
}
