using Mekong.Audit;
using Mekong.Platform.Content;
using Mekong.Platform.Data;
using Mekong.Platform.Http;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Review;

/// <summary>Reads and saves the community guidelines; a save is audited like any moderation change.</summary>
public sealed class GuidelinesText(MekongDb db, MarkdownRenderer markdown, AuditLog audit, TimeProvider clock)
{
    public async Task<SiteTextView> GetAsync(CancellationToken ct = default)
    {
        var text = await db.SiteTexts.AsNoTracking().FirstOrDefaultAsync(t => t.Key == Guidelines.Key, ct);
        return text is null
            ? new SiteTextView(Guidelines.Default, markdown.ToHtml(Guidelines.Default), null)
            : new SiteTextView(text.Markdown, text.Html, text.UpdatedAt);
    }

    public async Task<SiteTextView?> SaveAsync(string? input, Guid actorId, Errors errors, CancellationToken ct = default)
    {
        var body = errors.Body("markdown", input, Platform.Limits.PostBodyBytes);
        if (errors.Any)
        {
            return null;
        }

        var text = await db.SiteTexts.FirstOrDefaultAsync(t => t.Key == Guidelines.Key, ct);
        var before = text?.Markdown;
        if (text is null)
        {
            text = new SiteText(Guidelines.Key, body!, markdown.ToHtml(body!), actorId, clock.GetUtcNow());
            db.SiteTexts.Add(text);
        }
        else
        {
            text.Update(body!, markdown.ToHtml(body!), actorId, clock.GetUtcNow());
        }

        await audit.AppendAsync(actorId, "guidelines.update", "guidelines", "", before is null ? null : new { markdown = before }, new { markdown = body }, ct);
        return new SiteTextView(text.Markdown, text.Html, text.UpdatedAt);
    }
}
