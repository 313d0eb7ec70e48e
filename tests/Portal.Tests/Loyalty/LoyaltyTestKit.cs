using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Customers;
using Portal.Core.Data;
using Portal.Core.Loyalty;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Loyalty;

/// <summary>A customer of the test's own with points, made through the real loyalty services.</summary>
public sealed record LoyaltyCustomer(string Email, string Id, string Number);

public static class LoyaltyTestKit
{
    public static async Task<LoyaltyCustomer> NewLoyaltyCustomerAsync(this PortalFactory factory, string language = Languages.English, string name = "Lina Loyal")
    {
        var email = $"loyal{Guid.NewGuid():N}@example.test";
        var (result, user) = await factory.WithServiceAsync<(Microsoft.AspNetCore.Identity.IdentityResult, PortalUser?), CustomerRegistration>(r =>
            r.RegisterAsync(new NewCustomer(name, email, PortalClient.DemoPassword, null, null, language)));
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Description)));
        return new LoyaltyCustomer(email, user!.Id, user.CustomerNumber);
    }

    /// <summary>Someone who works here and is not a customer: only <paramref name="role"/>.</summary>
    public static async Task<string> NewStaffOnlyAsync(this PortalFactory factory, string role)
    {
        var customer = await factory.NewLoyaltyCustomerAsync(name: "Omar Staff");
        await factory.WithServiceAsync<bool, Microsoft.AspNetCore.Identity.UserManager<PortalUser>>(async users =>
        {
            var user = (await users.FindByIdAsync(customer.Id))!;
            Assert.True((await users.AddToRoleAsync(user, role)).Succeeded);
            Assert.True((await users.RemoveFromRoleAsync(user, Roles.Customer)).Succeeded);
            return true;
        });
        return customer.Email;
    }

    /// <summary>A purchase at a till <paramref name="daysAgo"/> days ago.</summary>
    public static async Task<PurchaseReceipt> BuyAsync(this PortalFactory factory, LoyaltyCustomer customer, long amountMinor, double daysAgo, string? orderId = null)
    {
        var outcome = await factory.WithServiceAsync<PurchaseOutcome<PurchaseReceipt>, PurchaseIngestion>(p => p.RecordAsync(
            new PurchaseInput(customer.Number, orderId ?? $"ORD-{Guid.NewGuid():N}"[..16], factory.Clock.Now.UtcDateTime.AddDays(-daysAgo), PurchaseChannel.Store,
                [new PurchaseLineInput("Grocery", 1, amountMinor)]), null));
        Assert.True(outcome.Succeeded, outcome.Error?.ToString());
        return outcome.Value!;
    }

    public static async Task AdjustAsync(this PortalFactory factory, LoyaltyCustomer customer, long points, string reason = "Welcome gift")
    {
        var result = await factory.WithServiceAsync<LedgerResult<PointsEntry>, PointsLedger>(l =>
            l.AdjustAsync(customer.Id, points, reason, "staff-test", "Sara Staff", Guid.NewGuid().ToString()));
        Assert.True(result.Succeeded, result.Error?.ToString());
    }

    public static async Task<Reward> AddRewardAsync(this PortalFactory factory, string nameEn, string nameAr, long cost, int? stock = null, Tier? minimumTier = null)
    {
        var (reward, error) = await factory.WithServiceAsync<(Reward?, RewardEditError?), RewardsCatalog>(c => c.SaveAsync(new Reward
        {
            NameEn = nameEn, NameAr = nameAr, DescriptionEn = "Any size, any day.", DescriptionAr = "بأي حجم وفي أي يوم.",
            CostPoints = cost, Stock = stock, MinimumTier = minimumTier,
        }));
        Assert.Null(error);
        return reward!;
    }

    public static Task<LoyaltySummary> SummaryAsync(this PortalFactory factory, LoyaltyCustomer customer) =>
        factory.WithServiceAsync<LoyaltySummary, PointsLedger>(l => l.SummaryAsync(customer.Id));

    public static Task<List<Redemption>> RedemptionsOfAsync(this PortalFactory factory, LoyaltyCustomer customer) =>
        factory.WithServiceAsync<List<Redemption>, PortalDbContext>(db =>
            db.Set<Redemption>().AsNoTracking().Where(r => r.CustomerId == customer.Id).ToListAsync());

    public static Task<List<PointsEntry>> EntriesOfAsync(this PortalFactory factory, LoyaltyCustomer customer, PointsEntryKind kind) =>
        factory.WithServiceAsync<List<PointsEntry>, PortalDbContext>(db =>
            db.Set<PointsEntry>().AsNoTracking().Where(e => e.CustomerId == customer.Id && e.Kind == kind).ToListAsync());

    /// <summary>A GET as htmx makes it (a fragment, not the page).</summary>
    public static async Task<IDocument> GetFragmentAsync(this PortalClient client, string url)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("HX-Request", "true");
        var response = await client.Http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return await PortalClient.ParseAsync(response);
    }

    /// <summary>Submits <paramref name="form"/> as htmx does: its fields, the antiforgery header, HX-Request.</summary>
    public static async Task<HttpResponseMessage> PostAsHtmxAsync(this PortalClient client, IHtmlFormElement form, string token)
    {
        var fields = form.Elements.OfType<IHtmlInputElement>().Where(i => !string.IsNullOrEmpty(i.Name))
            .Select(i => new KeyValuePair<string, string>(i.Name!, i.Value)).ToList();
        var request = new HttpRequestMessage(HttpMethod.Post, form.Action) { Content = new FormUrlEncodedContent(fields) };
        request.Headers.Add("HX-Request", "true");
        request.Headers.Add("RequestVerificationToken", token);
        return await client.Http.SendAsync(request);
    }

    /// <summary>The token htmx sends: the one the layout puts in &lt;body hx-headers&gt;.</summary>
    public static string HtmxToken(this IDocument page)
    {
        var headers = page.Body!.GetAttribute("hx-headers") ?? throw new InvalidOperationException("No hx-headers on <body>.");
        return System.Text.Json.JsonDocument.Parse(headers).RootElement.GetProperty("RequestVerificationToken").GetString()!;
    }

    public static string Text(this IDocument doc, string selector) =>
        doc.QuerySelector(selector)?.TextContent.Trim() ?? throw new InvalidOperationException($"No '{selector}' in {doc.Url}");

    /// <summary>Whitespace collapsed, as a reader sees it.</summary>
    public static string Squash(this string text) => System.Text.RegularExpressions.Regex.Replace(text, @"\s+", " ").Trim();
}
