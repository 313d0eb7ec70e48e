using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Html.Dom;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Customers;
using Portal.Core.Data;
using Portal.Core.Events;
using Portal.Core.Offers;
using Portal.Core.Security;
using Portal.Tests.Api;
using Portal.Tests.Infrastructure;
using Portal.Tests.Loyalty;

namespace Portal.Tests.Security;

public class HeldItemsTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private static HttpRequestMessage Bearer(HttpMethod method, string url, string token, object? body = null)
    {
        var request = new HttpRequestMessage(method, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null) request.Content = JsonContent.Create(body);
        return request;
    }

    [Fact]
    public async Task An_offer_activated_the_day_of_a_password_change_is_held_on_the_page_and_in_the_api_until_staff_release_it()
    {
        var person = await factory.NewCustomerAsync();
        var now = factory.Clock.GetUtcNow().UtcDateTime;
        var offer = await factory.WithServiceAsync<Offer, OfferAdmin>(async admin =>
        {
            var (saved, _) = await admin.SaveAsync(new Offer
            {
                TitleEn = "Held week", TitleAr = "أسبوع", Kind = OfferKind.PercentOff, Value = 10,
                ValidFromUtc = now.AddDays(-1), ValidUntilUtc = now.AddDays(10),
            });
            await admin.SetPublishedAsync(saved!.Id, true);
            return saved;
        });
        await factory.WithServiceAsync<int, IServiceProvider>(async sp =>
        {
            sp.GetRequiredService<Outbox>().Raise(new PasswordChanged(person.Id));
            return await sp.GetRequiredService<PortalDbContext>().SaveChangesAsync();
        });
        using var api = factory.NewApiClient();
        var token = (await api.TokensAsync(person.Email!)).GetProperty("accessToken").GetString()!;

        var applied = await api.SendAsync(Bearer(HttpMethod.Post, "/api/customer-id/offers/apply", token, new { offerId = offer.Id }));
        var activation = await applied.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.OK, applied.StatusCode);
        Assert.Equal("Held", activation.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, activation.GetProperty("code").ValueKind);
        using var customer = await factory.SignedInAsync(person.Email!);
        var page = await customer.GetDocumentAsync("/offers");
        Assert.Contains("Held for a security check", page.QuerySelector($"#offer-{offer.Id}-held")!.TextContent);
        Assert.Null(page.QuerySelector($"#offer-{offer.Id}-code"));

        factory.DispatchEvents();
        var alert = Assert.Single(await factory.WithServiceAsync<IReadOnlyList<SecurityAlert>, SecurityAlerts>(a => a.QueueAsync(customerId: person.Id)),
            a => a.HeldItem == HeldItem.OfferActivation);
        using var staff = await factory.SignedInAsync("staff@demo.local");
        var queue = await staff.GetDocumentAsync("/staff/security");
        Assert.Contains("Held week", queue.QuerySelector($"#staff-alert-{alert.Id}-held")!.TextContent);
        var form = (IHtmlFormElement)queue.QuerySelector($"#release-{alert.Id}")!.Closest("form")!;
        var done = await staff.SubmitAsync(form, new Dictionary<string, string> { ["reason"] = "Customer confirmed by phone" }, $"#release-{alert.Id}");
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);

        var history = await (await api.SendAsync(Bearer(HttpMethod.Get, "/api/customer-id/offers/history", token))).Content.ReadFromJsonAsync<JsonElement>();
        var code = history.GetProperty("items")[0];
        Assert.Equal("Activated", code.GetProperty("status").GetString());
        Assert.Equal(10, code.GetProperty("code").GetString()!.Length);
        Assert.NotNull((await customer.GetDocumentAsync("/offers")).QuerySelector($"#offer-{offer.Id}-code"));
        Assert.Null((await staff.GetDocumentAsync("/staff/security")).QuerySelector($"#release-{alert.Id}"));
    }
}
