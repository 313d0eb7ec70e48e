using Portal.Core.Customers;

namespace Portal.Core.Faq;

public enum FaqStatus { Draft, Published }

/// <summary>A group of articles on the help centre, in the order staff arrange.</summary>
public class FaqCategory
{
    public int Id { get; private set; }
    public string NameEn { get; private set; } = "";
    public string NameAr { get; private set; } = "";
    public int SortOrder { get; internal set; }

    private FaqCategory() { }

    internal FaqCategory(string nameEn, string nameAr, int sortOrder)
    {
        NameEn = nameEn;
        NameAr = nameAr;
        SortOrder = sortOrder;
    }

    internal void Rename(string nameEn, string nameAr)
    {
        NameEn = nameEn;
        NameAr = nameAr;
    }

    public string Name(string language) => language == Languages.Arabic ? NameAr : NameEn;
}

/// <summary>
/// One help article: a title and Markdown body in English and/or Arabic (at least one), Draft or Published.
/// Changed only through <see cref="FaqEditor"/>, which keeps a revision of every save.
/// </summary>
public class FaqArticle
{
    public int Id { get; private set; }
    public int CategoryId { get; private set; }
    public int SortOrder { get; internal set; }
    public string? TitleEn { get; private set; }
    public string? BodyEn { get; private set; }
    public string? TitleAr { get; private set; }
    public string? BodyAr { get; private set; }
    public FaqStatus Status { get; private set; }
    public DateTime UpdatedUtc { get; private set; }

    private FaqArticle() { }

    internal FaqArticle(int categoryId, int sortOrder)
    {
        CategoryId = categoryId;
        SortOrder = sortOrder;
    }

    public FaqContent Content => new(Translation(TitleEn, BodyEn), Translation(TitleAr, BodyAr));

    internal void Apply(FaqContent content, FaqStatus status, DateTime nowUtc)
    {
        TitleEn = content.English?.Title;
        BodyEn = content.English?.Body;
        TitleAr = content.Arabic?.Title;
        BodyAr = content.Arabic?.Body;
        Status = status;
        UpdatedUtc = nowUtc;
    }

    internal void MoveTo(int categoryId, int sortOrder)
    {
        CategoryId = categoryId;
        SortOrder = sortOrder;
    }

    private static FaqTranslation? Translation(string? title, string? body) =>
        title is null || body is null ? null : new FaqTranslation(title, body);
}

/// <summary>An article as it was after one save. Never edited: restoring one adds a new revision.</summary>
public class FaqRevision
{
    public long Id { get; private set; }
    public int ArticleId { get; private set; }
    /// <summary>1, 2, 3… per article.</summary>
    public int Number { get; private set; }
    public string? TitleEn { get; private set; }
    public string? BodyEn { get; private set; }
    public string? TitleAr { get; private set; }
    public string? BodyAr { get; private set; }
    public FaqStatus Status { get; private set; }
    public string AuthorUserId { get; private set; } = "";
    public string AuthorName { get; private set; } = "";
    public DateTime AtUtc { get; private set; }
    /// <summary>The revision this one brought back, when it was a restore.</summary>
    public int? RestoredFrom { get; private set; }

    private FaqRevision() { }

    internal FaqRevision(FaqArticle article, int number, FaqActor author, DateTime atUtc, int? restoredFrom)
    {
        ArticleId = article.Id;
        Number = number;
        TitleEn = article.TitleEn;
        BodyEn = article.BodyEn;
        TitleAr = article.TitleAr;
        BodyAr = article.BodyAr;
        Status = article.Status;
        AuthorUserId = author.UserId;
        AuthorName = author.DisplayName;
        AtUtc = atUtc;
        RestoredFrom = restoredFrom;
    }

    public FaqContent Content => new(
        TitleEn is null || BodyEn is null ? null : new FaqTranslation(TitleEn, BodyEn),
        TitleAr is null || BodyAr is null ? null : new FaqTranslation(TitleAr, BodyAr));
}

/// <summary>One reader's answer to "Was this helpful?": one per reader and article, which they may change.</summary>
public class FaqVote
{
    public long Id { get; private set; }
    public int ArticleId { get; private set; }
    /// <summary>"user:{id}" for someone signed in, "browser:{id}" for a signed-out visitor.</summary>
    public string VoterKey { get; private set; } = "";
    public bool Helpful { get; internal set; }
    public DateTime AtUtc { get; internal set; }

    private FaqVote() { }

    internal FaqVote(int articleId, string voterKey, bool helpful, DateTime atUtc)
    {
        ArticleId = articleId;
        VoterKey = voterKey;
        Helpful = helpful;
        AtUtc = atUtc;
    }
}

/// <summary>Who made a change: kept on each revision.</summary>
public sealed record FaqActor(string UserId, string DisplayName);

public sealed record FaqTranslation(string Title, string Body);

/// <summary>An article's words: either translation may be missing, but not both.</summary>
public sealed record FaqContent(FaqTranslation? English, FaqTranslation? Arabic)
{
    public FaqTranslation? In(string language) => language == Languages.Arabic ? Arabic : English;

    /// <summary>The translation in <paramref name="language"/>, else the other one; and which language that is.</summary>
    public (FaqTranslation Text, string Language) For(string language)
    {
        var other = language == Languages.Arabic ? Languages.English : Languages.Arabic;
        return In(language) is { } wanted ? (wanted, language) : (In(other)!, other);
    }
}
