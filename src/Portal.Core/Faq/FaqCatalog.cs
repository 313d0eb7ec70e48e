using Microsoft.EntityFrameworkCore;
using Portal.Core.Customers;
using Portal.Core.Data;

namespace Portal.Core.Faq;

/// <summary>A published article in a list: its title in the reader's language, or the other one when that is all there is.</summary>
public sealed record FaqArticleLink(int Id, int CategoryId, string Title, string Language, bool IsFallback);

public sealed record FaqSection(int Id, string Name, IReadOnlyList<FaqArticleLink> Articles);

/// <summary>A published article to read: <see cref="Html"/> is rendered and sanitized.</summary>
public sealed record FaqArticleView(
    int Id, string CategoryName, string Title, string Html, string Language, bool IsFallback, int Helpful, int NotHelpful);

public sealed record FaqVoteCounts(int Helpful, int NotHelpful);

/// <summary>What customers (and anyone signed out) see of the FAQ: published articles only.</summary>
public sealed class FaqCatalog(PortalDbContext db, FaqMarkdown markdown, TimeProvider clock)
{
    public const int MaxQueryLength = 100;
    public const int MaxResults = 50;

    /// <summary>Categories in staff's order with their published articles; categories with none are left out.</summary>
    public async Task<IReadOnlyList<FaqSection>> SectionsAsync(string language, CancellationToken ct = default)
    {
        var categories = await db.Set<FaqCategory>().AsNoTracking().OrderBy(c => c.SortOrder).ThenBy(c => c.Id).ToListAsync(ct);
        var links = await Links(Published(), language, ct);
        return categories
            .Select(c => new FaqSection(c.Id, c.Name(language), links.Where(l => l.CategoryId == c.Id).ToList()))
            .Where(s => s.Articles.Count > 0)
            .ToList();
    }

    /// <summary>
    /// Published articles whose title or body contains <paramref name="text"/> (ignoring case), looked for in the
    /// words the reader would see: their language, or the other one for an article not translated yet.
    /// </summary>
    public async Task<IReadOnlyList<FaqArticleLink>> SearchAsync(string? text, string language, CancellationToken ct = default)
    {
        text = text?.Trim() ?? "";
        if (text.Length == 0) return [];
        if (text.Length > MaxQueryLength) text = text[..MaxQueryLength];
        var pattern = "%" + CustomerDirectory.EscapeLike(text) + "%";
        var arabic = language == Languages.Arabic;
        var query = Published();
        // The reader sees the Arabic words when they are there and Arabic is wanted, or when there are no English ones.
        if (db.Database.IsNpgsql())
            query = query.Where(a =>
                ((arabic && a.TitleAr != null) || a.TitleEn == null)
                    ? EF.Functions.ILike(a.TitleAr!, pattern, "\\") || EF.Functions.ILike(a.BodyAr!, pattern, "\\")
                    : EF.Functions.ILike(a.TitleEn!, pattern, "\\") || EF.Functions.ILike(a.BodyEn!, pattern, "\\"));
        else
            query = query.Where(a =>
                ((arabic && a.TitleAr != null) || a.TitleEn == null)
                    ? EF.Functions.Like(a.TitleAr!, pattern, "\\") || EF.Functions.Like(a.BodyAr!, pattern, "\\")
                    : EF.Functions.Like(a.TitleEn!, pattern, "\\") || EF.Functions.Like(a.BodyEn!, pattern, "\\"));
        return await Links(query, language, ct, MaxResults);
    }

    /// <summary>A published article in <paramref name="language"/>, or in the other language when it has no translation yet.</summary>
    public async Task<FaqArticleView?> ArticleAsync(int id, string language, CancellationToken ct = default)
    {
        var row = await Published().Where(a => a.Id == id)
            .Join(db.Set<FaqCategory>(), a => a.CategoryId, c => c.Id, (a, c) => new { Article = a, c.NameEn, c.NameAr })
            .FirstOrDefaultAsync(ct);
        if (row is null) return null;
        var (text, shown) = row.Article.Content.For(language);
        var counts = await CountsAsync(id, ct);
        return new FaqArticleView(id, language == Languages.Arabic ? row.NameAr : row.NameEn, text.Title,
            markdown.Render(text.Body), shown, shown != language, counts.Helpful, counts.NotHelpful);
    }

    /// <summary>
    /// Records whether the article helped: one answer per voter (a signed-in user, or one browser) and article,
    /// which a later vote replaces. Only published articles take votes.
    /// </summary>
    public async Task<FaqResult> VoteAsync(int articleId, string voterKey, bool helpful, CancellationToken ct = default)
    {
        if (!await Published().AnyAsync(a => a.Id == articleId, ct)) return FaqResult.Fail(FaqError.ArticleNotFound);
        var now = clock.GetUtcNow().UtcDateTime;
        for (var attempt = 0; ; attempt++)
        {
            var vote = await db.Set<FaqVote>().FirstOrDefaultAsync(v => v.ArticleId == articleId && v.VoterKey == voterKey, ct);
            if (vote is null) db.Add(vote = new FaqVote(articleId, voterKey, helpful, now));
            else
            {
                vote.Helpful = helpful;
                vote.AtUtc = now;
            }
            try
            {
                await db.SaveChangesAsync(ct);
                return FaqResult.Ok(articleId);
            }
            catch (DbUpdateException) when (attempt == 0)
            {
                // The same voter's other request won the insert: change that vote instead.
                db.Entry(vote).State = EntityState.Detached;
            }
        }
    }

    public async Task<FaqVoteCounts> CountsAsync(int articleId, CancellationToken ct = default)
    {
        var votes = db.Set<FaqVote>().Where(v => v.ArticleId == articleId);
        return new FaqVoteCounts(await votes.CountAsync(v => v.Helpful, ct), await votes.CountAsync(v => !v.Helpful, ct));
    }

    private IQueryable<FaqArticle> Published() =>
        db.Set<FaqArticle>().AsNoTracking().Where(a => a.Status == FaqStatus.Published);

    private static async Task<List<FaqArticleLink>> Links(IQueryable<FaqArticle> articles, string language, CancellationToken ct, int? take = null)
    {
        var ordered = articles.OrderBy(a => a.SortOrder).ThenBy(a => a.Id);
        var rows = await (take is { } n ? ordered.Take(n) : ordered)
            .Select(a => new { a.Id, a.CategoryId, a.TitleEn, a.TitleAr })
            .ToListAsync(ct);
        return rows.Select(r =>
        {
            var arabic = language == Languages.Arabic && r.TitleAr is not null || r.TitleEn is null;
            var shown = arabic ? Languages.Arabic : Languages.English;
            return new FaqArticleLink(r.Id, r.CategoryId, arabic ? r.TitleAr! : r.TitleEn!, shown, shown != language);
        }).ToList();
    }
}
