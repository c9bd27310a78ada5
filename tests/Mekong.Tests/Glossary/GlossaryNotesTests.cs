using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Mekong.Platform.Data;
using Mekong.Tests.Platform;

namespace Mekong.Tests.Glossary;

/// <summary>
/// Issue 9, defect 14: a concept is headed by the reader's language's preferred term (else English's, else the first),
/// not by its slug, and its usage note is written per language (the API takes and returns notes keyed by language).
/// </summary>
public sealed class GlossaryNotesTests(Apps apps) : IClassFixture<Apps>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string NewId(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..8];

    private static Dictionary<string, string> Notes(JsonElement concept) =>
        concept.GetProperty("notes").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task The_api_takes_and_returns_notes_per_language_and_refuses_an_unknown_language(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var moderator = await app.RegisterWithRoleAsync(app.Admin, "moderator");
        var id = NewId("num-banh-chok");
        var terms = new object[] { new { language = "km", preferred = "នំបញ្ចុក" }, new { language = "en", preferred = "Khmer rice noodles" } };

        await (await moderator.Client.PostAsJsonAsync("/api/v1/glossary", new { id, category = "food", terms, notes = new Dictionary<string, string> { ["xx"] = "?" } }, Ct))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "notes.xx");
        await (await moderator.Client.PostAsJsonAsync("/api/v1/glossary", new { id, category = "food", terms, notes = new Dictionary<string, string> { ["km"] = new string('ក', 2001) } }, Ct))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "notes.km");

        var created = await (await moderator.Client.PostAsJsonAsync("/api/v1/glossary", new
        {
            id,
            category = "food",
            terms,
            notes = new Dictionary<string, string> { ["en"] = "Rice noodles with a fish curry, eaten at breakfast.", ["KM"] = "នំបញ្ចុកសម្លនំបញ្ចុក ញ៉ាំពេលព្រឹក។" },
        }, Ct)).ExpectAsync(HttpStatusCode.Created);
        var notes = Notes(created);
        Assert.Equal(["en", "km"], notes.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("នំបញ្ចុកសម្លនំបញ្ចុក ញ៉ាំពេលព្រឹក។", notes["km"]);
        Assert.Equal("Rice noodles with a fish curry, eaten at breakfast.", created.GetProperty("note").GetString()); // the English one

        // The single `note` of older clients is the English note; notes in other languages are replaced with the rest.
        var updated = await (await moderator.Client.PutAsJsonAsync($"/api/v1/glossary/{id}", new
        {
            category = "food",
            note = "Fermented rice noodles.",
            terms,
            notes = new Dictionary<string, string> { ["th"] = "ขนมจีนแบบเขมร" },
        }, Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(new Dictionary<string, string> { ["en"] = "Fermented rice noodles.", ["th"] = "ขนมจีนแบบเขมร" }, Notes(updated));
        var read = await (await app.CreateClient().GetAsync($"/api/v1/glossary/{id}", Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(Notes(updated), Notes(read));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task The_page_heads_each_concept_by_the_readers_term_and_shows_the_readers_note(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var moderator = await app.RegisterWithRoleAsync(app.Admin, "moderator");
        var id = NewId("angkor");
        await (await moderator.Client.PostAsJsonAsync("/api/v1/glossary", new
        {
            id,
            category = "place",
            terms = new object[]
            {
                new { language = "km", preferred = "អង្គរវត្ត" },
                new { language = "en", preferred = "Angkor Wat" },
                new { language = "th", preferred = "นครวัด" },
            },
            notes = new Dictionary<string, string> { ["en"] = "The temple city near Siem Reap.", ["km"] = "ប្រាសាទនៅជិតក្រុងសៀមរាប។" },
        }, Ct)).ExpectAsync(HttpStatusCode.Created);

        async Task<string> SectionAsync(string language)
        {
            using var client = app.CreateClient();
            client.DefaultRequestHeaders.Add("Accept-Language", language);
            var html = await client.GetStringAsync("/glossary?q=" + Uri.EscapeDataString(id), Ct);
            var start = html.IndexOf($"id=\"{id}\"", StringComparison.Ordinal);
            Assert.True(start > 0, html);
            return html[start..html.IndexOf("</section>", start, StringComparison.Ordinal)];
        }

        var khmer = await SectionAsync("km");
        Assert.Contains("<h2><span lang=\"km\">អង្គរវត្ត</span>", khmer, StringComparison.Ordinal);
        Assert.Contains("<p lang=\"km\">ប្រាសាទនៅជិតក្រុងសៀមរាប។</p>", khmer, StringComparison.Ordinal);
        Assert.DoesNotContain("Siem Reap", khmer, StringComparison.Ordinal);

        var thai = await SectionAsync("th"); // a Thai term, no Thai note: the English note
        Assert.Contains("<h2><span lang=\"th\">นครวัด</span>", thai, StringComparison.Ordinal);
        Assert.Contains("<p lang=\"en\">The temple city near Siem Reap.</p>", thai, StringComparison.Ordinal);

        var lao = await SectionAsync("lo"); // neither: English term and note
        Assert.Contains("<h2><span lang=\"en\">Angkor Wat</span>", lao, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task The_edit_page_edits_notes_per_language(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var moderator = await app.RegisterWithRoleAsync(app.Admin, "moderator");
        using var browser = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await browser.SignInByFormAsync(moderator.Email, "correct horse battery");
        var form = await browser.GetStringAsync("/glossary/edit", Ct);
        Assert.Contains("name=\"Notes[km]\"", form, StringComparison.Ordinal);
        var token = InterfaceLanguageTests.AntiforgeryToken().Match(form).Groups[1].Value;
        var id = NewId("laap");
        var saved = await browser.PostAsync("/glossary/edit?handler=Save", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["NewId"] = id,
            ["Category"] = "food",
            ["Terms[0].Language"] = "lo",
            ["Terms[0].Preferred"] = "ລາບ",
            ["Notes[lo]"] = "ອາຫານປະຈຳຊາດລາວ.",
            ["Notes[en]"] = "Minced meat salad, Laos's national dish.",
            ["Notes[th]"] = "",
        }), Ct);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        var read = await (await app.CreateClient().GetAsync($"/api/v1/glossary/{id}", Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(new Dictionary<string, string> { ["en"] = "Minced meat salad, Laos's national dish.", ["lo"] = "ອາຫານປະຈຳຊາດລາວ." }, Notes(read));
        var again = await browser.GetStringAsync($"/glossary/edit/{id}", Ct);
        Assert.Contains("ອາຫານປະຈຳຊາດລາວ.</textarea>", again, StringComparison.Ordinal);
    }
}
