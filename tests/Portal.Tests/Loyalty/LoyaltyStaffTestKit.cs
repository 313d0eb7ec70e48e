using System.Net;
using AngleSharp.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Customers;
using Portal.Core.Data;
using Portal.Core.Loyalty;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Loyalty;

/// <summary>Rewards, points and codes made directly through the loyalty services, for the staff screens to show.</summary>
public static class LoyaltyStaffTestKit
{
    public static Task<Reward> AddRewardAsync(this PortalFactory factory, string nameEn, long cost, int? stock = null) =>
        factory.WithServiceAsync<Reward, RewardsCatalog>(async catalog =>
            (await catalog.SaveAsync(new Reward { NameEn = nameEn, NameAr = "مكافأة " + nameEn, CostPoints = cost, Stock = stock })).Reward!);

    public static Task<PointsEntry> GivePointsAsync(this PortalFactory factory, PortalUser customer, long points) =>
        factory.WithServiceAsync<PointsEntry, PointsLedger>(async ledger =>
            (await ledger.AdjustAsync(customer.Id, points, "Test points", "test", "Test", Guid.NewGuid().ToString("N"))).Value!);

    public static Task<Redemption> RedeemAsync(this PortalFactory factory, PortalUser customer, Reward reward) =>
        factory.WithServiceAsync<Redemption, RewardsCatalog>(async catalog =>
            (await catalog.RedeemAsync(customer.Id, reward.Id, Guid.NewGuid().ToString("N"))).Value!);

    public static Task<LoyaltySummary> SummaryAsync(this PortalFactory factory, PortalUser customer) =>
        factory.WithServiceAsync<LoyaltySummary, PointsLedger>(ledger => ledger.SummaryAsync(customer.Id));

    public static Task<List<PointsEntry>> EntriesAsync(this PortalFactory factory, PortalUser customer) =>
        factory.WithServiceAsync<List<PointsEntry>, PortalDbContext>(db =>
            db.Set<PointsEntry>().AsNoTracking().Where(e => e.CustomerId == customer.Id).OrderBy(e => e.Id).ToListAsync());

    public static Task<List<T>> AllAsync<T>(this PortalFactory factory) where T : class =>
        factory.WithServiceAsync<List<T>, PortalDbContext>(db => db.Set<T>().AsNoTracking().ToListAsync());

    public static async Task<PortalClient> SignedInAsync(this PortalFactory factory, string email)
    {
        var client = factory.NewClient();
        await client.SignInAsync(email);
        return client;
    }

    public static void AssertAccessDenied(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/access-denied", response.Headers.Location!.AbsolutePath);
    }

    public static string TextIn(this IElement element, string selector) =>
        element.QuerySelector(selector)?.TextContent.Trim() ?? throw new InvalidOperationException($"No '{selector}' in #{element.Id}.");

    /// <summary>Follows a post-redirect-get and reads the page it lands on.</summary>
    public static async Task<IDocument> FollowAsync(this PortalClient client, HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return await client.GetDocumentAsync(response.Headers.Location!.OriginalString);
    }
}
