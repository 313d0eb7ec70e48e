using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;

namespace Portal.Core.Offers;

/// <summary>Development only: a few published offers (and a draft) so the demo portal shows them. Added once, when there are none.</summary>
public sealed class OffersDemo(PortalDbContext db, TimeProvider clock, OfferAdmin admin) : Demo.IDemoData
{
    public int Order => 40;

    public async Task SeedAsync(Demo.DemoDataOptions options, CancellationToken ct)
    {
        if (await db.Set<Offer>().AnyAsync(ct)) return;
        var now = clock.GetUtcNow().UtcDateTime;
        Offer[] offers =
        [
            new()
            {
                TitleEn = "15% off electronics", TitleAr = "خصم ١٥٪ على الإلكترونيات", Kind = OfferKind.PercentOff, Value = 15, Categories = "Electronics",
                DescriptionEn = "Headphones, chargers, smart speakers: **15% off** everything in Electronics, once.",
                DescriptionAr = "سماعات وشواحن ومكبرات صوت ذكية: **خصم ١٥٪** على كل الإلكترونيات، مرة واحدة.",
                ValidFromUtc = now.AddDays(-2), ValidUntilUtc = now.AddDays(21), TotalBudget = 500,
            },
            new()
            {
                TitleEn = "Double points on coffee", TitleAr = "نقاط مضاعفة على القهوة", Kind = OfferKind.PointsMultiplier, Value = 2, Categories = "Coffee",
                DescriptionEn = "Earn **twice the points** on your coffee, up to three times.", DescriptionAr = "اكسب **ضعف النقاط** على قهوتك، حتى ثلاث مرات.",
                ValidFromUtc = now.AddDays(-1), ValidUntilUtc = now.AddDays(3), PerCustomerLimit = 3, TargetSegments = "Frequent,Vip,Occasional",
            },
            new()
            {
                TitleEn = "SAR 25 off your groceries", TitleAr = "خصم ٢٥ ريالًا على البقالة", Kind = OfferKind.AmountOff, Value = 2_500, Categories = "Grocery",
                MinSpendMinor = 15_000, DescriptionEn = "Spend SAR 150 or more on groceries in one visit.", DescriptionAr = "عند شراء بقالة بقيمة ١٥٠ ريالًا أو أكثر في زيارة واحدة.",
                ValidFromUtc = now.AddDays(-3), ValidUntilUtc = now.AddDays(10), TotalBudget = 1_000,
            },
            new()
            {
                TitleEn = "A free beauty gift", TitleAr = "هدية تجميل مجانية", Kind = OfferKind.FreeReward, Value = 0, Categories = "Beauty",
                DescriptionEn = "A travel-size gift with any beauty purchase, for our Gold and Platinum members.",
                DescriptionAr = "هدية بحجم السفر مع أي مشتريات تجميل، لأعضائنا الذهبيين والبلاتينيين.",
                ValidFromUtc = now.AddDays(-1), ValidUntilUtc = now.AddDays(30), TargetTiers = "Gold,Platinum", TotalBudget = 200,
            },
            new()
            {
                TitleEn = "We miss you: 20% off", TitleAr = "اشتقنا إليك: خصم ٢٠٪", Kind = OfferKind.PercentOff, Value = 20, MinSpendMinor = 10_000,
                DescriptionEn = "Come back and take **20% off** a purchase of SAR 100 or more.", DescriptionAr = "عُد إلينا واحصل على **خصم ٢٠٪** على مشتريات بقيمة ١٠٠ ريال أو أكثر.",
                ValidFromUtc = now.AddDays(-1), ValidUntilUtc = now.AddDays(14), TargetSegments = "AtRisk,Inactive",
            },
        ];
        foreach (var offer in offers)
        {
            var (saved, _) = await admin.SaveAsync(offer, ct);
            if (saved is not null) await admin.SetPublishedAsync(saved.Id, true, ct);
        }
        await admin.SaveAsync(new Offer
        {
            TitleEn = "Toys weekend (draft)", TitleAr = "عطلة الألعاب (مسودة)", Kind = OfferKind.PercentOff, Value = 10, Categories = "Toys",
            ValidFromUtc = now.AddDays(7), ValidUntilUtc = now.AddDays(9),
        }, ct);
    }
}
