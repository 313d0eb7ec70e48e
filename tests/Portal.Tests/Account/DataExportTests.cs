using System.IO.Compression;
using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Account;
using Portal.Core.Customers;
using Portal.Core.Referrals;
using Portal.Core.SpecialDates;
using Portal.Core.Tickets;
using Portal.Tests.Infrastructure;
using Portal.Tests.Loyalty;
using Portal.Tests.Notifications;

namespace Portal.Tests.Account;

public class DataExportTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    /// <summary>A customer with records in loyalty, tickets (with a file and an agent's internal note), notifications and special dates.</summary>
    private async Task<LoyaltyCustomer> BusyCustomerAsync(string name, string language, string subject, long amount)
    {
        var customer = await factory.NewLoyaltyCustomerAsync(language, name);
        await factory.BuyAsync(customer, amount, 3);
        await factory.NotifyAsync(customer.Id, title: $"Reply for {name}");
        await factory.WithServiceAsync<IReadOnlyList<DatesProblem>, SpecialDatesProgram>(p => p.SetDatesAsync(customer.Id, null, new DateOnly(2015, 4, 4)));
        var ticket = await factory.WithServiceAsync<TicketResult, TicketService>(t => t.CreateAsync(
            new TicketActor(customer.Id, name, false), new NewTicket(subject, TicketCategory.Loyalty, TicketPriority.Normal, $"Written by {name}"),
            [new AttachmentUpload("receipt.png", new MemoryStream(Png))]));
        Assert.True(ticket.Succeeded, ticket.Error.ToString());
        var agent = await factory.NewStaffOnlyAsync(Roles.Agent);
        await factory.WithServiceAsync<TicketResult, TicketService>(t =>
            t.ReplyAsync(new TicketActor(agent, "Agent", true), ticket.Ticket!.Number, $"INTERNAL-NOTE about {name}", isInternal: true));
        return customer;
    }

    private static async Task<Dictionary<string, string>> EntriesAsync(HttpResponseMessage zip)
    {
        using var archive = new ZipArchive(await zip.Content.ReadAsStreamAsync());
        var entries = new Dictionary<string, string>();
        foreach (var e in archive.Entries)
        {
            using var reader = new StreamReader(e.Open(), Encoding.UTF8);
            entries[e.FullName] = await reader.ReadToEndAsync();
        }
        return entries;
    }

    [Fact]
    public async Task The_export_holds_the_customers_records_and_nobody_elses_and_only_they_can_download_it_for_24_hours()
    {
        var alia = await BusyCustomerAsync("Alia Exporter", Languages.Arabic, "Alia card not scanning", 12_345);
        var basim = await BusyCustomerAsync("Basim Other", Languages.English, "Basim lost receipt", 9_876);
        var code = await factory.WithServiceAsync<ReferralCode, ReferralProgram>(p => p.CodeForAsync(alia.Id));
        var attached = await factory.WithServiceAsync<(Referral?, ReferralError?), ReferralProgram>(p =>
            p.AttachAsync(basim.Id, code.Code, new SignupContext("10.9.8.7", "basim-device")));
        Assert.NotNull(attached.Item1);
        using var client = await factory.SignedInAsync(alia.Email);

        var page = await client.GetDocumentAsync("/account");
        var request = new HttpRequestMessage(HttpMethod.Post, "/account?handler=Export") { Content = new FormUrlEncodedContent([]) };
        request.Headers.Add("HX-Request", "true");
        request.Headers.Add("RequestVerificationToken", LoyaltyTestKit.HtmxToken(page));
        var queued = await PortalClient.ParseAsync(await client.Http.SendAsync(request));
        Assert.Equal("queued", queued.QuerySelector("#account-export")!.GetAttribute("data-state"));
        Assert.Equal("every 2s", queued.QuerySelector("#account-export")!.GetAttribute("hx-trigger"));

        factory.DispatchEvents();
        var poll = new HttpRequestMessage(HttpMethod.Get, "/account?handler=Export");
        poll.Headers.Add("HX-Request", "true");
        var ready = await PortalClient.ParseAsync(await client.Http.SendAsync(poll));
        Assert.Equal("ready", ready.QuerySelector("#account-export")!.GetAttribute("data-state"));
        Assert.Null(ready.QuerySelector("#account-export")!.GetAttribute("hx-trigger"));
        var link = ready.QuerySelector("#export-download")!.GetAttribute("href")!;

        var zip = await client.Http.GetAsync(link);
        Assert.Equal(HttpStatusCode.OK, zip.StatusCode);
        Assert.Equal("application/zip", zip.Content.Headers.ContentType!.MediaType);
        var entries = await EntriesAsync(zip);
        var all = string.Join("\n", entries.Values);

        Assert.Contains("Alia Exporter", entries["profile.json"]);
        Assert.DoesNotContain("PasswordHash", entries["profile.json"]);
        Assert.Contains("12345", entries["purchases.json"]);
        Assert.Contains("Alia card not scanning", entries["tickets.json"]);
        Assert.Contains("Written by Alia Exporter", entries["ticket-comments.json"]);
        Assert.Contains("Reply for Alia Exporter", entries["notifications.json"]);
        Assert.Contains("2015-04-04", entries["special-dates.json"]);
        Assert.Contains(code.Code, entries["referral-code.json"]);
        Assert.NotEqual("[]", entries["referrals.json"].Trim());
        Assert.NotEqual("[]", entries["points-ledger.json"].Trim());
        Assert.Contains(entries.Keys, k => k.StartsWith("attachments/", StringComparison.Ordinal) && k.EndsWith("receipt.png", StringComparison.Ordinal));
        Assert.Contains("بياناتك", entries["summary.html"]);
        Assert.Contains("dir=\"rtl\"", entries["summary.html"]);
        // Nobody else's: not the friend, not the agent's internal note.
        foreach (var other in new[] { basim.Id, basim.Email, "Basim", "9876", "10.9.8.7", "basim-device", "INTERNAL-NOTE" })
            Assert.DoesNotContain(other, all);

        using var basimClient = await factory.SignedInAsync(basim.Email);
        Assert.Equal(HttpStatusCode.NotFound, (await basimClient.Http.GetAsync(link)).StatusCode);
        factory.Clock.Advance(TimeSpan.FromHours(24.5));
        Assert.Equal(HttpStatusCode.NotFound, (await client.Http.GetAsync(link)).StatusCode);
        await factory.WithServiceAsync<int, DataExports>(e => e.PurgeExpiredAsync());
        var id = Guid.Parse(link.Split('/').Last());
        Assert.False(File.Exists(await factory.WithServiceAsync<string, DataExports>(e => Task.FromResult(e.PathOf(id)))));
    }
}
