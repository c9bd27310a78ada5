using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Mekong.Notifications;

/// <summary>
/// One-click unsubscribe (RFC 8058): a mail client POSTs "List-Unsubscribe=One-Click" to the link with no cookie and
/// no antiforgery token; the signed token says whom and what. A person opening the link sees a confirm button first.
/// </summary>
[IgnoreAntiforgeryToken]
public sealed class UnsubscribePage(UnsubscribeTokens tokens, NotificationSettingsStore store) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    public string? Kind { get; private set; }

    public bool Done { get; private set; }

    public IActionResult OnGet()
    {
        if (tokens.Read(Token) is not { } subject)
        {
            return Invalid();
        }

        Kind = subject.Kind;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (tokens.Read(Token) is not { } subject)
        {
            return Invalid();
        }

        await store.StopAsync(subject.UserId, subject.Kind);
        Kind = subject.Kind;
        Done = true;
        return Page();
    }

    private PageResult Invalid()
    {
        Response.StatusCode = StatusCodes.Status400BadRequest;
        Kind = null;
        Token = null;
        return Page();
    }
}
