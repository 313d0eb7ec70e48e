using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Customers;
using Portal.Core.Loyalty;
using Portal.E2E.Infrastructure;

namespace Portal.E2E.Loyalty;

/// <summary>Customers with points of the test's own, made through the app's loyalty services (not demo data).</summary>
public static class LoyaltyData
{
    public sealed record Member(string Email, string Id, string Number);

    public static async Task<Member> NewMemberAsync(this PortalFixture portal, string name = "Lina Loyal", string language = Languages.English)
    {
        var email = $"loyal{Guid.NewGuid():N}@example.test";
        var (result, user) = await portal.UseAsync<(Microsoft.AspNetCore.Identity.IdentityResult, PortalUser?), CustomerRegistration>(r =>
            r.RegisterAsync(new NewCustomer(name, email, Demo.Password, null, null, language)));
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Description)));
        return new Member(email, user!.Id, user.CustomerNumber);
    }

    /// <summary>Silver with something of everything: an award about to expire, one pending, a staff gift, a keep-tier warning.</summary>
    public static async Task<Member> SilverMemberAsync(this PortalFixture portal, string name = "Lina Loyal", string language = Languages.English)
    {
        var member = await portal.NewMemberAsync(name, language);
        await portal.BuyAsync(member, 1_200_00, daysAgo: 335);
        await portal.BuyAsync(member, 80_00, daysAgo: 2);
        await portal.BuyAsync(member, 240_00, daysAgo: 40);
        await portal.AdjustAsync(member, 50, language == Languages.Arabic ? "هدية ترحيب" : "Welcome gift");
        return member;
    }

    public static async Task BuyAsync(this PortalFixture portal, Member member, long amountMinor, double daysAgo)
    {
        var outcome = await portal.UseAsync<PurchaseOutcome<PurchaseReceipt>, PurchaseIngestion>(p => p.RecordAsync(
            new PurchaseInput(member.Number, "ORD-" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant(), DateTime.UtcNow.AddDays(-daysAgo),
                PurchaseChannel.Store, [new PurchaseLineInput("Grocery", 1, amountMinor)]), null));
        Assert.True(outcome.Succeeded, outcome.Error?.ToString());
    }

    public static async Task AdjustAsync(this PortalFixture portal, Member member, long points, string reason = "Welcome gift")
    {
        var result = await portal.UseAsync<LedgerResult<PointsEntry>, PointsLedger>(l =>
            l.AdjustAsync(member.Id, points, reason, "staff-e2e", "Sara Staff", Guid.NewGuid().ToString()));
        Assert.True(result.Succeeded, result.Error?.ToString());
    }

    public static async Task<Reward> AddRewardAsync(this PortalFixture portal, string nameEn, string nameAr, long cost, int? stock = null, Tier? minimumTier = null)
    {
        var (reward, error) = await portal.UseAsync<(Reward?, RewardEditError?), RewardsCatalog>(c => c.SaveAsync(new Reward
        {
            NameEn = nameEn, NameAr = nameAr, DescriptionEn = "Ask at any counter.", DescriptionAr = "اطلبها من أي كاشير.",
            CostPoints = cost, Stock = stock, MinimumTier = minimumTier,
        }));
        Assert.Null(error);
        return reward!;
    }

    private static async Task<T> UseAsync<T, TService>(this PortalFixture portal, Func<TService, Task<T>> use) where TService : notnull
    {
        await using var scope = portal.Server.Services.CreateAsyncScope();
        return await use(scope.ServiceProvider.GetRequiredService<TService>());
    }
}
