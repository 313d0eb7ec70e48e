using Microsoft.Extensions.Localization;
using Portal.Core.Faq;

namespace Portal.Faq.Staff;

/// <summary>The words for a refused FAQ change.</summary>
public static class FaqMessages
{
    public static string For(IStringLocalizer s, FaqError error) => error switch
    {
        FaqError.ArticleNotFound => s["This article no longer exists."],
        FaqError.CategoryNotFound => s["Choose one of the listed categories."],
        FaqError.RevisionNotFound => s["This revision does not belong to this article."],
        FaqError.CategoryNameRequired => s["Enter the category name in English and in Arabic."],
        FaqError.CategoryNameTooLong => s["Category names can have at most 100 characters."],
        FaqError.NoTranslation => s["Write the article in English, in Arabic, or in both."],
        FaqError.TitleWithoutBody => s["Each language needs both a title and the article text, or neither."],
        FaqError.BodyWithoutTitle => s["Each language needs both a title and the article text, or neither."],
        FaqError.TitleTooLong => s["Titles can have at most 200 characters."],
        FaqError.BodyTooLong => s["The article text can have at most 20,000 characters."],
        _ => s["Something went wrong. Try again."],
    };
}
