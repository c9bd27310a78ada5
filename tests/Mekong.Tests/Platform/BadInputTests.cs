using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Mekong.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Mekong.Tests.Platform;

/// <summary>
/// Malformed and forbidden requests: each is refused with a 4xx problem (never a 5xx), names the field when a
/// field is at fault, and leaves every table exactly as it was.
/// </summary>
public sealed class BadInputTests(BadInputTests.Worlds worlds) : IClassFixture<BadInputTests.Worlds>
{
    private static readonly Bad[] All =
    [
        // Bodies that are not the JSON the endpoint reads.
        new("malformed JSON", Who.Owner, "POST", w => w.NewPostPath, _ => Json("""{"title": "Hi", "body": """), HttpStatusCode.BadRequest),
        new("trailing comma in JSON", Who.Owner, "POST", w => w.NewPostPath, _ => Json("""{"title": "Hi", "body": "x",}"""), HttpStatusCode.BadRequest),
        new("single-quoted JSON", Who.Owner, "POST", w => w.NewPostPath, _ => Json("{'title': 'Hi', 'body': 'x'}"), HttpStatusCode.BadRequest),
        new("comment inside JSON", Who.Owner, "POST", w => w.NewPostPath, _ => Json("""{"title": "Hi" /* no */, "body": "x"}"""), HttpStatusCode.BadRequest),
        new("invalid UTF-8 bytes in a JSON string", Who.Owner, "POST", w => w.NewPostPath, _ => InvalidUtf8(), HttpStatusCode.BadRequest),
        new("lone UTF-16 surrogate escaped in JSON", Who.Owner, "POST", w => w.NewPostPath, _ => Json("""{"title": "bad \ud800 half", "body": "x"}"""), HttpStatusCode.BadRequest),
        new("JSON array instead of an object", Who.Owner, "POST", w => w.NewPostPath, _ => Json("""[{"title": "Hi", "body": "x"}]"""), HttpStatusCode.BadRequest),
        new("JSON nested deeper than the reader allows", Who.Owner, "POST", w => w.NewPostPath, _ => Json("""{"title": "Hi", "body": "x", "tags": """ + new string('[', 100) + new string(']', 100) + "}"), HttpStatusCode.BadRequest),
        new("empty body", Who.Owner, "POST", w => w.NewPostPath, _ => Json(""), HttpStatusCode.BadRequest),
        new("JSON null body", Who.Owner, "POST", w => w.NewPostPath, _ => Json("null"), HttpStatusCode.BadRequest),
        new("no body at all on a profile update", Who.Owner, "PUT", _ => "/api/v1/me", _ => null, HttpStatusCode.BadRequest),
        new("text/plain content type", Who.Owner, "POST", w => w.NewPostPath, _ => new StringContent("""{"title": "Hi", "body": "x"}""", Encoding.UTF8, "text/plain"), HttpStatusCode.UnsupportedMediaType),
        new("form content type", Who.Owner, "POST", w => w.NewPostPath, _ => new FormUrlEncodedContent(new Dictionary<string, string> { ["title"] = "Hi", ["body"] = "x" }), HttpStatusCode.UnsupportedMediaType),
        new("request body over 1 MiB", Who.Owner, "POST", w => w.NewPostPath, _ => Json($$"""{"title": "Big", "body": "{{new string('x', 1_100_000)}}"}"""), HttpStatusCode.RequestEntityTooLarge),

        // Wrong JSON types and values the serializer refuses, named by field.
        new("title is a number", Who.Owner, "POST", w => w.NewPostPath, _ => Json("""{"title": 123, "body": "x"}"""), HttpStatusCode.BadRequest, "title"),
        new("title is an object", Who.Owner, "POST", w => w.NewPostPath, _ => Json("""{"title": {"th": "สวัสดี"}, "body": "x"}"""), HttpStatusCode.BadRequest, "title"),
        new("tags is a string", Who.Owner, "POST", w => w.NewPostPath, _ => Json("""{"title": "Hi", "body": "x", "tags": "food"}"""), HttpStatusCode.BadRequest, "tags"),
        new("tags holds a number", Who.Owner, "POST", w => w.NewPostPath, _ => Json("""{"title": "Hi", "body": "x", "tags": [7]}"""), HttpStatusCode.BadRequest, "tags[0]"),
        new("parentId is not a guid", Who.Owner, "POST", w => w.CommentsPath, _ => Json("""{"body": "x", "parentId": "first"}"""), HttpStatusCode.BadRequest, "parentId"),
        new("readingLanguages is an object", Who.Owner, "PUT", _ => "/api/v1/me", _ => Json("""{"readingLanguages": {"th": true}}"""), HttpStatusCode.BadRequest, "readingLanguages"),
        new("community kind is an unknown name", Who.Owner, "POST", _ => "/api/v1/communities", _ => Json("""{"name": "Bogus club", "kind": "bogus"}"""), HttpStatusCode.BadRequest, "kind"),
        new("community kind is an enum integer", Who.Owner, "POST", _ => "/api/v1/communities", _ => Json("""{"name": "Integer club", "kind": 1}"""), HttpStatusCode.BadRequest, "kind"),
        new("community kind in PascalCase", Who.Owner, "POST", _ => "/api/v1/communities", _ => Json("""{"name": "Pascal club", "kind": "interest club"}"""), HttpStatusCode.BadRequest, "kind"),
        new("visibility is an unknown name", Who.Owner, "PUT", w => w.CommunityPath, _ => Json("""{"visibility": "secret"}"""), HttpStatusCode.BadRequest, "visibility"),
        new("visibility is an enum integer", Who.Owner, "PUT", w => w.CommunityPath, _ => Json("""{"visibility": 1}"""), HttpStatusCode.BadRequest, "visibility"),
        new("list filter kind is an unknown name", Who.Anonymous, "GET", _ => "/api/v1/communities?kind=bogus", _ => null, HttpStatusCode.BadRequest, "kind"),
        new("page size is not a number", Who.Anonymous, "GET", _ => "/api/v1/posts?limit=ten", _ => null, HttpStatusCode.BadRequest, "limit"),
        new("page size overflows an int", Who.Anonymous, "GET", _ => "/api/v1/communities?limit=99999999999", _ => null, HttpStatusCode.BadRequest, "limit"),
        new("useCookies is not a boolean", Who.Anonymous, "POST", _ => "/api/v1/auth/login?useCookies=maybe", w => JsonContent.Create(w.Credentials), HttpStatusCode.BadRequest, "useCookies"),

        // Reaction kinds travel in the URL.
        new("reaction kind bogus", Who.Other, "PUT", w => $"/api/v1/posts/{w.Post}/reactions/bogus", _ => null, HttpStatusCode.BadRequest, "kind"),
        new("reaction kind in PascalCase", Who.Other, "PUT", w => $"/api/v1/posts/{w.Post}/reactions/Like", _ => null, HttpStatusCode.BadRequest, "kind"),
        new("reaction kind as an integer", Who.Other, "PUT", w => $"/api/v1/posts/{w.Post}/reactions/0", _ => null, HttpStatusCode.BadRequest, "kind"),
        new("removing a bogus reaction kind", Who.Other, "DELETE", w => $"/api/v1/posts/{w.Post}/reactions/angry", _ => null, HttpStatusCode.BadRequest, "kind"),

        // Missing and empty required fields.
        new("post without a title", Who.Owner, "POST", w => w.NewPostPath, _ => JsonContent.Create(new { body = "x" }), HttpStatusCode.BadRequest, "title"),
        new("post with a blank title", Who.Owner, "POST", w => w.NewPostPath, _ => JsonContent.Create(new { title = " \t ", body = "x" }), HttpStatusCode.BadRequest, "title"),
        new("post without a body", Who.Owner, "POST", w => w.NewPostPath, _ => JsonContent.Create(new { title = "Hi" }), HttpStatusCode.BadRequest, "body"),
        new("edit to an empty title", Who.Owner, "PUT", w => $"/api/v1/posts/{w.Post}", _ => JsonContent.Create(new { title = "" }), HttpStatusCode.BadRequest, "title"),
        new("community without a name", Who.Owner, "POST", _ => "/api/v1/communities", _ => JsonContent.Create(new { kind = "interestClub" }), HttpStatusCode.BadRequest, "name"),
        new("community without a kind", Who.Owner, "POST", _ => "/api/v1/communities", _ => JsonContent.Create(new { name = "Kindless" }), HttpStatusCode.BadRequest, "kind"),
        new("community renamed to blank", Who.Owner, "PUT", w => w.CommunityPath, _ => JsonContent.Create(new { name = "  " }), HttpStatusCode.BadRequest, "name"),
        new("comment without a body", Who.Other, "POST", w => w.CommentsPath, _ => JsonContent.Create(new { language = "th" }), HttpStatusCode.BadRequest, "body"),
        new("register without an email", Who.Anonymous, "POST", _ => "/api/v1/auth/register", _ => JsonContent.Create(new { password = "correct horse battery" }), HttpStatusCode.BadRequest, "email"),
        new("register without a password", Who.Anonymous, "POST", _ => "/api/v1/auth/register", _ => JsonContent.Create(new { email = NewEmail() }), HttpStatusCode.BadRequest, "password"),
        new("login without a password", Who.Anonymous, "POST", _ => "/api/v1/auth/login", w => JsonContent.Create(new { email = w.OwnerEmail }), HttpStatusCode.BadRequest, "password"),

        // Accounts (issue 9): password reset, email verification and changes.
        new("reset without an email", Who.Anonymous, "POST", _ => "/api/v1/auth/password-reset", _ => JsonContent.Create(new { }), HttpStatusCode.BadRequest, "email"),
        new("reset for an email with NUL", Who.Anonymous, "POST", _ => "/api/v1/auth/password-reset", _ => Json("""{"email": "a\u0000@test.mekong"}"""), HttpStatusCode.BadRequest, "email"),
        new("reset confirm with a userId that is not a guid", Who.Anonymous, "POST", _ => "/api/v1/auth/password-reset/confirm", _ => Json("""{"userId": "me", "token": "t", "newPassword": "a brand new passphrase"}"""), HttpStatusCode.BadRequest, "userId"),
        new("reset confirm without a token", Who.Anonymous, "POST", _ => "/api/v1/auth/password-reset/confirm", _ => JsonContent.Create(new { userId = Guid.NewGuid(), newPassword = "a brand new passphrase" }), HttpStatusCode.BadRequest, "token"),
        new("reset confirm with a made-up token", Who.Anonymous, "POST", _ => "/api/v1/auth/password-reset/confirm", _ => JsonContent.Create(new { userId = Guid.NewGuid(), token = "CfDJ8made-up", newPassword = "a brand new passphrase" }), HttpStatusCode.BadRequest),
        new("reset confirm with an oversized token", Who.Anonymous, "POST", _ => "/api/v1/auth/password-reset/confirm", _ => JsonContent.Create(new { userId = Guid.NewGuid(), token = new string('t', 5000), newPassword = "a brand new passphrase" }), HttpStatusCode.BadRequest, "token"),
        new("email confirm without a userId", Who.Anonymous, "POST", _ => "/api/v1/auth/email/confirm", _ => JsonContent.Create(new { token = "t" }), HttpStatusCode.BadRequest, "userId"),
        new("password change without the new password", Who.Owner, "POST", _ => "/api/v1/me/password", _ => JsonContent.Create(new { currentPassword = "correct horse battery" }), HttpStatusCode.BadRequest, "newPassword"),
        new("email change to something not an address", Who.Owner, "POST", _ => "/api/v1/me/email", _ => JsonContent.Create(new { newEmail = "not an address", password = "correct horse battery" }), HttpStatusCode.BadRequest, "newEmail"),
        new("email change without the password", Who.Owner, "POST", _ => "/api/v1/me/email", _ => JsonContent.Create(new { newEmail = "new@test.mekong" }), HttpStatusCode.BadRequest, "password"),

        // Sizes and shapes the platform limits.
        new("post body over 100 KiB of UTF-8", Who.Owner, "POST", w => w.NewPostPath, _ => JsonContent.Create(new { title = "ยาว", body = new string('ก', 34_200) }), HttpStatusCode.BadRequest, "body"),
        new("edit to a body over 100 KiB", Who.Owner, "PUT", w => $"/api/v1/posts/{w.Post}", _ => JsonContent.Create(new { body = new string('字', 34_200) }), HttpStatusCode.BadRequest, "body"),
        new("comment over 10 KiB of UTF-8", Who.Other, "POST", w => w.CommentsPath, _ => JsonContent.Create(new { body = new string('ສ', 3_500) }), HttpStatusCode.BadRequest, "body"),
        new("title over 300 characters", Who.Owner, "POST", w => w.NewPostPath, _ => JsonContent.Create(new { title = new string('t', 301), body = "x" }), HttpStatusCode.BadRequest, "title"),
        new("too many tags", Who.Owner, "POST", w => w.NewPostPath, _ => JsonContent.Create(new { title = "Hi", body = "x", tags = Enumerable.Range(0, 11).Select(i => $"tag{i}").ToArray() }), HttpStatusCode.BadRequest, "tags"),
        new("tag with a space", Who.Owner, "POST", w => w.NewPostPath, _ => JsonContent.Create(new { title = "Hi", body = "x", tags = new[] { "street food" } }), HttpStatusCode.BadRequest, "tags[0]"),
        new("tag with markup", Who.Owner, "POST", w => w.NewPostPath, _ => JsonContent.Create(new { title = "Hi", body = "x", tags = new[] { "ok", "<b>x</b>" } }), HttpStatusCode.BadRequest, "tags[1]"),
        new("tag over 40 characters", Who.Owner, "POST", w => w.NewPostPath, _ => JsonContent.Create(new { title = "Hi", body = "x", tags = new[] { new string('a', 41) } }), HttpStatusCode.BadRequest, "tags[0]"),
        new("null tag", Who.Owner, "POST", w => w.NewPostPath, _ => Json("""{"title": "Hi", "body": "x", "tags": [null]}"""), HttpStatusCode.BadRequest, "tags[0]"),
        new("community name over 100 characters", Who.Owner, "POST", _ => "/api/v1/communities", _ => JsonContent.Create(new { name = new string('n', 101), kind = "interestClub" }), HttpStatusCode.BadRequest, "name"),
        new("community description over 2000 characters", Who.Owner, "PUT", w => w.CommunityPath, _ => JsonContent.Create(new { description = new string('d', 2001) }), HttpStatusCode.BadRequest, "description"),
        new("display name over 80 characters", Who.Owner, "PUT", _ => "/api/v1/me", _ => JsonContent.Create(new { displayName = new string('n', 81) }), HttpStatusCode.BadRequest, "displayName"),
        new("bio over 500 characters", Who.Owner, "PUT", _ => "/api/v1/me", _ => JsonContent.Create(new { bio = new string('b', 501) }), HttpStatusCode.BadRequest, "bio"),
        new("email longer than the column", Who.Anonymous, "POST", _ => "/api/v1/auth/register", _ => JsonContent.Create(new { email = new string('e', 300) + "@test.mekong", password = "correct horse battery" }), HttpStatusCode.BadRequest, "email"),

        // Text the databases cannot store.
        new("NUL character in a title", Who.Owner, "POST", w => w.NewPostPath, _ => Json("""{"title": "a\u0000b", "body": "x"}"""), HttpStatusCode.BadRequest, "title"),
        new("NUL character in a comment", Who.Other, "POST", w => w.CommentsPath, _ => Json("""{"body": "a\u0000b"}"""), HttpStatusCode.BadRequest, "body"),
        new("NUL character in a display name", Who.Owner, "PUT", _ => "/api/v1/me", _ => Json("""{"displayName": "a\u0000b"}"""), HttpStatusCode.BadRequest, "displayName"),
        new("NUL character in an email", Who.Anonymous, "POST", _ => "/api/v1/auth/register", _ => Json("""{"email": "nul\u0000@test.mekong", "password": "correct horse battery"}"""), HttpStatusCode.BadRequest, "email"),
        new("NUL character in a sign-in email", Who.Anonymous, "POST", _ => "/api/v1/auth/login", _ => Json("""{"email": "nul\u0000@test.mekong", "password": "correct horse battery"}"""), HttpStatusCode.BadRequest, "email"),
        new("NUL character in a search", Who.Anonymous, "GET", _ => "/api/v1/communities?q=a%00b", _ => null, HttpStatusCode.BadRequest, "q"),
        new("NUL character in a language filter", Who.Anonymous, "GET", w => $"/api/v1/communities/{w.Community}/posts?lang=th%00", _ => null, HttpStatusCode.BadRequest, "lang"),
        new("NUL character in a bio", Who.Owner, "PUT", _ => "/api/v1/me", _ => Json("""{"bio": "\u0000"}"""), HttpStatusCode.BadRequest, "bio"),
        new("NUL character in a tag filter", Who.Anonymous, "GET", w => $"/api/v1/communities/{w.Community}/posts?tag=a%00b", _ => null, HttpStatusCode.BadRequest, "tag"),

        // Codes from closed lists.
        new("unknown post language", Who.Owner, "POST", w => w.NewPostPath, _ => JsonContent.Create(new { title = "Hi", body = "x", language = "xx" }), HttpStatusCode.BadRequest, "language"),
        new("language name instead of a code", Who.Owner, "POST", w => w.NewPostPath, _ => JsonContent.Create(new { title = "Hi", body = "x", language = "Thai" }), HttpStatusCode.BadRequest, "language"),
        new("unknown comment language", Who.Other, "POST", w => w.CommentsPath, _ => JsonContent.Create(new { body = "x", language = "klingon" }), HttpStatusCode.BadRequest, "language"),
        new("unknown community language", Who.Owner, "POST", _ => "/api/v1/communities", _ => JsonContent.Create(new { name = "Lang club", kind = "interestClub", language = "zz" }), HttpStatusCode.BadRequest, "language"),
        new("unknown home country at sign-up", Who.Anonymous, "POST", _ => "/api/v1/auth/register", _ => JsonContent.Create(new { email = NewEmail(), password = "correct horse battery", homeCountry = "ZZ" }), HttpStatusCode.BadRequest, "homeCountry"),
        new("language code as a home country", Who.Owner, "PUT", _ => "/api/v1/me", _ => JsonContent.Create(new { homeCountry = "th-TH" }), HttpStatusCode.BadRequest, "homeCountry"),
        new("unknown reading language", Who.Owner, "PUT", _ => "/api/v1/me", _ => JsonContent.Create(new { readingLanguages = new[] { "th", "xx" } }), HttpStatusCode.BadRequest, "readingLanguages[1]"),
        new("no reading languages", Who.Owner, "PUT", _ => "/api/v1/me", _ => JsonContent.Create(new { readingLanguages = Array.Empty<string>() }), HttpStatusCode.BadRequest, "readingLanguages"),
        new("unknown interface language", Who.Owner, "PUT", _ => "/api/v1/me", _ => JsonContent.Create(new { interfaceLanguage = "tlh" }), HttpStatusCode.BadRequest, "interfaceLanguage"),
        new("unknown site role", Who.Admin, "PUT", w => $"/api/v1/admin/users/{w.OtherId}/roles/superuser", _ => null, HttpStatusCode.BadRequest, "role"),
        new("revoking the member role", Who.Admin, "DELETE", w => $"/api/v1/admin/users/{w.OtherId}/roles/member", _ => null, HttpStatusCode.BadRequest, "role"),

        // Account rules.
        // A taken email is no longer bad input: it answers like a new one (Accounts/EnumerationTests).
        new("register with a common password", Who.Anonymous, "POST", _ => "/api/v1/auth/register", _ => JsonContent.Create(new { email = NewEmail(), password = "password123" }), HttpStatusCode.BadRequest, "password"),
        new("register with a short password", Who.Anonymous, "POST", _ => "/api/v1/auth/register", _ => JsonContent.Create(new { email = NewEmail(), password = "short" }), HttpStatusCode.BadRequest, "password"),
        new("register with an email that is no address", Who.Anonymous, "POST", _ => "/api/v1/auth/register", _ => JsonContent.Create(new { email = "not-an-address", password = "correct horse battery" }), HttpStatusCode.BadRequest, "email"),

        // Cursors only this API issued.
        new("bad cursor on communities", Who.Anonymous, "GET", _ => "/api/v1/communities?cursor=abc", _ => null, HttpStatusCode.BadRequest, "cursor"),
        new("bad cursor on community posts", Who.Anonymous, "GET", w => $"/api/v1/communities/{w.Community}/posts?cursor=%%%%", _ => null, HttpStatusCode.BadRequest, "cursor"),
        new("bad cursor on latest posts", Who.Anonymous, "GET", _ => "/api/v1/posts?cursor=AAAAAAAAAAAAAAAAAAAAAAAA", _ => null, HttpStatusCode.BadRequest, "cursor"),
        new("bad cursor on comments", Who.Anonymous, "GET", w => $"/api/v1/posts/{w.Post}/comments?cursor=not-a-cursor-at-all!!", _ => null, HttpStatusCode.BadRequest, "cursor"),
        new("bad cursor on members", Who.Anonymous, "GET", w => $"/api/v1/communities/{w.Community}/members?cursor=x", _ => null, HttpStatusCode.BadRequest, "cursor"),
        new("bad cursor on bookmarks", Who.Other, "GET", _ => "/api/v1/me/bookmarks?cursor=x", _ => null, HttpStatusCode.BadRequest, "cursor"),
        new("author filter is not an id", Who.Anonymous, "GET", _ => "/api/v1/posts?author=somchai", _ => null, HttpStatusCode.BadRequest, "author"),

        // Things that are not there.
        new("unknown post", Who.Anonymous, "GET", _ => $"/api/v1/posts/{Guid.CreateVersion7()}", _ => null, HttpStatusCode.NotFound),
        new("post id that is not a guid", Who.Anonymous, "GET", _ => "/api/v1/posts/123", _ => null, HttpStatusCode.NotFound),
        new("edit an unknown post", Who.Owner, "PUT", _ => $"/api/v1/posts/{Guid.CreateVersion7()}", _ => JsonContent.Create(new { title = "x" }), HttpStatusCode.NotFound),
        new("post in an unknown community", Who.Owner, "POST", _ => "/api/v1/communities/no-such-place/posts", _ => JsonContent.Create(new { title = "Hi", body = "x" }), HttpStatusCode.NotFound),
        new("delete an unknown comment", Who.Owner, "DELETE", _ => $"/api/v1/comments/{Guid.CreateVersion7()}", _ => null, HttpStatusCode.NotFound),
        new("comment on an unknown post", Who.Other, "POST", _ => $"/api/v1/posts/{Guid.CreateVersion7()}/comments", _ => JsonContent.Create(new { body = "x" }), HttpStatusCode.NotFound),
        new("follow an unknown user", Who.Other, "PUT", _ => $"/api/v1/users/{Guid.CreateVersion7()}/follow", _ => null, HttpStatusCode.NotFound),
        new("role for an unknown user", Who.Admin, "PUT", _ => $"/api/v1/admin/users/{Guid.CreateVersion7()}/roles/creator", _ => null, HttpStatusCode.NotFound),
        new("join an unknown community", Who.Other, "POST", _ => "/api/v1/communities/nowhere-at-all/membership", _ => null, HttpStatusCode.NotFound),
        new("method the route does not have", Who.Owner, "PATCH", w => $"/api/v1/posts/{w.Post}", _ => JsonContent.Create(new { title = "x" }), HttpStatusCode.MethodNotAllowed),
        new("unknown API path", Who.Anonymous, "GET", _ => "/api/v1/nothing-here", _ => null, HttpStatusCode.NotFound),
        new("comment on a deleted post", Who.Owner, "POST", w => $"/api/v1/posts/{w.DeletedPost}/comments", _ => JsonContent.Create(new { body = "x" }), HttpStatusCode.NotFound),
        new("react to someone else's deleted post", Who.Other, "PUT", w => $"/api/v1/posts/{w.DeletedPost}/reactions/like", _ => null, HttpStatusCode.NotFound),

        // Other people's things.
        new("edit another user's post", Who.Other, "PUT", w => $"/api/v1/posts/{w.Post}", _ => JsonContent.Create(new { title = "defaced" }), HttpStatusCode.Forbidden),
        new("delete another user's post", Who.Other, "DELETE", w => $"/api/v1/posts/{w.Post}", _ => null, HttpStatusCode.Forbidden),
        new("restore another user's post", Who.Other, "POST", w => $"/api/v1/posts/{w.Post}/restore", _ => null, HttpStatusCode.Forbidden),
        new("delete another user's comment", Who.Other, "DELETE", w => $"/api/v1/comments/{w.PostComment}", _ => null, HttpStatusCode.Forbidden),
        new("update another user's community", Who.Other, "PUT", w => w.CommunityPath, _ => JsonContent.Create(new { description = "mine now" }), HttpStatusCode.Forbidden),
        new("post without joining", Who.Other, "POST", w => w.NewPostPath, _ => JsonContent.Create(new { title = "Hi", body = "x" }), HttpStatusCode.Forbidden),
        new("read a members-only post", Who.Other, "GET", w => $"/api/v1/posts/{w.PrivatePost}", _ => null, HttpStatusCode.Forbidden),
        new("comment on a members-only post", Who.Other, "POST", w => $"/api/v1/posts/{w.PrivatePost}/comments", _ => JsonContent.Create(new { body = "x" }), HttpStatusCode.Forbidden),
        new("grant a role without being admin", Who.Owner, "PUT", w => $"/api/v1/admin/users/{w.OwnerId}/roles/admin", _ => null, HttpStatusCode.Forbidden),
        new("profile update while signed out", Who.Anonymous, "PUT", _ => "/api/v1/me", _ => JsonContent.Create(new { bio = "x" }), HttpStatusCode.Unauthorized),
        new("post while signed out", Who.Anonymous, "POST", w => w.NewPostPath, _ => JsonContent.Create(new { title = "Hi", body = "x" }), HttpStatusCode.Unauthorized),
        new("sign in with a wrong password", Who.Anonymous, "POST", _ => "/api/v1/auth/login", w => JsonContent.Create(new { email = NewEmail(), password = "wrong password" }), HttpStatusCode.Unauthorized),

        // Rules of communities, posts and threads.
        new("bad slug characters", Who.Owner, "POST", _ => "/api/v1/communities", _ => JsonContent.Create(new { name = "Slug club", slug = "Not A Slug!", kind = "interestClub" }), HttpStatusCode.BadRequest, "slug"),
        new("slug too short", Who.Owner, "POST", _ => "/api/v1/communities", _ => JsonContent.Create(new { name = "Short slug", slug = "ab", kind = "interestClub" }), HttpStatusCode.BadRequest, "slug"),
        new("slug with an outer hyphen", Who.Owner, "POST", _ => "/api/v1/communities", _ => JsonContent.Create(new { name = "Hyphen", slug = "-hyphen", kind = "interestClub" }), HttpStatusCode.BadRequest, "slug"),
        new("slug in Thai script", Who.Owner, "POST", _ => "/api/v1/communities", _ => JsonContent.Create(new { name = "Thai slug", slug = "ชมรม", kind = "interestClub" }), HttpStatusCode.BadRequest, "slug"),
        new("slug already taken", Who.Owner, "POST", _ => "/api/v1/communities", w => JsonContent.Create(new { name = "Copycat", slug = w.CommunitySlug, kind = "interestClub" }), HttpStatusCode.BadRequest, "slug"),
        new("change a community's slug", Who.Owner, "PUT", w => w.CommunityPath, _ => JsonContent.Create(new { slug = "a-new-address" }), HttpStatusCode.BadRequest, "slug"),
        new("reply to a comment of another post", Who.Other, "POST", w => w.CommentsPath, w => JsonContent.Create(new { body = "x", parentId = w.OtherPostComment }), HttpStatusCode.BadRequest, "parentId"),
        new("reply to a comment that does not exist", Who.Other, "POST", w => w.CommentsPath, _ => JsonContent.Create(new { body = "x", parentId = Guid.CreateVersion7() }), HttpStatusCode.BadRequest, "parentId"),
        new("edit a deleted post", Who.Owner, "PUT", w => $"/api/v1/posts/{w.DeletedPost}", _ => JsonContent.Create(new { title = "x" }), HttpStatusCode.Conflict),
        new("owner leaves their community", Who.Owner, "DELETE", w => $"{w.CommunityPath}/membership", _ => null, HttpStatusCode.Conflict),
        new("follow yourself", Who.Owner, "PUT", w => $"/api/v1/users/{w.OwnerId}/follow", _ => null, HttpStatusCode.Conflict),
        new("admin revokes their own admin role", Who.Admin, "DELETE", w => $"/api/v1/admin/users/{w.AdminId}/roles/admin", _ => null, HttpStatusCode.Conflict),

        // Moderation: reports, decisions, rules and the audit log.
        new("report of an unknown kind", Who.Other, "POST", _ => "/api/v1/reports", _ => Json("""{"kind": "bogus", "reason": "spam"}"""), HttpStatusCode.BadRequest, "kind"),
        new("report without a reason", Who.Other, "POST", _ => "/api/v1/reports", w => JsonContent.Create(new { kind = "post", id = w.Post }), HttpStatusCode.BadRequest, "reason"),
        new("report of an unknown post", Who.Other, "POST", _ => "/api/v1/reports", _ => JsonContent.Create(new { kind = "post", id = Guid.CreateVersion7(), reason = "spam" }), HttpStatusCode.NotFound),
        new("report of your own post", Who.Owner, "POST", _ => "/api/v1/reports", w => JsonContent.Create(new { kind = "post", id = w.Post, reason = "spam" }), HttpStatusCode.Conflict),
        new("second report of the same post", Who.Other, "POST", _ => "/api/v1/reports", w => JsonContent.Create(new { kind = "post", id = w.Post, reason = "hate" }), HttpStatusCode.Conflict),
        new("decision with an unknown action", Who.Admin, "POST", w => $"/api/v1/moderation/queue/{w.ReviewItem}/decisions", _ => Json("""{"action": "obliterate"}"""), HttpStatusCode.BadRequest, "action"),
        new("decision without an action", Who.Admin, "POST", w => $"/api/v1/moderation/queue/{w.ReviewItem}/decisions", _ => Json("{}"), HttpStatusCode.BadRequest, "action"),
        new("removal without naming the rule", Who.Admin, "POST", w => $"/api/v1/moderation/queue/{w.ReviewItem}/decisions", _ => JsonContent.Create(new { action = "remove" }), HttpStatusCode.BadRequest, "rule"),
        new("silence without a number of days", Who.Admin, "POST", w => $"/api/v1/moderation/queue/{w.ReviewItem}/decisions", _ => JsonContent.Create(new { action = "silence", rule = "Be kind" }), HttpStatusCode.BadRequest, "days"),
        new("decision on an unknown review item", Who.Admin, "POST", _ => $"/api/v1/moderation/queue/{Guid.CreateVersion7()}/decisions", _ => JsonContent.Create(new { action = "approve" }), HttpStatusCode.NotFound),
        new("appeal of an unknown decision", Who.Owner, "POST", _ => $"/api/v1/moderation/decisions/{Guid.CreateVersion7()}/appeal", _ => JsonContent.Create(new { statement = "Please" }), HttpStatusCode.NotFound),
        new("rule with a broken regular expression", Who.Admin, "POST", _ => "/api/v1/moderation/rules", _ => JsonContent.Create(new { pattern = "(unclosed", kind = "regex", action = "flag", reason = "Test" }), HttpStatusCode.BadRequest, "pattern"),
        new("rule without a reason", Who.Admin, "POST", _ => "/api/v1/moderation/rules", _ => JsonContent.Create(new { pattern = "spam", kind = "plain", action = "flag" }), HttpStatusCode.BadRequest, "reason"),
        new("rules import sent as JSON", Who.Admin, "POST", _ => "/api/v1/moderation/rules/import", _ => Json("[]"), HttpStatusCode.UnsupportedMediaType),
        new("rules import without the header line", Who.Admin, "POST", _ => "/api/v1/moderation/rules/import", _ => new StringContent("spam,plain,flag,,,,Spam\n", Encoding.UTF8, "text/csv"), HttpStatusCode.BadRequest, "line 1"),
        new("audit page position not a number", Who.Admin, "GET", _ => "/api/v1/moderation/audit?after=latest", _ => null, HttpStatusCode.BadRequest, "after"),
        new("mark someone else's notification read", Who.Other, "POST", _ => $"/api/v1/me/notifications/{Guid.CreateVersion7()}/read", _ => null, HttpStatusCode.NotFound),

        // A charset the server does not read (issue 8, defect 1): 415 on every endpoint with a body, never 500.
        new("unknown charset on sign-in", Who.Anonymous, "POST", _ => "/api/v1/auth/login", w => Charset(w.Credentials), HttpStatusCode.UnsupportedMediaType),
        new("unknown charset on a new post", Who.Owner, "POST", w => w.NewPostPath, _ => Charset(new { title = "Hi", body = "x" }), HttpStatusCode.UnsupportedMediaType),
        new("unknown charset on a comment", Who.Owner, "POST", w => w.CommentsPath, _ => Charset(new { body = "x" }), HttpStatusCode.UnsupportedMediaType),
        new("unknown charset on a profile update", Who.Owner, "PUT", _ => "/api/v1/me", _ => Charset(new { bio = "x" }), HttpStatusCode.UnsupportedMediaType),
        new("unknown charset on a report", Who.Other, "POST", _ => "/api/v1/reports", w => Charset(new { kind = "post", id = w.PostComment, reason = "spam" }), HttpStatusCode.UnsupportedMediaType),
        new("unknown charset on a glossary concept", Who.Admin, "POST", _ => "/api/v1/glossary", _ => Charset(new { id = "x-charset", category = "food" }), HttpStatusCode.UnsupportedMediaType),
        new("unknown charset on a rule", Who.Admin, "POST", _ => "/api/v1/moderation/rules", _ => Charset(new { pattern = "spam", kind = "plain", action = "flag", reason = "x" }), HttpStatusCode.UnsupportedMediaType),
        new("latin-1 charset on a rules import", Who.Admin, "POST", _ => "/api/v1/moderation/rules/import", _ => new StringContent("pattern\n", Encoding.Latin1, "text/csv"), HttpStatusCode.UnsupportedMediaType),

        // Page sizes and cursors: one rule, the same 400 naming the field on every list (defect 9; issue 21, defect 1).
        new("page size -1", Who.Anonymous, "GET", _ => "/api/v1/posts?limit=-1", _ => null, HttpStatusCode.BadRequest, "limit"),
        new("page size 0", Who.Anonymous, "GET", _ => "/api/v1/communities?limit=0", _ => null, HttpStatusCode.BadRequest, "limit"),
        new("page size 101", Who.Anonymous, "GET", w => $"/api/v1/communities/{w.Community}/members?limit=101", _ => null, HttpStatusCode.BadRequest, "limit"),
        new("page size 100000 on the glossary", Who.Anonymous, "GET", _ => "/api/v1/glossary?limit=100000", _ => null, HttpStatusCode.BadRequest, "limit"),
        new("page size 101 on notifications", Who.Owner, "GET", _ => "/api/v1/me/notifications?limit=101", _ => null, HttpStatusCode.BadRequest, "limit"),
        new("page size given twice", Who.Anonymous, "GET", _ => "/api/v1/posts?limit=5&limit=6", _ => null, HttpStatusCode.BadRequest, "limit"),
        new("glossary cursor abc", Who.Anonymous, "GET", _ => "/api/v1/glossary?cursor=abc", _ => null, HttpStatusCode.BadRequest, "cursor"),
        new("cursor of invalid base64url on posts", Who.Anonymous, "GET", _ => "/api/v1/posts?cursor=!!!!!!!!!!!!!!!!!!!!!!", _ => null, HttpStatusCode.BadRequest, "cursor"),
        new("padded cursor on communities", Who.Anonymous, "GET", _ => "/api/v1/communities?cursor=AAAAAAAAAAAAAAAAAAAAA=", _ => null, HttpStatusCode.BadRequest, "cursor"),
        new("invalid cursor on bookmarks", Who.Owner, "GET", _ => "/api/v1/me/bookmarks?cursor=!!!!!!!!!!!!!!!!!!!!!!", _ => null, HttpStatusCode.BadRequest, "cursor"),
        new("invalid cursor on notifications", Who.Owner, "GET", _ => "/api/v1/me/notifications?cursor=!!!!!!!!!!!!!!!!!!!!!!", _ => null, HttpStatusCode.BadRequest, "cursor"),
        new("invalid cursor on members", Who.Anonymous, "GET", w => $"/api/v1/communities/{w.Community}/members?cursor=AAAAAAAAAAAAAAAAAAAAA=", _ => null, HttpStatusCode.BadRequest, "cursor"),
        new("invalid cursor on comments", Who.Anonymous, "GET", w => $"/api/v1/posts/{w.Post}/comments?cursor=!!!!!!!!!!!!!!!!!!!!!!", _ => null, HttpStatusCode.BadRequest, "cursor"),
        new("invalid cursor on the moderation queue", Who.Admin, "GET", _ => "/api/v1/moderation/queue?cursor=!!!!!!!!!!!!!!!!!!!!!!", _ => null, HttpStatusCode.BadRequest, "cursor"),
        new("invalid cursor on appeals", Who.Admin, "GET", _ => "/api/v1/moderation/appeals?cursor=AAAAAAAAAAAAAAAAAAAAA=", _ => null, HttpStatusCode.BadRequest, "cursor"),

        // Numbers that are not finite (issue 21, defect 4).
        new("minimum score NaN", Who.Admin, "GET", _ => "/api/v1/moderation/queue?minScore=NaN", _ => null, HttpStatusCode.BadRequest, "minScore"),
        new("minimum score Infinity", Who.Admin, "GET", _ => "/api/v1/moderation/queue?minScore=Infinity", _ => null, HttpStatusCode.BadRequest, "minScore"),
        new("minimum score -Infinity", Who.Admin, "GET", _ => "/api/v1/moderation/queue?minScore=-Infinity", _ => null, HttpStatusCode.BadRequest, "minScore"),

        // The API's one text rule, on every JSON string (issue 21, defect 6).
        new("NUL in a rule's pattern", Who.Admin, "POST", _ => "/api/v1/moderation/rules", _ => JsonContent.Create(new { pattern = "sp\0am", kind = "plain", action = "flag", reason = "x" }), HttpStatusCode.BadRequest, "pattern"),
        new("NUL in a rule's tag", Who.Admin, "POST", _ => "/api/v1/moderation/rules", _ => JsonContent.Create(new { pattern = "spam", kind = "plain", action = "tag", tag = "t\0", reason = "x" }), HttpStatusCode.BadRequest, "tag"),
        new("NUL in a rule's reason", Who.Admin, "POST", _ => "/api/v1/moderation/rules", _ => JsonContent.Create(new { pattern = "spam", kind = "plain", action = "flag", reason = "x\0" }), HttpStatusCode.BadRequest, "reason"),
        new("NUL in a rules import", Who.Admin, "POST", _ => "/api/v1/moderation/rules/import", _ => new StringContent("pattern,kind,action,language,community,tag,reason\nsp\0am,plain,flag,,,,Spam\n", Encoding.UTF8, "text/csv"), HttpStatusCode.BadRequest, "line 2: pattern"),

        // Reports follow reading (issue 21, defect 7).
        new("report a members-only post without being a member", Who.Other, "POST", _ => "/api/v1/reports", w => JsonContent.Create(new { kind = "post", id = w.PrivatePost, reason = "spam" }), HttpStatusCode.NotFound),

        // A write signed in by cookie alone must prove intent (issue 21, defect 5).
        new("cookie join without antiforgery token", Who.Cookie, "POST", w => $"{w.CommunityPath}/membership", _ => null, HttpStatusCode.BadRequest),
        new("cookie logout without antiforgery token", Who.Cookie, "POST", _ => "/api/v1/auth/logout", _ => null, HttpStatusCode.BadRequest),
        new("cookie notification read without antiforgery token", Who.Cookie, "POST", _ => $"/api/v1/me/notifications/{Guid.CreateVersion7()}/read", _ => null, HttpStatusCode.BadRequest),
        new("cookie profile update without antiforgery token", Who.Cookie, "PUT", _ => "/api/v1/me", _ => JsonContent.Create(new { bio = "forged" }), HttpStatusCode.BadRequest),
    ];

