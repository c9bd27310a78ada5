using Mekong.Platform;
using Mekong.Platform.Data;
using Mekong.Platform.Http;
using Mekong.Posts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Mekong.Translation;

public sealed record ProposalView(
    Guid Id, Guid PostId, int Revision, string Language, Guid ProposerId, string Text, int Score, ProposalState State,
    DateTimeOffset CreatedAt, DateTimeOffset? AcceptedAt, Guid? AcceptedBy, int MyVote);

public sealed record SuggestionView(string SourceText, string Text, double Similarity, string Provider, string Model, DateTimeOffset CreatedAt);

public enum VoteOutcome
{
    Counted,
    OwnProposal,
}

/// <summary>
/// Human post-editing: members propose better translations of a post revision, others vote (+1 / −1, one vote
/// each, never on their own); a proposal at <c>Translation:AcceptVotes</c> net votes, or one a moderator
/// accepts, replaces the machine version. Nothing is deleted: the machine version and every proposal remain.
/// </summary>
public sealed class PostEditing(MekongDb db, Translator translator, IOptionsMonitor<TranslationOptions> options, TimeProvider time)
{
    public async Task<TranslationProposal?> ProposeAsync(ReadablePost readable, Guid proposerId, string language, string? text, Errors errors, CancellationToken ct = default)
    {
        if (string.Equals(readable.Post.Language, language, StringComparison.Ordinal))
        {
            errors.Add("lang", "The post is already written in that language.");
        }

        var body = errors.Body("text", text, Limits.PostBodyBytes);
        if (errors.Any || body is null)
        {
            return null;
        }

        var proposal = new TranslationProposal(readable.Post.Id, readable.Post.Revision, language, proposerId, body.Trim(), time.GetUtcNow());
        db.TranslationProposals.Add(proposal);
        await db.SaveChangesAsync(ct);
        return proposal;
    }

    public async Task<VoteOutcome> VoteAsync(TranslationProposal proposal, ReadablePost readable, Guid voterId, int value, CancellationToken ct = default)
    {
        if (proposal.ProposerId == voterId)
        {
            return VoteOutcome.OwnProposal;
        }

        var now = time.GetUtcNow();
        var vote = await db.TranslationVotes.FirstOrDefaultAsync(v => v.ProposalId == proposal.Id && v.UserId == voterId, ct);
        if (vote is null)
        {
            db.TranslationVotes.Add(new TranslationVote(proposal.Id, voterId, value, now));
        }
        else
        {
            vote.Change(value, now);
        }

        await db.SaveChangesAsync(ct);
        proposal.Rescore(await db.TranslationVotes.Where(v => v.ProposalId == proposal.Id).SumAsync(v => v.Value, ct));
        if (proposal.State == ProposalState.Open && proposal.Score >= Math.Max(1, options.CurrentValue.AcceptVotes) && proposal.Revision == readable.Post.Revision)
        {
            await AcceptAsync(proposal, readable, by: null, ct);
        }
        else
        {
            await db.SaveChangesAsync(ct);
        }

        return VoteOutcome.Counted;
    }

    /// <summary>The proposal becomes the community version; an earlier accepted one is kept as superseded.</summary>
    public async Task AcceptAsync(TranslationProposal proposal, ReadablePost readable, Guid? by, CancellationToken ct = default)
    {
        if (proposal.State == ProposalState.Accepted)
        {
            return;
        }

        var earlier = await db.TranslationProposals
            .Where(p => p.PostId == proposal.PostId && p.TargetLanguage == proposal.TargetLanguage && p.State == ProposalState.Accepted && p.Id != proposal.Id)
            .ToListAsync(ct);
        earlier.ForEach(p => p.Supersede());
        proposal.Accept(by, time.GetUtcNow());
        translator.Indexed(TranslatedKind.Post, proposal.PostId, proposal.PostId, readable.Post.CommunityId, proposal.TargetLanguage, proposal.Text);
        await db.SaveChangesAsync(ct);
    }

    public async Task<IReadOnlyList<ProposalView>> ListAsync(Guid postId, string language, Guid? readerId, CancellationToken ct = default)
    {
        var proposals = await db.TranslationProposals.AsNoTracking().Where(p => p.PostId == postId && p.TargetLanguage == language)
            .OrderByDescending(p => p.Id).Take(Limits.MaxPageSize).ToListAsync(ct);
        var ids = proposals.Select(p => p.Id).ToList();
        var mine = readerId is { } me
            ? await db.TranslationVotes.AsNoTracking().Where(v => v.UserId == me && ids.Contains(v.ProposalId)).ToDictionaryAsync(v => v.ProposalId, v => v.Value, ct)
            : [];
        return [.. proposals.Select(p => View(p, mine.GetValueOrDefault(p.Id)))];
    }

    public static ProposalView View(TranslationProposal p, int myVote) =>
        new(p.Id, p.PostId, p.Revision, p.TargetLanguage, p.ProposerId, p.Text, p.Score, p.State, p.CreatedAt, p.AcceptedAt, p.AcceptedBy, myVote);

    /// <summary>Memory entries of the same language pair whose source is at least 85% similar to the post's text.</summary>
    public async Task<IReadOnlyList<SuggestionView>> SuggestionsAsync(Post post, string language, CancellationToken ct = default)
    {
        var text = TranslationView.Join(post.Title, post.Body);
        var recent = await db.TranslationEntries.AsNoTracking()
            .Where(e => e.SourceLanguage == post.Language && e.TargetLanguage == language)
            .OrderByDescending(e => e.CreatedAt).Take(FuzzyMatch.Window).ToListAsync(ct);
        return [.. recent
            .Where(e => FuzzyMatch.LengthsCompatible(Math.Min(e.SourceText.Length, FuzzyMatch.MaxChars), Math.Min(text.Length, FuzzyMatch.MaxChars)))
            .Select(e => (Entry: e, Similarity: FuzzyMatch.Similarity(text, e.SourceText)))
            .Where(x => x.Similarity >= FuzzyMatch.Threshold)
            .OrderByDescending(x => x.Similarity).Take(5)
            .Select(x => new SuggestionView(x.Entry.SourceText, x.Entry.Text, Math.Round(x.Similarity, 3), x.Entry.Provider, x.Entry.Model, x.Entry.CreatedAt))];
    }
}
