using System.Net;
using Mekong.Glossary;
using Mekong.Platform.Data;
using Mekong.Tests.Platform;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Mekong.Tests.Glossary;

/// <summary>The /glossary pages: everyone browses and searches; moderators create, edit, delete and upload files.</summary>
public sealed class GlossaryPageTests(Apps apps) : IClassFixture<Apps>
{
    private static readonly WebApplicationFactoryClientOptions NoRedirects = new() { AllowAutoRedirect = false };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Visitors_browse_by_category_and_language_and_search()
    {
        var app = await apps.For(DatabaseProvider.Sqlite);
        using var browser = app.CreateClient(NoRedirects);

        var all = await browser.GetStringAsync("/glossary", Ct);
        Assert.Contains("id=\"asean\"", all, StringComparison.Ordinal);
        Assert.Contains("/api/v1/glossary/export.tbx", all, StringComparison.Ordinal);
        Assert.DoesNotContain("/glossary/edit", all, StringComparison.Ordinal);

        var durian = await browser.GetStringAsync("/glossary?category=food&language=th&q=%E0%B8%97%E0%B8%B8%E0%B9%80%E0%B8%A3%E0%B8%B5%E0%B8%A2%E0%B8%99", Ct);
        Assert.Contains("id=\"durian\"", durian, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"spring-festival\"", durian, StringComparison.Ordinal);

        var edit = await browser.GetAsync("/glossary/edit", Ct);
        Assert.Equal(HttpStatusCode.Redirect, edit.StatusCode);
        Assert.StartsWith("/signin", edit.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Moderators_create_edit_delete_and_upload_in_the_pages()
    {
        var app = await apps.For(DatabaseProvider.Sqlite);
        var moderator = await app.RegisterWithRoleAsync(app.Admin, "moderator");
        using var browser = app.CreateClient(NoRedirects);
        var token = InterfaceLanguageTests.AntiforgeryToken().Match(await browser.GetStringAsync("/signin", Ct)).Groups[1].Value;
        var signIn = await browser.PostAsync("/signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["Email"] = moderator.Email,
            ["Password"] = "correct horse battery",
        }), Ct);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);

        var form = await browser.GetStringAsync("/glossary/edit", Ct);
        token = InterfaceLanguageTests.AntiforgeryToken().Match(form).Groups[1].Value;
        var id = "khao-soi-" + Guid.NewGuid().ToString("N")[..6];
        var saved = await browser.PostAsync("/glossary/edit?handler=Save", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["NewId"] = id,
            ["Category"] = "food",
            ["Note"] = "Northern Thai curry noodles.",
            ["Terms[0].Language"] = "th",
            ["Terms[0].Preferred"] = "ข้าวซอย",
            ["Terms[0].Allowed"] = "ข้าวซอยไก่; ข้าวซอยเนื้อ",
            ["Terms[1].Language"] = "lo",
            ["Terms[1].Preferred"] = "ເຂົ້າຊອຍ",
        }), Ct);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Contains(app.Service<IGlossary>().Match("ไปเชียงใหม่ต้องกินข้าวซอยไก่", "th"), m => m.ConceptId == id);

        var editForm = await browser.GetStringAsync($"/glossary/edit/{id}", Ct);
        Assert.Contains("ข้าวซอยไก่; ข้าวซอยเนื้อ", editForm, StringComparison.Ordinal);
        var invalid = await browser.PostAsync($"/glossary/edit/{id}?handler=Save", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["Category"] = "snack",
            ["Revision"] = "1",
        }), Ct);
        Assert.Equal(HttpStatusCode.OK, invalid.StatusCode); // the form again, with the reasons

        using var upload = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(GlossaryFiles.CsvHeader + $"\n{id}-2,food,vi,bún bò Huế,,Spicy beef noodle soup of Huế.\n")), "file", "more.csv" },
        };
        var imported = await browser.PostAsync("/glossary?handler=Import", upload, Ct);
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        Assert.Contains(app.Service<IGlossary>().Match("Sáng nay ăn bún bò Huế", "vi"), m => m.ConceptId == id + "-2");

        var deleted = await browser.PostAsync($"/glossary/edit/{id}?handler=Delete", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
        }), Ct);
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.Empty(app.Service<IGlossary>().Match("ข้าวซอยไก่", "th"));
    }
}
