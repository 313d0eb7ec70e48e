using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Core.Faq;
using Portal.Shell;

namespace Portal.Faq;

/// <summary>One published FAQ article, in the reader's language when it has been translated, with "Was this helpful?".</summary>
[AllowAnonymous]
public class FaqArticleModel(FaqCatalog catalog) : PageModel
{
    public int ArticleId { get; private set; }

    public FaqArticleView Article { get; private set; } = null!;

    /// <summary>The reader's answer once they have given one: the thanks replaces the question.</summary>
    public bool? Voted { get; private set; }

    public string Language => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;

    public async Task<IActionResult> OnGetAsync(int id, bool? voted, CancellationToken ct)
    {
        if (await catalog.ArticleAsync(id, Language, ct) is not { } article) return NotFound();
        ArticleId = id;
        Article = article;
        Voted = voted;
        return Page();
    }

    public async Task<IActionResult> OnPostVoteAsync(int id, bool helpful, CancellationToken ct)
    {
        var result = await catalog.VoteAsync(id, FaqVoter.Key(HttpContext), helpful, ct);
        if (!result.Succeeded) return NotFound();
        ArticleId = id;
        Voted = helpful;
        // Without JavaScript: back to the article, showing the thanks.
        return Request.WantsFragment() ? Partial("_FaqVote", this) : RedirectToPage(new { id, voted = helpful });
    }

    public static string PathOf(int id) => $"/support/faq/{id}";
}
