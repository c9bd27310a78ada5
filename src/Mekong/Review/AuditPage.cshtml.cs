using Mekong.Accounts;
using Mekong.Audit;
using Mekong.Platform.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Review;

[Authorize(Policy = AccountsModule.WebPolicy, Roles = Roles.Admin)]
public sealed class AuditPage(AuditLog audit, MekongDb db) : PageModel
{
    public AuditVerification Verification { get; private set; } = new(true, 0, null);

    public IReadOnlyList<AuditEntry> Entries { get; private set; } = [];

    public async Task OnGetAsync()
    {
        Verification = await audit.VerifyAsync();
        Entries = await db.AuditLog.AsNoTracking().OrderByDescending(e => e.Sequence).Take(200).ToListAsync();
    }
}
