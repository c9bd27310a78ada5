using Mekong.Accounts;
using Mekong.Platform.Data;
using Mekong.Platform.Http;
using Mekong.Posts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Translation;

/// <summary>
/// The vote buttons under a translation post here, and a moderator's "accept"; the reader goes back to the post.
/// </summary>
public sealed class VotePage(MekongDb db, PostQueries posts, PostEditing editing) : PageModel
{
    public IActionResult OnGet() => Redirect("/");

    public Task<IActionResult> OnPostAsync(Guid id, int value) =>
        WithProposalAsync(id, async (me, proposal, readable) =>
        {
            if (value is 1 or -1)
            {
                await editing.VoteAsync(proposal, readable, me, value);
            }

            return null;
        });

    public Task<IActionResult> OnPostAcceptAsync(Guid id) =>
        WithProposalAsync(id, async (me, proposal, readable) =>
        {
            if (!readable.Access.CanModerate)
            {
                return this.NotAllowed();
            }

            if (proposal.Revision == readable.Post.Revision)
            {
                await editing.AcceptAsync(proposal, readable, me);
            }

            return null;
        });

    /// <summary>
    /// Finds the proposal and its post as the signed-in reader may read it, then acts; the reader goes back to the
    /// post unless the action answers otherwise.
    /// </summary>
    private async Task<IActionResult> WithProposalAsync(Guid id, Func<Guid, TranslationProposal, ReadablePost, Task<IActionResult?>> act)
    {
        if (User.Id() is not { } me)
        {
            return this.SignInFirst();
        }

        var proposal = await db.TranslationProposals.FirstOrDefaultAsync(p => p.Id == id);
        if (proposal is null)
        {
            return NotFound();
        }

        var (readable, forbidden) = await posts.ReadAsync(proposal.PostId, User);
        if (readable is null)
        {
            return forbidden ? this.NotAllowed() : NotFound();
        }

        return await act(me, proposal, readable) ?? Redirect($"/p/{proposal.PostId}");
    }
}
