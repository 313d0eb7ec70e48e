using System.Net;
using AngleSharp.Html.Dom;
using Portal.Core.Administration;
using Portal.Core.Security;
using Portal.Tests.Api;
using Portal.Tests.Infrastructure;
using Portal.Tests.Loyalty;

namespace Portal.Tests.Security;

public class SecurityStaffTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task Staff_see_an_alert_in_the_queue_and_on_the_customer_profile_and_dismiss_it_with_a_reason()
    {
        var person = await factory.NewCustomerAsync();
        var alert = await factory.WithServiceAsync<SecurityAlert, SecurityAlerts>(a => a.RaiseAsync(
            SecurityAlert.For(person.Id, AlertKind.FailedSignIns, factory.Clock.GetUtcNow().UtcDateTime, "203.0.113.9", count: 5)));
        using var staff = await factory.SignedInAsync("staff@demo.local");

        var page = await staff.GetDocumentAsync("/staff/security");
        var card = page.QuerySelector($"#staff-alert-{alert.Id}")!;
        Assert.Contains(person.CustomerNumber, card.TextContent);
        Assert.Contains("Several wrong passwords in a short time", card.TextContent);
        var profile = await staff.GetDocumentAsync($"/staff/customers/{person.CustomerNumber}");
        Assert.NotNull(profile.QuerySelector($"#security-panel #staff-alert-{alert.Id}"));

        var form = (IHtmlFormElement)page.QuerySelector($"#dismiss-{alert.Id}")!.Closest("form")!;
        var empty = await staff.SubmitAsync(form, new Dictionary<string, string> { ["reason"] = " " }, $"#dismiss-{alert.Id}");
        Assert.Equal("Give a reason.", (await PortalClient.ParseAsync(empty)).Text("#security-queue-error"));
        var done = await staff.SubmitAsync(form, new Dictionary<string, string> { ["reason"] = "Customer forgot the password" }, $"#dismiss-{alert.Id}");

        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.Null((await staff.GetDocumentAsync("/staff/security")).QuerySelector($"#staff-alert-{alert.Id}"));
        Assert.Contains(await factory.AllAsync<AuditEntry>(), a => a.Action == AuditAction.SecurityAlertDismissed && a.TargetUserId == person.Id);
    }

    [Fact]
    public async Task Customers_cannot_open_the_queue()
    {
        using var customer = await factory.SignedInAsync("customer@demo.local");
        Assert.NotEqual(HttpStatusCode.OK, (await customer.Http.GetAsync("/staff/security")).StatusCode);
    }
}
