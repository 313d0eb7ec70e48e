using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Account;
using Portal.Core.Customers;
using Portal.Core.Data;
using Portal.Core.Events;
using Portal.Core.Referrals;
using Portal.Core.Security;
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

    private async Task RaiseAsync(IDomainEvent e)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<Outbox>().Raise(e);
        await scope.ServiceProvider.GetRequiredService<PortalDbContext>().SaveChangesAsync();
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
        using var basimClient = await factory.SignedInAsync(basim.Email);
        using var client = await factory.SignedInAsync(alia.Email);
        // Each signs in once more from an address and browser of their own.
        await RaiseAsync(new SignInSucceeded(alia.Id, "203.0.113.50", "Mozilla/5.0 (Windows NT 10.0) AliaBrowser/7.0", "password"));
        await RaiseAsync(new SignInFailed(alia.Id, "203.0.113.51", "wrong_password", "Mozilla/5.0 (Windows NT 10.0) AliaBrowser/7.0"));
        await RaiseAsync(new SignInSucceeded(basim.Id, "198.51.100.60", "Mozilla/5.0 (Macintosh) BasimBrowser/3.0", "password"));

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
        // Security events and sessions: theirs, readable in the summary too; the session ids (cookie handles) are not given out.
        var events = JsonDocument.Parse(entries["security-events.json"]).RootElement;
        Assert.Contains(events.EnumerateArray(), e => e.GetProperty("Event").GetString() == "SignInSucceeded"
            && e.GetProperty("Details").GetProperty("IpAddress").GetString() == "203.0.113.50");
        Assert.Contains(events.EnumerateArray(), e => e.GetProperty("Event").GetString() == "SignInFailed");
        Assert.Contains(events.EnumerateArray(), e => e.GetProperty("Event").GetString() == "AccountRegistered");
        Assert.DoesNotContain(events.EnumerateArray(), e => e.GetProperty("Event").GetString() == "PurchaseRecorded");
        var sessions = await factory.WithServiceAsync<List<SignInSession>, PortalDbContext>(db => db.Set<SignInSession>().AsNoTracking().Where(x => x.UserId == alia.Id).ToListAsync());
        Assert.NotEmpty(sessions);
        Assert.Equal(sessions.Count, JsonDocument.Parse(entries["sign-in-sessions.json"]).RootElement.GetArrayLength());
        Assert.All(sessions, x => Assert.DoesNotContain(x.Id, all));
        var summary = entries["summary.html"];
        Assert.Contains("نشاط الأمان", summary);
        Assert.Contains("203.0.113.50", summary);
        Assert.Contains("AliaBrowser", entries["security-events.json"]);
        Assert.Contains("security-events.json", summary);
        Assert.Contains("sign-in-sessions.json", summary);
        // Nobody else's: not the friend, not the agent's internal note, not their sign-ins or sessions.
        var basimSessions = await factory.WithServiceAsync<List<string>, PortalDbContext>(db => db.Set<SignInSession>().Where(x => x.UserId == basim.Id).Select(x => x.Id).ToListAsync());
        Assert.NotEmpty(basimSessions);
        foreach (var other in (string[])[basim.Id, basim.Email, "Basim", "10.9.8.7", "basim-device", "INTERNAL-NOTE", "198.51.100.60", .. basimSessions])
            Assert.DoesNotContain(other, all);
        // Basim's amount as a number of its own, not four digits inside some random hex id.
        Assert.DoesNotMatch(@"(?<![0-9a-fA-F])9876(?![0-9a-fA-F])", all);

        Assert.Equal(HttpStatusCode.NotFound, (await basimClient.Http.GetAsync(link)).StatusCode);
        factory.Clock.Advance(TimeSpan.FromHours(24.5));
        Assert.Equal(HttpStatusCode.NotFound, (await client.Http.GetAsync(link)).StatusCode);
        await factory.WithServiceAsync<int, DataExports>(e => e.PurgeExpiredAsync());
        var id = Guid.Parse(link.Split('/').Last());
        Assert.False(File.Exists(await factory.WithServiceAsync<string, DataExports>(e => Task.FromResult(e.PathOf(id)))));
    }
}
