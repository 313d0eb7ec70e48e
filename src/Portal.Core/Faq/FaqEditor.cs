using Microsoft.EntityFrameworkCore;
using Portal.Core.Customers;
using Portal.Core.Data;

namespace Portal.Core.Faq;

public static class FaqLimits
{
    public const int CategoryName = 100;
    public const int Title = 200;
    public const int Body = 20_000;
}

/// <summary>Why an FAQ change was refused. The web layer turns each into a localized message.</summary>
public enum FaqError
{
    ArticleNotFound,
    CategoryNotFound,
    RevisionNotFound,
    CategoryNameRequired,
    CategoryNameTooLong,
    NoTranslation,
    TitleWithoutBody,
    BodyWithoutTitle,
    TitleTooLong,
    BodyTooLong,
}

public readonly record struct FaqResult(FaqError? Error, int Id = 0)
{
    public bool Succeeded => Error is null;
    public static FaqResult Ok(int id = 0) => new(null, id);
    public static FaqResult Fail(FaqError error) => new(error);
}

public enum FaqMove { Up, Down }

/// <summary>What staff type into the editor, before it is checked.</summary>
public sealed record FaqDraft(string? TitleEn, string? BodyEn, string? TitleAr, string? BodyAr);

public sealed record FaqStaffArticle(
    int Id, int CategoryId, string? TitleEn, string? TitleAr, FaqStatus Status, int Helpful, int NotHelpful, DateTime UpdatedUtc)
{
    public bool HasEnglish => TitleEn is not null;
    public bool HasArabic => TitleAr is not null;
    public (string Title, string Language) TitleFor(string language) =>
        language == Languages.Arabic && TitleAr is not null || TitleEn is null ? (TitleAr!, Languages.Arabic) : (TitleEn, Languages.English);
}

public sealed record FaqStaffCategory(int Id, string NameEn, string NameAr, IReadOnlyList<FaqStaffArticle> Articles)
{
    public string Name(string language) => language == Languages.Arabic ? NameAr : NameEn;
}

public sealed record FaqRevisionLine(long Id, int Number, string AuthorName, DateTime AtUtc, FaqStatus Status, int? RestoredFrom, bool HasEnglish, bool HasArabic);

/// <summary>
/// Staff changes to the FAQ: categories and their order, articles and their order, and every save of an
/// article kept as a revision (restoring one is a new save, so history is never rewritten).
/// </summary>
public sealed class FaqEditor(PortalDbContext db, TimeProvider clock)
{
    public async Task<FaqResult> AddCategoryAsync(string? nameEn, string? nameAr, CancellationToken ct = default)
    {
        if (CheckNames(ref nameEn, ref nameAr) is { } error) return FaqResult.Fail(error);
        var last = await db.Set<FaqCategory>().MaxAsync(c => (int?)c.SortOrder, ct) ?? 0;
        var category = new FaqCategory(nameEn!, nameAr!, last + 1);
        db.Add(category);
        await db.SaveChangesAsync(ct);
        return FaqResult.Ok(category.Id);
    }

    public async Task<FaqResult> RenameCategoryAsync(int id, string? nameEn, string? nameAr, CancellationToken ct = default)
    {
        if (await db.Set<FaqCategory>().FindAsync([id], ct) is not { } category) return FaqResult.Fail(FaqError.CategoryNotFound);
        if (CheckNames(ref nameEn, ref nameAr) is { } error) return FaqResult.Fail(error);
        category.Rename(nameEn!, nameAr!);
        await db.SaveChangesAsync(ct);
        return FaqResult.Ok(id);
    }

    /// <summary>Swaps the category with its neighbour; at either end nothing changes.</summary>
    public async Task<FaqResult> MoveCategoryAsync(int id, FaqMove move, CancellationToken ct = default)
    {
        var all = await db.Set<FaqCategory>().OrderBy(c => c.SortOrder).ThenBy(c => c.Id).ToListAsync(ct);
        var i = all.FindIndex(c => c.Id == id);
        if (i < 0) return FaqResult.Fail(FaqError.CategoryNotFound);
        Swap(all, i, move, (c, order) => c.SortOrder = order);
        await db.SaveChangesAsync(ct);
        return FaqResult.Ok(id);
    }