    public static TheoryData<DatabaseProvider, string> Cases
    {
        get
        {
            var cases = new TheoryData<DatabaseProvider, string>();
            foreach (var provider in Enum.GetValues<DatabaseProvider>())
            {
                foreach (var bad in All)
                {
                    cases.Add(provider, bad.Name);
                }
            }

            return cases;
        }
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void There_are_at_least_forty_uniquely_named_cases()
    {
        Assert.True(All.Length >= 40, $"{All.Length} cases");
        Assert.Equal(All.Length, All.Select(c => c.Name).Distinct(StringComparer.Ordinal).Count());
    }

    [Theory, MemberData(nameof(Cases))]
    public async Task Is_refused_with_a_problem_and_changes_nothing(DatabaseProvider provider, string name)
    {
        var bad = All.Single(c => c.Name == name);
        var world = await worlds.For(provider);
        using var request = new HttpRequestMessage(new HttpMethod(bad.Method), bad.Path(world)) { Content = bad.Body(world) };
        var before = await SnapshotAsync(world.App);

        using var response = await world.Client(bad.As).SendAsync(request, Ct);

        var after = await SnapshotAsync(world.App);
        Assert.InRange((int)response.StatusCode, 400, 499);
        await response.ExpectProblemAsync(bad.Status, bad.Field);
        Assert.Equal(before, after);
    }

    private static StringContent Json(string raw) => new(raw, Encoding.UTF8, "application/json");

    private static StringContent Charset(object body)
    {
        var content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8);
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("application/json; charset=ebcdic-xx");
        return content;
    }

