namespace Mekong.Platform.Http;

/// <summary>Where a "return to" address may send a reader after a form.</summary>
public static class LocalUrl
{
    /// <summary>
    /// True for a path on this site, as <c>Url.IsLocalUrl</c> and <c>LocalRedirect</c> decide it, and free of control
    /// characters (a CR or LF would reach the Location header and fail the response).
    /// </summary>
    public static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && Microsoft.AspNetCore.Http.HttpResults.RedirectHttpResult.IsLocalUrl(url) && !url.Any(char.IsControl);

    /// <summary><paramref name="url"/> when it is local, else the home page.</summary>
    public static string OrHome(string? url) => IsLocal(url) ? url! : "/";
}
