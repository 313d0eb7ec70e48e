using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Portal.Core.Common;
using Portal.Core.Faq;
using Portal.Core.Loyalty;
using Portal.Core.Offers;
using Portal.Core.Segments;

namespace Portal.Offers.Staff;

public sealed record OfferReachModel(IReadOnlyDictionary<Segment, int> Reach, string? PreviewEn, string? PreviewAr);

/// <summary>Adds an offer (no id) or edits one; a preview shows the Markdown and how many customers it reaches per segment.</summary>
[Authorize(Policy = Policies.Staff)]
public class OfferEditModel(OfferAdmin admin, OfferService offers, FaqMarkdown markdown, LoyaltyOptions loyalty, IStringLocalizer<SharedResource> s) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    [TempData]
    public string? StatusMessage { get; set; }

    public long? OfferId { get; private set; }
    public OfferStatus? Status { get; private set; }
    public IReadOnlyList<string> KnownCategories { get; private set; } = [];
    public OfferReachModel? Reach { get; private set; }
    public string Currency => loyalty.Currency;

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter the title in English."), StringLength(OfferRules.MaxTitleLength)]
        public string? TitleEn { get; set; }
        [Required(ErrorMessage = "Enter the title in Arabic."), StringLength(OfferRules.MaxTitleLength)]
        public string? TitleAr { get; set; }
        [StringLength(OfferRules.MaxDescriptionLength)]
        public string? DescriptionEn { get; set; }
        [StringLength(OfferRules.MaxDescriptionLength)]
        public string? DescriptionAr { get; set; }
        public OfferKind Kind { get; set; }
        /// <summary>Percent, whole currency units, or multiplier, by kind.</summary>
        [Range(0, 1_000_000, ErrorMessage = "Enter a value from 0 to 1,000,000.")]
        public long Value { get; set; }
        [StringLength(400)]
        public string? Categories { get; set; }
        [Range(0, 1_000_000, ErrorMessage = "Enter a value from 0 to 1,000,000.")]
        public long MinSpend { get; set; }
        [Required(ErrorMessage = "Choose the first day.")]
        public DateOnly? ValidFrom { get; set; }
        [Required(ErrorMessage = "Choose the last day.")]
        public DateOnly? ValidUntil { get; set; }
        public List<Segment> Segments { get; set; } = [];
        public List<Tier> Tiers { get; set; } = [];
        [Range(1, OfferRules.MaxPerCustomerLimit, ErrorMessage = "Enter 1 to 100.")]
        public int PerCustomerLimit { get; set; } = 1;
        [Range(0, int.MaxValue, ErrorMessage = "Enter 0 or more, or leave it empty.")]
        public int? TotalBudget { get; set; }
    }

    private long Unit => (long)Math.Pow(10, Money.CurrencyExponent(Currency));
    private long Minor(long whole) => whole * Unit;
    private long Whole(long minor) => minor / Unit;

    public async Task<IActionResult> OnGetAsync(long? id, CancellationToken ct)
    {
        OfferId = id;
        KnownCategories = await admin.KnownCategoriesAsync(ct);
        if (id is null)
        {
            var today = DateOnly.FromDateTime(DateTime.UtcNow);
            Input = new InputModel { ValidFrom = today, ValidUntil = today.AddDays(13), Value = 10 };
            return Page();
        }
        var o = await admin.FindAsync(id.Value, ct);
        if (o is null) return NotFound();
        Status = o.Status;
        Input = new InputModel
        {
            TitleEn = o.TitleEn, TitleAr = o.TitleAr, DescriptionEn = o.DescriptionEn, DescriptionAr = o.DescriptionAr, Kind = o.Kind,
            Value = o.Kind == OfferKind.AmountOff ? Whole(o.Value) : o.Value, Categories = string.Join(", ", o.CategoryList), MinSpend = Whole(o.MinSpendMinor),
            ValidFrom = DateOnly.FromDateTime(o.ValidFromUtc), ValidUntil = DateOnly.FromDateTime(o.ValidUntilUtc.AddTicks(-1)),
            Segments = o.SegmentList.ToList(), Tiers = o.TierList.ToList(), PerCustomerLimit = o.PerCustomerLimit, TotalBudget = o.TotalBudget,
        };
        Reach = await ReachAsync(o, ct);
        return Page();
    }

    private Offer ToOffer(long id) => new()
    {
        Id = id, TitleEn = Input.TitleEn ?? "", TitleAr = Input.TitleAr ?? "", DescriptionEn = Input.DescriptionEn, DescriptionAr = Input.DescriptionAr,
        Kind = Input.Kind, Value = Input.Kind == OfferKind.AmountOff ? Minor(Input.Value) : Input.Kind == OfferKind.FreeReward ? 0 : Input.Value,
        Categories = Input.Categories ?? "", MinSpendMinor = Minor(Input.MinSpend),
        ValidFromUtc = (Input.ValidFrom ?? default).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
        ValidUntilUtc = (Input.ValidUntil ?? default).AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
        TargetSegments = OfferRules.Join(Input.Segments.Select(x => x.ToString())), TargetTiers = OfferRules.Join(Input.Tiers.Select(x => x.ToString())),
        PerCustomerLimit = Input.PerCustomerLimit, TotalBudget = Input.TotalBudget,
    };

    private async Task<OfferReachModel> ReachAsync(Offer offer, CancellationToken ct) =>
        new(await offers.ReachAsync(offer, ct),
            string.IsNullOrWhiteSpace(offer.DescriptionEn) ? null : markdown.Render(offer.DescriptionEn, "preview-en-"),
            string.IsNullOrWhiteSpace(offer.DescriptionAr) ? null : markdown.Render(offer.DescriptionAr, "preview-ar-"));

    /// <summary>htmx: the reach per segment and the rendered descriptions for what is in the form now, without saving.</summary>
    public async Task<IActionResult> OnPostPreviewAsync(long? id, CancellationToken ct)
    {
        Reach = await ReachAsync(ToOffer(id ?? 0), ct);
        return Partial("_Reach", Reach);
    }

    public async Task<IActionResult> OnPostAsync(long? id, bool publish, CancellationToken ct)
    {
        OfferId = id;
        KnownCategories = await admin.KnownCategoriesAsync(ct);
        if (id is not null && await admin.FindAsync(id.Value, ct) is not { } current) return NotFound();
        if (!ModelState.IsValid) return Page();
        var (saved, error) = await admin.SaveAsync(ToOffer(id ?? 0), ct);
        if (error is { } e)
        {
            ModelState.AddModelError(string.Empty, EditError(e));
            Reach = await ReachAsync(ToOffer(id ?? 0), ct);
            return Page();
        }
        if (saved is null) return NotFound();
        if (publish) await admin.SetPublishedAsync(saved.Id, true, ct);
        StatusMessage = s[publish ? "Published: {0}." : "Offer saved: {0}.", saved.Title(OfferText.Language)];
        return RedirectToPage("./Index");
    }

    private string EditError(OfferEditError e) => e switch
    {
        OfferEditError.TitleRequired => s["Enter the title in both languages."],
        OfferEditError.InvalidValue => s["Enter a value that fits the kind: a percent from 1 to 100, an amount of at least 1, or a multiplier from 2 to 10 (0 for a free reward)."],
        OfferEditError.InvalidWindow => s["The last day must be on or after the first day."],
        OfferEditError.InvalidLimit => s["Enter 1 to 100."],
        _ => s["Check the offer's details."],
    };
}