    private static ByteArrayContent InvalidUtf8()
    {
        var bytes = Encoding.UTF8.GetBytes("""{"title": "broken X", "body": "x"}""");
        var at = Array.IndexOf(bytes, (byte)'X');
        bytes[at] = 0xFF; // never valid in UTF-8
        var content = new ByteArrayContent([.. bytes[..at], 0xC3, .. bytes[at..]]); // and a lead byte without its continuation
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        return content;
    }

    private static string NewEmail() => $"bad-{Guid.NewGuid():N}@test.mekong";

    /// <summary>Every table's rows, reduced to a count and a digest of the columns a request could change.</summary>
    private static async Task<List<string>> SnapshotAsync(MekongApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MekongDb>();
        return
        [
            Digest("users", await db.Users.AsNoTracking().Select(u => new { u.Id, u.Email, u.UserName, u.DisplayName, u.HomeCountry, u.ReadingLanguages, u.InterfaceLanguage, u.Bio, u.PasswordHash }).ToListAsync(Ct)),
            Digest("user roles", await db.UserRoles.AsNoTracking().Select(r => new { r.UserId, r.RoleId }).ToListAsync(Ct)),
            Digest("communities", await db.Communities.AsNoTracking().Select(c => new { c.Id, c.Slug, c.Name, c.Description, c.Kind, c.Visibility, c.Language, c.MemberCount, c.PostCount }).ToListAsync(Ct)),
            Digest("memberships", await db.Memberships.AsNoTracking().Select(m => new { m.CommunityId, m.UserId, m.Role }).ToListAsync(Ct)),
            Digest("posts", await db.Posts.AsNoTracking().Select(p => new { p.Id, p.Title, p.Body, p.Tags, p.Language, p.Revision, p.DeletedAt, p.CommentCount, p.ReactionCount, p.ShareCount }).ToListAsync(Ct)),
            Digest("revisions", await db.PostRevisions.AsNoTracking().Select(r => new { r.Id, r.PostId, r.Number }).ToListAsync(Ct)),
            Digest("comments", await db.Comments.AsNoTracking().Select(c => new { c.Id, c.Body, c.ParentId, c.DeletedAt }).ToListAsync(Ct)),
            Digest("reactions", await db.Reactions.AsNoTracking().Select(r => new { r.PostId, r.UserId, r.Kind }).ToListAsync(Ct)),
            Digest("follows", await db.Follows.AsNoTracking().Select(f => new { f.FollowerId, f.FolloweeId }).ToListAsync(Ct)),
            Digest("bookmarks", await db.Bookmarks.AsNoTracking().Select(b => new { b.UserId, b.PostId }).ToListAsync(Ct)),
            Digest("review items", await db.ReviewItems.AsNoTracking().Select(i => new { i.Id }).ToListAsync(Ct)),
            Digest("reports", await db.Reports.AsNoTracking().Select(r => new { r.Id }).ToListAsync(Ct)),
            Digest("decisions", await db.Decisions.AsNoTracking().Select(d => new { d.Id }).ToListAsync(Ct)),
            Digest("watched terms", await db.WatchedTerms.AsNoTracking().Select(t => new { t.Id }).ToListAsync(Ct)),
            Digest("audit log", await db.AuditLog.AsNoTracking().Select(e => new { e.Sequence }).ToListAsync(Ct)),
            Digest("notifications", await db.Notifications.AsNoTracking().Select(n => new { n.Id }).ToListAsync(Ct)),
        ];
    }

