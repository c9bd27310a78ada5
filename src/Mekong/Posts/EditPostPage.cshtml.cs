using Mekong.Accounts;
using Mekong.Platform.Data;
using Mekong.Platform.Http;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Posts;

[Authorize(Policy = AccountsModule.WebPolicy)]
[Microsoft.AspNetCore.RateLimiting.EnableRateLimiting(Platform.Http.RateLimits.Post)]
public sealed class EditPostPage(PostQueries posts, PostCommands commands, MekongDb db) : PageModel
{
    [BindProperty]
    public PostForm Form { get; set; } = new();

    public IReadOnlyList<PostRevision> Revisions { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        var (readable, _) = await posts.ReadAsync(id, User);
        if (readable is null || !readable.IsAuthor)
        {
            return NotFound();
        }

        var p = readable.Post;
        Form = new PostForm { Title = p.Title, Body = p.Body, Tags = string.Join(", ", p.TagList), Language = p.LanguageSource == LanguageDetection.LanguageSources.Author ? p.Language : "" };
        Revisions = await db.PostRevisions.AsNoTracking().Where(r => r.PostId == id).OrderByDescending(r => r.Number).ToListAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id)
    {
        var (readable, _) = await posts.ReadAsync(id, User);
        if (readable is null || !readable.IsAuthor || readable.Post.IsDeleted)
        {
            return NotFound();
        }

        var errors = new Errors();
        if (!await commands.EditAsync(readable, User.RequiredId(), Form.Title, Form.Body, Form.TagList, Form.Language, errors))
        {
            errors.CopyTo(ModelState);
            return Page();
        }

        return Redirect($"/p/{id}");
    }
}