    /// <summary>Swaps the article with its neighbour in its category; at either end nothing changes.</summary>
    public async Task<FaqResult> MoveArticleAsync(int id, FaqMove move, CancellationToken ct = default)
    {
        var categoryId = await db.Set<FaqArticle>().Where(a => a.Id == id).Select(a => (int?)a.CategoryId).FirstOrDefaultAsync(ct);
        if (categoryId is null) return FaqResult.Fail(FaqError.ArticleNotFound);
        var all = await db.Set<FaqArticle>().Where(a => a.CategoryId == categoryId)
            .OrderBy(a => a.SortOrder).ThenBy(a => a.Id).ToListAsync(ct);
        Swap(all, all.FindIndex(a => a.Id == id), move, (a, order) => a.SortOrder = order);
        await db.SaveChangesAsync(ct);
        return FaqResult.Ok(id);
    }

    /// <summary>
    /// Creates (<paramref name="id"/> null) or updates an article with <paramref name="draft"/> and
    /// <paramref name="status"/>, and keeps the result as a new revision. Refused changes change nothing.
    /// </summary>
    public async Task<FaqResult> SaveAsync(int? id, int categoryId, FaqDraft draft, FaqStatus status, FaqActor actor, CancellationToken ct = default)
    {
        if (Check(draft, out var content) is { } error) return FaqResult.Fail(error);
        if (!await db.Set<FaqCategory>().AnyAsync(c => c.Id == categoryId, ct)) return FaqResult.Fail(FaqError.CategoryNotFound);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        FaqArticle article;
        if (id is null)
        {
            article = new FaqArticle(categoryId, await NextArticleOrderAsync(categoryId, ct));
            db.Add(article);
        }
        else
        {
            if (await db.Set<FaqArticle>().FindAsync([id.Value], ct) is not { } found) return FaqResult.Fail(FaqError.ArticleNotFound);
            article = found;
            if (article.CategoryId != categoryId) article.MoveTo(categoryId, await NextArticleOrderAsync(categoryId, ct));
        }
        var now = clock.GetUtcNow().UtcDateTime;
        article.Apply(content, status, now);
        await db.SaveChangesAsync(ct);
        await AddRevisionAsync(article, actor, now, restoredFrom: null, ct);
        await tx.CommitAsync(ct);
        return FaqResult.Ok(article.Id);
    }