    private static string Digest<T>(string table, List<T> rows)
    {
        var lines = rows.Select(r => JsonSerializer.Serialize(r)).Order(StringComparer.Ordinal);
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', lines))))[..16];
        return $"{table}: {rows.Count} rows, {hash}";
    }

    public enum Who
    {
        Anonymous,
        Owner,
        Other,
        Admin,

        /// <summary>The other member, signed in by cookie (as a browser is) instead of a bearer token.</summary>
        Cookie,
    }

    /// <summary>One malformed or forbidden request and the answer it must get.</summary>
    private sealed record Bad(string Name, Who As, string Method, Func<World, string> Path, Func<World, HttpContent?> Body, HttpStatusCode Status, string? Field = null);

    /// <summary>
    /// What the cases act on: a public community with two posts (one with a comment each), a deleted post and a
    /// members-only community with a post, all by the owner; another member who belongs to none of them and
    /// has reported the owner's first post.
    /// </summary>
    public sealed class World
    {
        public required MekongApp App { get; init; }
        public required Dictionary<Who, HttpClient> Clients { get; init; }
        public required Guid OwnerId { get; init; }
        public required string OwnerEmail { get; init; }
        public required Guid OtherId { get; init; }
        public required Guid AdminId { get; init; }
        public required Guid Community { get; init; }
        public required string CommunitySlug { get; init; }
        public required Guid Post { get; init; }
        public required Guid PostComment { get; init; }
        public required Guid OtherPostComment { get; init; }
        public required Guid DeletedPost { get; init; }
        public required Guid PrivatePost { get; init; }
        public required Guid ReviewItem { get; init; }

