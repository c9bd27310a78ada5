using System.Net;
using System.Net.Http.Json;
using System.Text;
using Mekong.Glossary;
using Mekong.Platform.Data;
using Mekong.Tests.Platform;

namespace Mekong.Tests.Glossary;

/// <summary>/api/v1/glossary end to end: CRUD, filters and paging, CSV and TBX round trips, all-or-nothing imports.</summary>
public sealed class GlossaryApiTests(Apps apps) : IClassFixture<Apps>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string NewId(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..8];

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Moderators_create_read_update_and_delete_concepts_and_bad_input_names_the_field(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var moderator = await app.RegisterWithRoleAsync(app.Admin, "moderator");
        var member = await app.RegisterAsync("reader");
        var id = NewId("kuih-lapis");
        var body = new
        {
            id,
            category = "food",
            note = "Layered steamed cake.",
            terms = new object[]
            {
                new { language = "ms", preferred = "kuih lapis", allowed = new[] { "kueh lapis" } },
                new { language = "id", preferred = "kue lapis" },
                new { language = "zh-hans", preferred = "九层糕" },
            },
        };

        await (await member.Client.PostAsJsonAsync("/api/v1/glossary", body, Ct)).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await moderator.Client.PostAsJsonAsync("/api/v1/glossary", new { id, category = "food", terms = new[] { new { language = "xx", preferred = "a" } } }, Ct))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "terms[0].language");
        await (await moderator.Client.PostAsJsonAsync("/api/v1/glossary", new { id = "Not A Slug", category = "snack", terms = Array.Empty<object>() }, Ct))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "category");
        await (await member.Client.GetAsync("/api/v1/glossary?language=xx", Ct)).ExpectProblemAsync(HttpStatusCode.BadRequest, "language");
        await (await member.Client.GetAsync("/api/v1/glossary?category=snack", Ct)).ExpectProblemAsync(HttpStatusCode.BadRequest, "category");

        var before = app.Service<IGlossary>().Version;
        var created = await (await moderator.Client.PostAsJsonAsync("/api/v1/glossary", body, Ct)).ExpectAsync(HttpStatusCode.Created);
        Assert.Equal("zh-Hans", created.GetProperty("terms")[0].GetProperty("language").GetString()); // canonical code, platform order
        Assert.Equal(1, created.GetProperty("revision").GetInt32());
        Assert.True(app.Service<IGlossary>().Version > before);
        await (await moderator.Client.PostAsJsonAsync("/api/v1/glossary", body, Ct)).ExpectProblemAsync(HttpStatusCode.BadRequest, "id");

        var anonymous = app.CreateClient();
        var read = await (await anonymous.GetAsync($"/api/v1/glossary/{id}", Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Layered steamed cake.", read.GetProperty("note").GetString());
        var found = await (await anonymous.GetAsync("/api/v1/glossary?q=KUEH%20LAPIS&language=ms&category=food", Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal([id], found.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("id").GetString()));
        var thai = await (await anonymous.GetAsync("/api/v1/glossary?q=สงกรานต์", Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(["water-new-year"], thai.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("id").GetString()));

        // Cursor paging walks every concept once, in id order.
        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await (await anonymous.GetAsync("/api/v1/glossary?limit=25" + (cursor is null ? "" : "&cursor=" + cursor), Ct)).ExpectAsync(HttpStatusCode.OK);
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("id").GetString()!));
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);
        Assert.Equal(seen.Order(StringComparer.Ordinal), seen);
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Contains(id, seen);
        Assert.True(seen.Count >= 61);

        // Update replaces the terms; a stale revision is refused; the matcher follows at once.
        var update = new { category = "food", note = "Nine-layer cake.", revision = 1, terms = new[] { new { language = "ms", preferred = "kuih sembilan lapis" } } };
        var updated = await (await moderator.Client.PutAsJsonAsync($"/api/v1/glossary/{id}", update, Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(2, updated.GetProperty("revision").GetInt32());
        Assert.Equal(1, updated.GetProperty("terms").GetArrayLength());
        await (await moderator.Client.PutAsJsonAsync($"/api/v1/glossary/{id}", update, Ct)).ExpectProblemAsync(HttpStatusCode.Conflict);
        await (await moderator.Client.PutAsJsonAsync($"/api/v1/glossary/{id}", update with { revision = 2 }, Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Contains(app.Service<IGlossary>().Match("Sedapnya kuih sembilan lapis ini!", "ms"), m => m.ConceptId == id);
        await (await moderator.Client.PutAsJsonAsync($"/api/v1/glossary/{NewId("none")}", update, Ct)).ExpectProblemAsync(HttpStatusCode.NotFound);

        await (await moderator.Client.DeleteAsync($"/api/v1/glossary/{id}", Ct)).ExpectAsync(HttpStatusCode.NoContent);
        await (await anonymous.GetAsync($"/api/v1/glossary/{id}", Ct)).ExpectProblemAsync(HttpStatusCode.NotFound);
        Assert.Empty(app.Service<IGlossary>().Match("Sedapnya kuih sembilan lapis ini!", "ms"));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Csv_export_imports_back_unchanged_and_new_rows_are_added(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var admin = app.Admin.Client;
        var exported = await admin.GetStringAsync("/api/v1/glossary/export.csv", Ct);
        Assert.StartsWith(GlossaryFiles.CsvHeader + "\n", exported, StringComparison.Ordinal);
        Assert.Contains("\nspring-festival,festival,th,ตรุษจีน,วันตรุษจีน,", exported, StringComparison.Ordinal);

        var result = await (await admin.PostAsync("/api/v1/glossary/import", Csv(exported), Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(0, result.GetProperty("created").GetInt32());
        Assert.True(result.GetProperty("updated").GetInt32() >= 60);
        Assert.Equal(exported, await admin.GetStringAsync("/api/v1/glossary/export.csv", Ct));

        var id = NewId("lemang");
        var added = GlossaryFiles.CsvHeader + "\n"
            + $"{id},food,ms,lemang,\"lamang;Bamboo rice, Hari Raya\",\"Glutinous rice cooked in bamboo, \"\"Hari Raya\"\" food\"\n"
            + $"{id},food,id,lemang,lamang,\n"
            + $"{id},food,th,ข้าวหลาม,,\n";
        await (await admin.PostAsync("/api/v1/glossary/import", Csv(added), Ct)).ExpectAsync(HttpStatusCode.OK);
        var concept = await (await admin.GetAsync($"/api/v1/glossary/{id}", Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Glutinous rice cooked in bamboo, \"Hari Raya\" food", concept.GetProperty("note").GetString());
        Assert.Equal(["lamang", "Bamboo rice, Hari Raya"], concept.GetProperty("terms").EnumerateArray().Single(t => t.GetProperty("language").GetString() == "ms").GetProperty("allowed").EnumerateArray().Select(a => a.GetString()));
        Assert.Contains(app.Service<IGlossary>().Match("เทศกาลข้าวหลามที่หนองมน", "th"), m => m.ConceptId == id);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Invalid_csv_rows_are_reported_by_line_and_field_and_nothing_is_imported(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var moderator = await app.RegisterWithRoleAsync(app.Admin, "moderator");
        var good = NewId("good");
        var csv = GlossaryFiles.CsvHeader + "\n"
            + $"{good},food,th,ข้าวซอย,,Northern curry noodles\n"
            + $"{good},food,xx,khao soi,,\n"
            + $"{good},food,en,,,\n"
            + $"{NewId("bad")},snack,vi,bánh,,\n"
            + "Bad Id,food,vi,bánh xèo,,\n"
            + $"{good},food,th,ข้าวซอยไก่,,\n"
            + $"{good},place,lo,ເຂົ້າຊອຍ,,\n"
            + "too,few,fields\n";
        var version = app.Service<IGlossary>().Version;

        var problem = await (await moderator.Client.PostAsync("/api/v1/glossary/import", Csv(csv), Ct)).ExpectProblemAsync(HttpStatusCode.BadRequest);

        var fields = problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["line 3: language", "line 4: preferred", "line 5: category", "line 6: concept", "line 7: language", "line 8: category", "line 9"], fields);
        Assert.Contains("xx", problem.GetProperty("errors").GetProperty("line 3: language")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(version, app.Service<IGlossary>().Version);
        await (await moderator.Client.GetAsync($"/api/v1/glossary/{good}", Ct)).ExpectProblemAsync(HttpStatusCode.NotFound);

        await (await moderator.Client.PostAsync("/api/v1/glossary/import", new StringContent("x", Encoding.UTF8, "application/json"), Ct))
            .ExpectProblemAsync(HttpStatusCode.UnsupportedMediaType);
        await (await moderator.Client.PostAsync("/api/v1/glossary/import", Csv("id,name\n"), Ct)).ExpectProblemAsync(HttpStatusCode.BadRequest, "line 1");
        var latin1 = new ByteArrayContent([0x63, 0x6F, 0xE9, 0x0A]);
        latin1.Headers.ContentType = new("text/csv");
        await (await moderator.Client.PostAsync("/api/v1/glossary/import", latin1, Ct)).ExpectProblemAsync(HttpStatusCode.BadRequest, "body");
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Tbx_export_imports_back_unchanged_and_a_new_entry_is_matched(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var admin = app.Admin.Client;
        var response = await admin.GetAsync("/api/v1/glossary/export.tbx", Ct);
        Assert.Equal("application/x-tbx", response.Content.Headers.ContentType?.MediaType);
        var tbx = await response.Content.ReadAsStringAsync(Ct);
        Assert.Contains("<tbx type=\"TBX-Basic\" style=\"dca\" xml:lang=\"en\" xmlns=\"urn:iso:std:iso:30042:ed-2\">", tbx, StringComparison.Ordinal);
        Assert.Contains("<conceptEntry id=\"spring-festival\">", tbx, StringComparison.Ordinal);

        var csvBefore = await admin.GetStringAsync("/api/v1/glossary/export.csv", Ct);
        var result = await (await admin.PostAsync("/api/v1/glossary/import", Tbx(tbx, "application/x-tbx"), Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(0, result.GetProperty("created").GetInt32());
        Assert.Equal(csvBefore, await admin.GetStringAsync("/api/v1/glossary/export.csv", Ct));

        var id = NewId("nom-banh-chok");
        var entry = $"""
            <?xml version="1.0" encoding="UTF-8"?>
            <tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">
              <tbxHeader><fileDesc><sourceDesc><p>test</p></sourceDesc></fileDesc></tbxHeader>
              <text><body>
                <conceptEntry id="{id}">
                  <descrip type="subjectField">food</descrip>
                  <note>Khmer rice noodles with fish curry, a breakfast dish.</note>
                  <langSec xml:lang="km">
                    <termSec><term>នំបញ្ចុកសម្លខ្មែរ</term><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termSec>
                  </langSec>
                  <langSec xml:lang="en">
                    <termSec><term>Khmer noodles</term><termNote type="administrativeStatus">admittedTerm-admn-sts</termNote></termSec>
                    <termSec><term>num banh chok</term><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termSec>
                  </langSec>
                </conceptEntry>
              </body></text>
            </tbx>
            """;
        await (await admin.PostAsync("/api/v1/glossary/import", Tbx(entry, "application/xml"), Ct)).ExpectAsync(HttpStatusCode.OK);
        var concept = await (await admin.GetAsync($"/api/v1/glossary/{id}", Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("num banh chok", concept.GetProperty("terms")[0].GetProperty("preferred").GetString());
        var constraints = app.Service<IGlossary>().Constraints("We had Khmer noodles for breakfast.", "en", "km");
        Assert.Equal("នំបញ្ចុកសម្លខ្មែរ", Assert.Single(constraints, c => c.ConceptId == id).TargetPreferred);

        // Bad entries are listed by line and field; nothing is written.
        var bad = entry.Replace($"id=\"{id}\"", "id=\"second\"", StringComparison.Ordinal)
            .Replace(">food<", ">snack<", StringComparison.Ordinal).Replace("xml:lang=\"km\"", "xml:lang=\"kh\"", StringComparison.Ordinal);
        var problem = await (await admin.PostAsync("/api/v1/glossary/import", Tbx(bad, "application/x-tbx"), Ct)).ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["line 5: subjectField", "line 8: language"], problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
        await (await admin.GetAsync("/api/v1/glossary/second", Ct)).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Tbx_with_a_dtd_or_external_entity_is_refused(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var version = app.Service<IGlossary>().Version;
        const string Xxe = """
            <?xml version="1.0" encoding="UTF-8"?>
            <!DOCTYPE tbx [ <!ENTITY secret SYSTEM "file:///etc/passwd"> ]>
            <tbx type="TBX-Basic" style="dca" xmlns="urn:iso:std:iso:30042:ed-2"><text><body>
              <conceptEntry id="xxe"><descrip type="subjectField">other</descrip>
                <langSec xml:lang="en"><termSec><term>&secret;</term></termSec></langSec>
              </conceptEntry>
            </body></text></tbx>
            """;

        var problem = await (await app.Admin.Client.PostAsync("/api/v1/glossary/import", Tbx(Xxe, "application/x-tbx"), Ct)).ExpectProblemAsync(HttpStatusCode.BadRequest, "line 2");

        Assert.Contains("DTD", problem.GetProperty("errors").GetProperty("line 2")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(version, app.Service<IGlossary>().Version);
        await (await app.Admin.Client.GetAsync("/api/v1/glossary/xxe", Ct)).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Concurrent_creates_of_one_id_give_one_concept_and_a_4xx_never_a_5xx(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var id = NewId("race");
        var body = new { id, category = "other", terms = new[] { new { language = "en", preferred = "race " + id } } };

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => app.Admin.Client.PostAsJsonAsync("/api/v1/glossary", body, Ct)));

        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.Created), r => Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode));
    }

    private static StringContent Csv(string text) => new(text, Encoding.UTF8, "text/csv");

    private static StringContent Tbx(string text, string type) => new(text, Encoding.UTF8, type);
}
