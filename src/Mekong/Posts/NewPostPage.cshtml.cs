using Mekong.Accounts;
using Mekong.Communities;
using Mekong.Platform.Http;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Mekong.Posts;

[Authorize(Policy = AccountsModule.WebPolicy)]
[Microsoft.AspNetCore.RateLimiting.EnableRateLimiting(Platform.Http.RateLimits.Post)]
public sealed class NewPostPage(CommunityQueries communities, PostCommands commands) : PageModel
{
    [BindProperty]
    public PostForm Form { get; set; } = new();

    public string Slug { get; private set; } = "";

    public string CommunityName { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(string slug)
    {
        var access = await communities.AccessAsync(slug, User);
        if (access is null)
        {
            return NotFound();
        }

        if (!access.CanPost)
        {
            return Redirect($"/c/{access.Community.Slug}");
        }

        Slug = access.Community.Slug;
        CommunityName = access.Community.Name;
        Form.Language = ""; // detected from the text unless the author picks one
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string slug)
    {
        var access = await communities.AccessAsync(slug, User);
        if (access is null)
        {
            return NotFound();
        }

        if (!access.CanPost)
        {
            return this.NotAllowed();
        }

        var errors = new Errors();
        var post = await commands.PublishAsync(access, User.RequiredId(), Form.Title, Form.Body, Form.TagList, Form.Language, errors);
        if (post is null)
        {
            Slug = access.Community.Slug;
            CommunityName = access.Community.Name;
            errors.CopyTo(ModelState);
            return Page();
        }

        return Redirect($"/p/{post.Id}");
    }
}