    /// <summary>Brings back revision <paramref name="revisionId"/>'s words and status, as a new revision.</summary>
    public async Task<FaqResult> RestoreAsync(int articleId, long revisionId, FaqActor actor, CancellationToken ct = default)
    {
        if (await db.Set<FaqArticle>().FindAsync([articleId], ct) is not { } article) return FaqResult.Fail(FaqError.ArticleNotFound);
        var revision = await db.Set<FaqRevision>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == revisionId && r.ArticleId == articleId, ct);
        if (revision is null) return FaqResult.Fail(FaqError.RevisionNotFound);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        article.Apply(revision.Content, revision.Status, now);
        await db.SaveChangesAsync(ct);
        await AddRevisionAsync(article, actor, now, revision.Number, ct);
        await tx.CommitAsync(ct);
        return FaqResult.Ok(articleId);
    }

    public Task<FaqArticle?> FindAsync(int id, CancellationToken ct = default) =>
        db.Set<FaqArticle>().AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct);

    public async Task<IReadOnlyList<FaqRevisionLine>> RevisionsAsync(int articleId, CancellationToken ct = default) =>
        await db.Set<FaqRevision>().AsNoTracking().Where(r => r.ArticleId == articleId)
            .OrderByDescending(r => r.Number)
            .Select(r => new FaqRevisionLine(r.Id, r.Number, r.AuthorName, r.AtUtc, r.Status, r.RestoredFrom, r.TitleEn != null, r.TitleAr != null))
            .ToListAsync(ct);

    /// <summary>Every category in order with all its articles (drafts too) and their helpful counts.</summary>
    public async Task<IReadOnlyList<FaqStaffCategory>> OverviewAsync(CancellationToken ct = default)
    {
        var categories = await db.Set<FaqCategory>().AsNoTracking().OrderBy(c => c.SortOrder).ThenBy(c => c.Id).ToListAsync(ct);
        var articles = await db.Set<FaqArticle>().AsNoTracking().OrderBy(a => a.SortOrder).ThenBy(a => a.Id)
            .Select(a => new FaqStaffArticle(a.Id, a.CategoryId, a.TitleEn, a.TitleAr, a.Status,
                db.Set<FaqVote>().Count(v => v.ArticleId == a.Id && v.Helpful),
                db.Set<FaqVote>().Count(v => v.ArticleId == a.Id && !v.Helpful), a.UpdatedUtc))
            .ToListAsync(ct);
        return categories.Select(c => new FaqStaffCategory(c.Id, c.NameEn, c.NameAr,
            articles.Where(a => a.CategoryId == c.Id).ToList())).ToList();
    }

    public async Task<IReadOnlyList<FaqCategory>> CategoriesAsync(CancellationToken ct = default) =>
        await db.Set<FaqCategory>().AsNoTracking().OrderBy(c => c.SortOrder).ThenBy(c => c.Id).ToListAsync(ct);

    private async Task AddRevisionAsync(FaqArticle article, FaqActor actor, DateTime now, int? restoredFrom, CancellationToken ct)
    {
        var last = await db.Set<FaqRevision>().Where(r => r.ArticleId == article.Id).MaxAsync(r => (int?)r.Number, ct) ?? 0;
        db.Add(new FaqRevision(article, last + 1, actor, now, restoredFrom));
        await db.SaveChangesAsync(ct);
    }

    private async Task<int> NextArticleOrderAsync(int categoryId, CancellationToken ct) =>
        (await db.Set<FaqArticle>().Where(a => a.CategoryId == categoryId).MaxAsync(a => (int?)a.SortOrder, ct) ?? 0) + 1;

    private static void Swap<T>(List<T> items, int i, FaqMove move, Action<T, int> setOrder)
    {
        // Renumber first so equal or missing orders cannot make a swap a no-op.
        for (var k = 0; k < items.Count; k++) setOrder(items[k], k + 1);
        var j = move == FaqMove.Up ? i - 1 : i + 1;
        if (i < 0 || j < 0 || j >= items.Count) return;
        setOrder(items[i], j + 1);
        setOrder(items[j], i + 1);
    }

    private static FaqError? CheckNames(ref string? nameEn, ref string? nameAr)
    {
        nameEn = nameEn?.Trim();
        nameAr = nameAr?.Trim();
        if (string.IsNullOrEmpty(nameEn) || string.IsNullOrEmpty(nameAr)) return FaqError.CategoryNameRequired;
        if (nameEn.Length > FaqLimits.CategoryName || nameAr.Length > FaqLimits.CategoryName) return FaqError.CategoryNameTooLong;
        return null;
    }

    /// <summary>Each language is either left empty or has both a title and a body; at least one has them.</summary>
    public static FaqError? Check(FaqDraft draft, out FaqContent content)
    {
        content = new FaqContent(null, null);
        var (en, enError) = Translation(draft.TitleEn, draft.BodyEn);
        if (enError is not null) return enError;
        var (ar, arError) = Translation(draft.TitleAr, draft.BodyAr);
        if (arError is not null) return arError;
        if (en is null && ar is null) return FaqError.NoTranslation;
        content = new FaqContent(en, ar);
        return null;
    }

    private static (FaqTranslation?, FaqError?) Translation(string? title, string? body)
    {
        title = string.IsNullOrWhiteSpace(title) ? null : title.Trim();
        body = string.IsNullOrWhiteSpace(body) ? null : body.Trim().ReplaceLineEndings("\n");
        return (title, body) switch
        {
            (null, null) => (null, null),
            (not null, null) => (null, FaqError.TitleWithoutBody),
            (null, not null) => (null, FaqError.BodyWithoutTitle),
            _ when title!.Length > FaqLimits.Title => (null, FaqError.TitleTooLong),
            _ when body!.Length > FaqLimits.Body => (null, FaqError.BodyTooLong),
            _ => (new FaqTranslation(title!, body!), null),
        };
    }
}