        public string NewPostPath => $"/api/v1/communities/{Community}/posts";

        public string CommunityPath => $"/api/v1/communities/{Community}";

        public string CommentsPath => $"/api/v1/posts/{Post}/comments";

        public object Credentials => new { email = OwnerEmail, password = "correct horse battery" };

        public HttpClient Client(Who who) => Clients[who];
    }

    /// <summary>One app and one world per provider, built on first use.</summary>
    public sealed class Worlds(PostgresServer postgres) : IAsyncDisposable
    {
        private readonly Apps _apps = new(postgres);
        private readonly Dictionary<DatabaseProvider, Task<World>> _worlds = [];
        private readonly Lock _gate = new();

        public Task<World> For(DatabaseProvider provider)
        {
            lock (_gate)
            {
                if (!_worlds.TryGetValue(provider, out var world))
                {
                    _worlds[provider] = world = BuildAsync(provider);
                }

                return world;
            }
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var world in _worlds.Values)
            {
                (await world).Clients[Who.Anonymous].Dispose();
                (await world).Clients[Who.Cookie].Dispose();
            }

            await _apps.DisposeAsync();
        }

        private static async Task<HttpClient> CookieClientAsync(MekongApp app, string email)
        {
            var client = app.CreateClient(); // keeps cookies between requests
            (await client.PostAsJsonAsync("/api/v1/auth/login?useCookies=true", new { email, password = "correct horse battery" }, Ct)).EnsureSuccessStatusCode();
            return client;
        }

