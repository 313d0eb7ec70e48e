using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Portal.Core.Faq;

namespace Portal.Faq.Staff;

/// <summary>The FAQ for staff: categories in the order customers see them, and every article with its state and feedback.</summary>
[Authorize(Policy = Policies.Staff)]
public class StaffFaqModel(FaqEditor editor, IStringLocalizer<SharedResource> s) : PageModel
{
    public IReadOnlyList<FaqStaffCategory> Categories { get; private set; } = [];

    public string Language => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;

    [BindProperty]
    public CategoryInput Input { get; set; } = new();

    [TempData]
    public string? StatusMessage { get; set; }

    public sealed class CategoryInput
    {
        [Required(ErrorMessage = "Enter the category name in English.")]
        [StringLength(FaqLimits.CategoryName, ErrorMessage = "Category names can have at most 100 characters.")]
        [Display(Name = "Name in English")]
        public string? NameEn { get; set; }

        [Required(ErrorMessage = "Enter the category name in Arabic.")]
        [StringLength(FaqLimits.CategoryName, ErrorMessage = "Category names can have at most 100 characters.")]
        [Display(Name = "Name in Arabic")]
        public string? NameAr { get; set; }
    }

    public async Task OnGetAsync(CancellationToken ct) => Categories = await editor.OverviewAsync(ct);

    public async Task<IActionResult> OnPostAddCategoryAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid) return await PageAsync(ct);
        return await ApplyAsync(await editor.AddCategoryAsync(Input.NameEn, Input.NameAr, ct), s["Category added."], ct);
    }

    public async Task<IActionResult> OnPostRenameCategoryAsync(int id, CancellationToken ct)
    {
        if (!ModelState.IsValid) return await PageAsync(ct);
        return await ApplyAsync(await editor.RenameCategoryAsync(id, Input.NameEn, Input.NameAr, ct), s["Category renamed."], ct);
    }

    // Moves carry no names: the category form's checks do not apply.
    public async Task<IActionResult> OnPostMoveCategoryAsync(int id, FaqMove move, CancellationToken ct)
    {
        ModelState.Clear();
        return await ApplyAsync(await editor.MoveCategoryAsync(id, move, ct), s["Order saved."], ct);
    }

    public async Task<IActionResult> OnPostMoveArticleAsync(int id, FaqMove move, CancellationToken ct)
    {
        ModelState.Clear();
        return await ApplyAsync(await editor.MoveArticleAsync(id, move, ct), s["Order saved."], ct);
    }

    private async Task<IActionResult> ApplyAsync(FaqResult result, string success, CancellationToken ct)
    {
        if (result.Succeeded)
        {
            StatusMessage = success;
            return RedirectToPage();
        }
        ModelState.AddModelError(string.Empty, FaqMessages.For(s, result.Error!.Value));
        return await PageAsync(ct);
    }

    private async Task<IActionResult> PageAsync(CancellationToken ct)
    {
        Categories = await editor.OverviewAsync(ct);
        return Page();
    }
}
