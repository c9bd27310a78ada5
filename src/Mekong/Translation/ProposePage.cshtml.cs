using Mekong.Accounts;
using Mekong.Platform.Http;
using Mekong.Posts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Mekong.Translation;

/// <summary>The post page's proposal form posts here; errors and thanks go back to the post as a notice.</summary>
public sealed class ProposePage(PostQueries posts, PostEditing editing) : PageModel
{
    public IActionResult OnGet(Guid id) => Redirect($"/p/{id}");

    public async Task<IActionResult> OnPostAsync(Guid id, string? lang, string? text)
    {
        if (User.Id() is not { } me)
        {
            return this.SignInFirst();
        }

        var (readable, forbidden) = await posts.ReadAsync(id, User);
        if (readable is null || readable.Post.IsDeleted)
        {
            return forbidden ? this.NotAllowed() : NotFound();
        }

        var errors = new Errors();
        var language = Platform.Languages.Canonical(lang);
        if (language is null)
        {
            errors.Add("lang", "Choose a language.");
        }

        var proposal = language is null ? null : await editing.ProposeAsync(readable, me, language, text, errors);
        TempData["notice"] = proposal is null ? "The proposal was not sent: write the translation in another language than the post's." : "Thank you — your translation was proposed.";
        return Redirect($"/p/{id}");
    }
}