        private async Task<World> BuildAsync(DatabaseProvider provider)
        {
            var app = await _apps.For(provider);
            var owner = await app.RegisterAsync("owner", country: "TH");
            var other = await app.RegisterAsync("other", country: "MM");
            var community = await owner.CreateCommunityAsync();
            var post = await owner.CreatePostAsync(community.Id().ToString(), "ส้มตำ", "อร่อย", ["food"], "th");
            var comment = await owner.CommentAsync(post.Id(), "first");
            var otherPost = await owner.CreatePostAsync(community.Id().ToString(), "Second");
            var otherComment = await owner.CommentAsync(otherPost.Id(), "elsewhere");
            var deleted = await owner.CreatePostAsync(community.Id().ToString(), "Deleted");
            await (await owner.Client.DeleteAsync($"/api/v1/posts/{deleted.Id()}", Ct)).ExpectAsync(HttpStatusCode.NoContent);
            var closed = await owner.CreateCommunityAsync(visibility: "membersOnly");
            var secret = await owner.CreatePostAsync(closed.Id().ToString(), "Secret");
            var report = await (await other.Client.PostAsJsonAsync("/api/v1/reports", new { kind = "post", id = post.Id(), reason = "spam" }, Ct))
                .ExpectAsync(HttpStatusCode.Created);
            return new World
            {
                App = app,
                Clients = new()
                {
                    [Who.Anonymous] = app.CreateClient(),
                    [Who.Owner] = owner.Client,
                    [Who.Other] = other.Client,
                    [Who.Admin] = app.Admin.Client,
                    [Who.Cookie] = await CookieClientAsync(app, other.Email),
                },
                OwnerId = owner.Id,
                OwnerEmail = owner.Email,
                OtherId = other.Id,
                AdminId = app.Admin.Id,
                Community = community.Id(),
                CommunitySlug = community.GetProperty("slug").GetString()!,
                Post = post.Id(),
                PostComment = comment.Id(),
                OtherPostComment = otherComment.Id(),
                DeletedPost = deleted.Id(),
                PrivatePost = secret.Id(),
                ReviewItem = report.GetProperty("reviewItemId").GetGuid(),
            };
        }
    }
}
