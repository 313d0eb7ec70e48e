using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Portal.Core.Customers;
using Portal.Core.Faq;
using Portal.Shell;

namespace Portal.Faq.Staff;

/// <summary>
/// Writes an FAQ article in English and Arabic with a live preview, saves it as a draft or publishes it, and
/// lists its revisions, any of which can be restored.
/// </summary>
[Authorize(Policy = Policies.Staff)]
public class FaqEditModel(FaqEditor editor, FaqMarkdown markdown, IStringLocalizer<SharedResource> s) : PageModel
{
    public int? ArticleId { get; private set; }
    public FaqStatus? Status { get; private set; }
    public IReadOnlyList<FaqCategory> Categories { get; private set; } = [];
    public IReadOnlyList<FaqRevisionLine> Revisions { get; private set; } = [];

    public string Language => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;

    [BindProperty]
    public InputModel Input { get; set; } = new();

    [TempData]
    public string? StatusMessage { get; set; }

    public sealed class InputModel
    {
        [Display(Name = "Category")]
        public int CategoryId { get; set; }

        [StringLength(FaqLimits.Title, ErrorMessage = "Titles can have at most 200 characters.")]
        [Display(Name = "Title in English")]
        public string? TitleEn { get; set; }

        [StringLength(FaqLimits.Body, ErrorMessage = "The article text can have at most 20,000 characters.")]
        [Display(Name = "Article in English")]
        public string? BodyEn { get; set; }

        [StringLength(FaqLimits.Title, ErrorMessage = "Titles can have at most 200 characters.")]
        [Display(Name = "Title in Arabic")]
        public string? TitleAr { get; set; }

        [StringLength(FaqLimits.Body, ErrorMessage = "The article text can have at most 20,000 characters.")]
        [Display(Name = "Article in Arabic")]
        public string? BodyAr { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(int? id, int? categoryId, CancellationToken ct)
    {
        if (id is not null)
        {
            if (await editor.FindAsync(id.Value, ct) is not { } article) return NotFound();
            Input = new InputModel
            {
                CategoryId = article.CategoryId,
                TitleEn = article.TitleEn, BodyEn = article.BodyEn, TitleAr = article.TitleAr, BodyAr = article.BodyAr,
            };
        }
        else if (categoryId is not null)
        {
            Input.CategoryId = categoryId.Value;
        }
        return await PageAsync(id, ct);
    }

    /// <summary>intent: "draft", "publish", "unpublish" (all three set the status) or "save" (keeps it).</summary>
    public async Task<IActionResult> OnPostSaveAsync(int? id, string? intent, CancellationToken ct)
    {
        var current = id is null ? null : await editor.FindAsync(id.Value, ct);
        if (id is not null && current is null) return NotFound();
        var status = intent switch
        {
            "publish" => FaqStatus.Published,
            "save" => current?.Status ?? FaqStatus.Draft,
            _ => FaqStatus.Draft,
        };
        CheckLanguage(Input.TitleEn, Input.BodyEn, nameof(InputModel.TitleEn), nameof(InputModel.BodyEn), "English");
        CheckLanguage(Input.TitleAr, Input.BodyAr, nameof(InputModel.TitleAr), nameof(InputModel.BodyAr), "Arabic");
        if (!ModelState.IsValid) return await PageAsync(id, ct);

        var draft = new FaqDraft(Input.TitleEn, Input.BodyEn, Input.TitleAr, Input.BodyAr);
        var result = await editor.SaveAsync(id, Input.CategoryId, draft, status, Actor(), ct);
        if (!result.Succeeded)
        {
            if (result.Error == FaqError.ArticleNotFound) return NotFound();
            ModelState.AddModelError(result.Error == FaqError.CategoryNotFound ? "Input.CategoryId" : string.Empty, FaqMessages.For(s, result.Error!.Value));
            return await PageAsync(id, ct);
        }
        StatusMessage = (intent, status) switch
        {
            ("unpublish", _) => s["Unpublished: customers no longer see this article."],
            (_, FaqStatus.Published) when current?.Status == FaqStatus.Published => s["Changes published."],
            (_, FaqStatus.Published) => s["Published: customers can now find this article."],
            _ => s["Draft saved."],
        };
        return RedirectToPage(new { id = result.Id, categoryId = (int?)null });
    }

    /// <summary>The live preview: the same rendering and sanitizing customers get.</summary>
    public IActionResult OnPostPreview(string? lang)
    {
        var arabic = lang == Languages.Arabic;
        return Partial("_Preview", Preview(arabic ? Languages.Arabic : Languages.English));
    }

    public async Task<IActionResult> OnPostRestoreAsync(int id, long revisionId, CancellationToken ct)
    {
        var result = await editor.RestoreAsync(id, revisionId, Actor(), ct);
        if (result.Error == FaqError.ArticleNotFound) return NotFound();
        if (!result.Succeeded)
        {
            ModelState.Clear();
            ModelState.AddModelError(string.Empty, FaqMessages.For(s, result.Error!.Value));
            return await OnGetAsync(id, null, ct);
        }
        StatusMessage = s["Revision restored. The text it replaced is kept in the history."];
        return RedirectToPage(new { id });
    }

    public FaqPreview Preview(string language)
    {
        var arabic = language == Languages.Arabic;
        return new FaqPreview(language, markdown.Render(arabic ? Input.BodyAr : Input.BodyEn, $"preview-{language}-"));
    }

    private void CheckLanguage(string? title, string? body, string titleField, string bodyField, string language)
    {
        var hasTitle = !string.IsNullOrWhiteSpace(title);
        var hasBody = !string.IsNullOrWhiteSpace(body);
        if (hasTitle && !hasBody)
            ModelState.AddModelError($"Input.{bodyField}", language == "English" ? s["Write the English text too, or clear the English title."] : s["Write the Arabic text too, or clear the Arabic title."]);
        if (hasBody && !hasTitle)
            ModelState.AddModelError($"Input.{titleField}", language == "English" ? s["Give the English text a title."] : s["Give the Arabic text a title."]);
    }

    private FaqActor Actor() => new(User.UserId(), User.DisplayName());

    private async Task<IActionResult> PageAsync(int? id, CancellationToken ct)
    {
        ArticleId = id;
        Categories = await editor.CategoriesAsync(ct);
        if (id is not null)
        {
            Status = (await editor.FindAsync(id.Value, ct))?.Status;
            Revisions = await editor.RevisionsAsync(id.Value, ct);
        }
        return Page();
    }
}

public sealed record FaqPreview(string Language, string Html);
