using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Account;
using Portal.Core.Customers;
using Portal.Core.Data;
using Portal.Core.Events;
using Portal.Core.Loyalty;
using Portal.Core.Notifications.Sms;
using Portal.Core.Security;
using Portal.Core.SpecialDates;
using Portal.Core.Tickets;
using Portal.Tests.Api;
using Portal.Tests.Customers;
using Portal.Tests.Infrastructure;
using Portal.Tests.Loyalty;
using Portal.Tests.Notifications;

namespace Portal.Tests.Account;

public class AccountDeletionTests(AccountDataPortalFactory factory) : IClassFixture<AccountDataPortalFactory>
{
    private static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    private sealed record Person(string Id, string Number, string Name, string Email, string Phone, DateOnly BirthDate);

    private static int people;

    /// <summary>A customer whose name, email, phone and birth date appear nowhere else.</summary>
    private async Task<Person> UniquePersonAsync()
    {
        var tag = Guid.NewGuid().ToString("N")[..10];
        var name = $"Zuleika Qx{tag}";
        var email = $"zq{tag}@example.test";
        var phone = "+9665" + Random.Shared.NextInt64(10_000_000, 99_999_999);
        // A year of its own for each person in the class (a random one repeated often enough to fail the erasure check).
        var birth = new DateOnly(1907 + Interlocked.Increment(ref people) % 100, 2, 17);
        var (result, user) = await factory.WithServiceAsync<(IdentityResult, PortalUser?), CustomerRegistration>(r =>
            r.RegisterAsync(new NewCustomer(name, email, PortalClient.DemoPassword, phone, birth, Languages.English)));
        Assert.True(result.Succeeded);
        return new(user!.Id, user.CustomerNumber, name, email, phone, birth);
    }

    private static async Task<HttpResponseMessage> PostHtmxAsync(PortalClient client, string handler, Dictionary<string, string> form)
    {
        var page = await client.GetDocumentAsync("/account");
        var request = new HttpRequestMessage(HttpMethod.Post, $"/account?handler={handler}") { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add("HX-Request", "true");
        request.Headers.Add("RequestVerificationToken", LoyaltyTestKit.HtmxToken(page));
        return await client.Http.SendAsync(request);
    }

    private Task<AccountDeletion?> LatestAsync(string id) => factory.WithServiceAsync<AccountDeletion?, AccountDeletions>(d => d.LatestAsync(id));

    /// <summary>Runs the daily erasure (the class's other customers may be due too) and gives this customer's state after it.</summary>
    private async Task<AccountDeletionState> EraseDueAsync(Person person)
    {
        await factory.WithServiceAsync<int, AccountDeletions>(d => d.EraseDueAsync());
        return (await LatestAsync(person.Id))!.State;
    }

    /// <summary>An event on the customer's stream, as a sign-in from that address and browser records it.</summary>
    private async Task RaiseAsync(IDomainEvent e)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<Outbox>().Raise(e);
        await scope.ServiceProvider.GetRequiredService<PortalDbContext>().SaveChangesAsync();
    }

    private Task<TicketResult> OpenTicketAsync(Person person, string subject, string body) =>
        factory.WithServiceAsync<TicketResult, TicketService>(t => t.CreateAsync(
            new TicketActor(person.Id, person.Name, false), new NewTicket(subject, TicketCategory.Loyalty, TicketPriority.Normal, body), []));

    [Fact]
    public async Task A_wrong_password_changes_nothing_and_the_right_one_schedules_the_deletion_14_days_out_showing_what_is_lost()
    {
        var person = await UniquePersonAsync();
        await factory.BuyAsync(new LoyaltyCustomer(person.Email, person.Id, person.Number), 20_000, 1);
        using var client = await factory.SignedInAsync(person.Email);

        var page = await client.GetDocumentAsync("/account");
        Assert.Equal("none", page.QuerySelector("#account-delete")!.GetAttribute("data-state"));
        Assert.Contains("Open support tickets: 0", page.QuerySelector("#delete-tickets")!.TextContent);
        Assert.Matches(@"Your points: \d", page.QuerySelector("#delete-points")!.TextContent);

        var wrong = await PortalClient.ParseAsync(await PostHtmxAsync(client, "Delete", new() { ["Delete.Password"] = "not-it-1234" }));
        Assert.Contains("That password is not right.", wrong.QuerySelector("#account-delete")!.TextContent);
        Assert.Equal("none", wrong.QuerySelector("#account-delete")!.GetAttribute("data-state"));
        Assert.Null(await LatestAsync(person.Id));

        var done = await PortalClient.ParseAsync(await PostHtmxAsync(client, "Delete", new() { ["Delete.Password"] = PortalClient.DemoPassword }));
        Assert.Equal("scheduled", done.QuerySelector("#account-delete")!.GetAttribute("data-state"));
        var deletion = (await LatestAsync(person.Id))!;
        Assert.Equal(factory.Clock.Now.UtcDateTime.AddDays(14), deletion.ScheduledForUtc, TimeSpan.FromSeconds(1));
        // The page shows the date in Riyadh, the business zone: a day after the UTC one from 21:00 UTC.
        var riyadhDay = TimeZoneInfo.ConvertTimeFromUtc(deletion.ScheduledForUtc, TimeZoneInfo.FindSystemTimeZoneById("Asia/Riyadh")).ToString("d MMMM yyyy", System.Globalization.CultureInfo.GetCultureInfo("en"));
        Assert.Contains(riyadhDay, done.QuerySelector("#delete-scheduled")!.TextContent);

        // Cancel without JavaScript: a plain post and a redirect back.
        var cancelled = await client.FollowAsync(await client.SubmitFormAsync("/account", "form#cancel-deletion-form", new Dictionary<string, string>()));
        Assert.Equal("none", cancelled.QuerySelector("#account-delete")!.GetAttribute("data-state"));
        Assert.Equal(DeletionCancelledBy.Customer, (await LatestAsync(person.Id))!.CancelledBy);
    }

    [Fact]
    public async Task Signing_in_during_the_wait_cancels_the_deletion_and_says_so()
    {
        var person = await UniquePersonAsync();
        var (scheduled, _) = await factory.WithServiceAsync<(AccountDeletion?, DeletionProblem?), AccountDeletions>(d => d.RequestAsync(person.Id, PortalClient.DemoPassword, null));
        Assert.NotNull(scheduled);

        var client = factory.NewClient();
        var response = await client.SubmitFormAsync("/account/login", "form#login-form", new Dictionary<string, string> { ["Input.Email"] = person.Email, ["Input.Password"] = PortalClient.DemoPassword });
        var next = await client.FollowAsync(response);

        Assert.Contains("Your account will not be deleted: you signed in.", next.Body!.TextContent);
        var deletion = (await LatestAsync(person.Id))!;
        Assert.Equal(AccountDeletionState.Cancelled, deletion.State);
        Assert.Equal(DeletionCancelledBy.SignIn, deletion.CancelledBy);

        // The app's bearer sign-in cancels too.
        await factory.WithServiceAsync<(AccountDeletion?, DeletionProblem?), AccountDeletions>(d => d.RequestAsync(person.Id, PortalClient.DemoPassword, null));
        Assert.Equal(AccountDeletionState.Scheduled, (await LatestAsync(person.Id))!.State);
        using var app = await factory.SignedInAppAsync(person.Email);
        Assert.Equal(AccountDeletionState.Cancelled, (await LatestAsync(person.Id))!.State);
    }

    [Fact]
    public async Task After_14_days_nothing_identifies_the_person_anywhere_figures_stay_and_the_Customer_ID_is_not_reissued()
    {
        var person = await UniquePersonAsync();
        var other = await UniquePersonAsync();
        var customer = new LoyaltyCustomer(person.Email, person.Id, person.Number);
        await factory.BuyAsync(customer, 31_415, 3);
        await factory.BuyAsync(new LoyaltyCustomer(other.Email, other.Id, other.Number), 27_182, 2);
        await factory.NotifyAsync(person.Id, title: $"Reply for {person.Name}");
        await factory.WithServiceAsync<IReadOnlyList<DatesProblem>, SpecialDatesProgram>(p => p.SetDatesAsync(person.Id, null, new DateOnly(2015, 4, 4)));
        var ticket = await factory.WithServiceAsync<TicketResult, TicketService>(t => t.CreateAsync(
            new TicketActor(person.Id, person.Name, false),
            new NewTicket($"{person.Name} card", TicketCategory.Loyalty, TicketPriority.Normal, $"Call me on {person.Phone}, {person.Email}"),
            [new AttachmentUpload("receipt.png", new MemoryStream(Png))]));
        Assert.True(ticket.Succeeded);
        var attachmentFiles = await factory.WithServiceAsync<List<string>, PortalDbContext>(async db =>
        {
            var options = factory.Services.GetRequiredService<TicketOptions>();
            return (await db.Set<TicketAttachment>().Where(a => a.TicketId == ticket.Ticket!.Id).Select(a => a.StoredName).ToListAsync())
                .Select(n => Path.Combine(options.AttachmentsDirectory, n)).ToList();
        });
        Assert.All(attachmentFiles, f => Assert.True(File.Exists(f)));
        var export = await factory.WithServiceAsync<DataExport, DataExports>(e => e.RequestAsync(person.Id));
        factory.DeliverNotifications();
        Assert.NotNull(factory.LastEmailTo(person.Email));
        var exportPath = await factory.WithServiceAsync<string, DataExports>(e => Task.FromResult(e.PathOf(export.Id)));
        Assert.True(File.Exists(exportPath));
        // A text to their phone (SMS pickup folder) and a sign-in from an address and browser that are theirs.
        var text = await factory.WithServiceAsync<PhoneVerificationResult, PhoneVerificationService>(v => v.RequestCodeAsync(person.Id, person.Phone));
        Assert.Equal(PhoneVerificationOutcome.CodeSent, text.Outcome);
        Assert.NotEmpty(FilesContaining(factory.SmsDirectory, person.Phone));
        var ip = $"203.0.113.{Random.Shared.Next(1, 250)}";
        var agent = $"Mozilla/5.0 (X11; Linux x86_64) Browser{person.Number}/1.0";
        await RaiseAsync(new SignInSucceeded(person.Id, ip, agent, "password", "session-x"));
        await RaiseAsync(new SignInFailed(person.Id, ip, "wrong_password", agent));
        factory.DispatchEvents();
        var before = await FiguresAsync();

        var (scheduled, _) = await factory.WithServiceAsync<(AccountDeletion?, DeletionProblem?), AccountDeletions>(d => d.RequestAsync(person.Id, PortalClient.DemoPassword, null));
        Assert.NotNull(scheduled);

        factory.Clock.Advance(TimeSpan.FromDays(13));
        Assert.Equal(AccountDeletionState.Scheduled, await EraseDueAsync(person));
        Assert.Equal(person.Email, (await factory.WithServiceAsync<PortalUser?, UserManager<PortalUser>>(u => u.FindByIdAsync(person.Id)))!.Email);

        factory.Clock.Advance(TimeSpan.FromDays(1.01));
        Assert.Equal(AccountDeletionState.Erased, await EraseDueAsync(person));

        var birth = person.BirthDate.ToString("yyyy-MM-dd");
        string[] identifying = [person.Name, person.Email, person.Phone, birth, ip, agent];
        var found = await FindInDatabaseAsync(identifying);
        Assert.True(found.Count == 0, "Still in the database: " + string.Join("; ", found));
        // Every file the portal keeps (mail and SMS pickup, attachments, exports, keys), except the database searched above.
        var files = identifying.SelectMany(v => FilesContaining(factory.DataDirectory, v).Select(f => $"{Path.GetRelativePath(factory.DataDirectory, f)} has {v}")).ToList();
        Assert.True(files.Count == 0, "Still in files: " + string.Join("; ", files));
        // The events stay, under the internal id, for the figures built on them.
        Assert.True(await factory.WithServiceAsync<int, PortalDbContext>(db => db.Set<OutboxMessage>().CountAsync(m => m.StreamKey == person.Id && m.Type == nameof(SignInSucceeded))) > 0);
        Assert.All(attachmentFiles, f => Assert.False(File.Exists(f)));
        Assert.False(File.Exists(exportPath));
        // The other customer is untouched.
        Assert.NotEmpty(await FindInDatabaseAsync([other.Name, other.Email, other.Phone]));
        Assert.NotEmpty(FilesContaining(factory.MailDirectory, other.Email));
        Assert.Equal(before, await FiguresAsync());
        Assert.Equal(AccountDeletionState.Erased, (await LatestAsync(person.Id))!.State);

        // The tombstone keeps the Customer ID taken: the registration's check and the unique index both see it.
        var tombstone = (await factory.WithServiceAsync<PortalUser?, UserManager<PortalUser>>(u => u.FindByIdAsync(person.Id)))!;
        Assert.Equal(person.Number, tombstone.CustomerNumber);
        Assert.Null(tombstone.PasswordHash);
        Assert.True(tombstone.IsLockedByAdmin);
        await Assert.ThrowsAnyAsync<DbUpdateException>(() => factory.WithServiceAsync<int, PortalDbContext>(db =>
        {
            db.Users.Add(new PortalUser { Id = Guid.NewGuid().ToString(), UserName = "x@example.test", NormalizedUserName = "X@EXAMPLE.TEST", CustomerNumber = person.Number });
            return db.SaveChangesAsync();
        }));
        var signIn = factory.NewClient();
        var response = await signIn.SubmitFormAsync("/account/login", "form#login-form", new Dictionary<string, string> { ["Input.Email"] = person.Email, ["Input.Password"] = PortalClient.DemoPassword });
        Assert.NotEqual(HttpStatusCode.Redirect, response.StatusCode);
    }

    [Fact]
    public async Task With_two_step_verification_on_the_code_is_required_and_a_missing_or_wrong_one_changes_nothing()
    {
        var person = await UniquePersonAsync();
        using var client = await factory.SignedInAsync(person.Email);
        var (key, _) = await client.EnableTwoFactorAsync();

        var page = await client.GetDocumentAsync("/account");
        Assert.NotNull(page.QuerySelector("#Delete_TwoFactorCode"));

        var missing = await PortalClient.ParseAsync(await PostHtmxAsync(client, "Delete", new() { ["Delete.Password"] = PortalClient.DemoPassword }));
        Assert.Contains("Enter the code from your authenticator app.", missing.QuerySelector("#account-delete")!.TextContent);
        Assert.Equal("none", missing.QuerySelector("#account-delete")!.GetAttribute("data-state"));
        Assert.Null(await LatestAsync(person.Id));

        var wrong = await PortalClient.ParseAsync(await PostHtmxAsync(client, "Delete",
            new() { ["Delete.Password"] = PortalClient.DemoPassword, ["Delete.TwoFactorCode"] = Totp.WrongCode(key) }));
        Assert.Contains("That code is not correct.", wrong.QuerySelector("#account-delete")!.TextContent);
        Assert.Null(await LatestAsync(person.Id));

        // The right code with the wrong password is still refused.
        var wrongPassword = await PortalClient.ParseAsync(await PostHtmxAsync(client, "Delete",
            new() { ["Delete.Password"] = "not-it-1234", ["Delete.TwoFactorCode"] = Totp.Code(key) }));
        Assert.Contains("That password is not right.", wrongPassword.QuerySelector("#account-delete")!.TextContent);
        Assert.Null(await LatestAsync(person.Id));

        var done = await PortalClient.ParseAsync(await PostHtmxAsync(client, "Delete",
            new() { ["Delete.Password"] = PortalClient.DemoPassword, ["Delete.TwoFactorCode"] = Totp.Code(key) }));
        Assert.Equal("scheduled", done.QuerySelector("#account-delete")!.GetAttribute("data-state"));
        Assert.Equal(AccountDeletionState.Scheduled, (await LatestAsync(person.Id))!.State);
    }

    [Fact]
    public async Task Open_tickets_and_alerts_under_review_are_explained_the_erasure_waits_for_the_alerts_and_then_closes_the_tickets()
    {
        var person = await UniquePersonAsync();
        var ticket = await OpenTicketAsync(person, "Card not scanning", $"Please call {person.Phone}.");
        Assert.True(ticket.Succeeded);
        var agent = await factory.NewStaffOnlyAsync(Roles.Agent);
        await factory.WithServiceAsync<TicketResult, TicketService>(t =>
            t.ReplyAsync(new TicketActor(agent, "Agent Smith", true), ticket.Ticket!.Number, $"Hello {person.Name}, we are looking at it."));
        var alert = await factory.WithServiceAsync<SecurityAlert, SecurityAlerts>(a =>
            a.RaiseAsync(SecurityAlert.For(person.Id, AlertKind.NewDevice, factory.Clock.Now.UtcDateTime, "198.51.100.77", "Mozilla/5.0 Suspect/1.0")));
        using var client = await factory.SignedInAsync(person.Email);

        var page = await client.GetDocumentAsync("/account");
        Assert.Contains("Open support tickets: 1", page.QuerySelector("#delete-tickets")!.TextContent);
        Assert.Contains("They are closed when your account is erased.", page.QuerySelector("#delete-tickets-fate")!.TextContent);
        Assert.Contains("Security alerts under review: 1.", page.QuerySelector("#delete-alerts")!.TextContent);
        Assert.Contains("can take longer than 14 days", page.QuerySelector("#delete-alerts")!.TextContent);

        var done = await PortalClient.ParseAsync(await PostHtmxAsync(client, "Delete", new() { ["Delete.Password"] = PortalClient.DemoPassword }));
        Assert.Contains("Security alerts under review: 1.", done.QuerySelector("#delete-scheduled-alerts")!.TextContent);

        factory.Clock.Advance(TimeSpan.FromDays(14.01));
        Assert.Equal(AccountDeletionState.Scheduled, await EraseDueAsync(person));
        var staff = await factory.NewStaffOnlyAsync(Roles.Staff);
        using var staffClient = await factory.SignedInAsync(staff);
        var profile = await staffClient.GetDocumentAsync($"/staff/customers/{person.Number}");
        Assert.Equal("true", profile.QuerySelector("#deletion-panel")!.GetAttribute("data-waiting"));
        Assert.Contains("The erasure is due but waits: security alerts under review: 1.", profile.QuerySelector("#deletion-waiting")!.TextContent);
        Assert.Equal(TicketStatus.Open, (await TicketAsync(ticket.Ticket!.Id)).Status);

        var staffId = (await factory.WithServiceAsync<PortalUser?, UserManager<PortalUser>>(u => u.FindByEmailAsync(staff)))!.Id;
        var decided = await factory.WithServiceAsync<AlertResult, SecurityAlerts>(a => a.ResolveAsync(alert.Id, StaffDecision.Dismiss, "Their new phone.", staffId, "Staff"));
        Assert.True(decided.Succeeded);
        Assert.Equal(AccountDeletionState.Erased, await EraseDueAsync(person));

        var closed = await TicketAsync(ticket.Ticket!.Id);
        Assert.Equal(TicketStatus.Closed, closed.Status);
        Assert.Equal(AccountDeletions.Marker, closed.Subject);
        var comments = await factory.WithServiceAsync<List<TicketComment>, PortalDbContext>(db =>
            db.Set<TicketComment>().AsNoTracking().Where(c => c.TicketId == ticket.Ticket!.Id).OrderBy(c => c.Id).ToListAsync());
        Assert.Equal(AccountDeletions.Marker, comments[0].Body);
        Assert.Equal("Hello [deleted], we are looking at it.", comments.Single(c => c.ByAgent).Body);
        var erased = (await staffClient.GetDocumentAsync($"/staff/customers/{person.Number}")).QuerySelector("#deletion-panel")!;
        Assert.Equal("erased", erased.GetAttribute("data-state"));
        Assert.Equal("false", erased.GetAttribute("data-waiting"));
    }

    private Task<Ticket> TicketAsync(int id) =>
        factory.WithServiceAsync<Ticket, PortalDbContext>(db => db.Set<Ticket>().AsNoTracking().FirstAsync(t => t.Id == id));

    [Fact]
    public async Task Staff_see_the_request_and_its_state_on_the_customer_profile()
    {
        var person = await UniquePersonAsync();
        var staff = await factory.NewStaffOnlyAsync(Roles.Staff);
        using var client = await factory.SignedInAsync(staff);

        var none = await client.GetDocumentAsync($"/staff/customers/{person.Number}");
        Assert.Equal("none", none.QuerySelector("#deletion-panel")!.GetAttribute("data-state"));

        await factory.WithServiceAsync<(AccountDeletion?, DeletionProblem?), AccountDeletions>(d => d.RequestAsync(person.Id, PortalClient.DemoPassword, null));
        var scheduled = await client.GetDocumentAsync($"/staff/customers/{person.Number}");
        Assert.Equal("scheduled", scheduled.QuerySelector("#deletion-panel")!.GetAttribute("data-state"));
        Assert.Equal("Deletion scheduled", scheduled.QuerySelector("#deletion-state")!.TextContent.Trim());
    }

    [Fact]
    public async Task The_API_schedules_reports_and_cancels_with_stable_problem_codes()
    {
        var person = await UniquePersonAsync();
        using var app = await factory.SignedInAppAsync(person.Email);

        var wrong = new HttpRequestMessage(HttpMethod.Delete, "/api/customer-id/account");
        wrong.Headers.Add("X-Password", "not-it-1234");
        await (await app.SendAsync(wrong)).AssertProblemAsync(HttpStatusCode.Forbidden, "wrong_password");
        Assert.Null(await LatestAsync(person.Id));

        var right = new HttpRequestMessage(HttpMethod.Delete, "/api/customer-id/account");
        right.Headers.Add("X-Password", PortalClient.DemoPassword);
        var accepted = await app.SendAsync(right);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var body = await accepted.JsonAsync();
        Assert.Equal("Scheduled", body.GetProperty("state").GetString());
        Assert.Equal(factory.Clock.Now.UtcDateTime.AddDays(14), body.GetProperty("scheduledFor").GetDateTime(), TimeSpan.FromSeconds(1));
        Assert.Equal("Scheduled", (await (await app.GetAsync("/api/customer-id/account/deletion")).JsonAsync()).GetProperty("state").GetString());

        var cancel = await app.PostAsync("/api/customer-id/account/deletion/cancel", null);
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        Assert.Equal("Customer", (await cancel.JsonAsync()).GetProperty("cancelledBy").GetString());
        await (await app.PostAsync("/api/customer-id/account/deletion/cancel", null)).AssertProblemAsync(HttpStatusCode.NotFound, "no_deletion_scheduled");
    }

    private Task<(long Purchases, long Points)> FiguresAsync() => factory.WithServiceAsync<(long, long), PortalDbContext>(async db =>
        (await db.Set<Purchase>().SumAsync(p => p.TotalMinor), await db.Set<PointsEntry>().SumAsync(e => e.Points)));

    /// <summary>Every column of every table, read as text, searched for each value.</summary>
    private async Task<List<string>> FindInDatabaseAsync(IReadOnlyList<string> values)
    {
        var found = new List<string>();
        var path = Path.Combine(factory.DataDirectory, "portal.db");
        await using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly");
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table'";
            await using var reader = await cmd.ExecuteReaderAsync();
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        }
        Assert.Contains("AspNetUsers", tables);
        foreach (var table in tables)
        {
            await using var cmd = connection.CreateCommand();
            cmd.CommandText = $"SELECT * FROM \"{table}\"";
            await using var reader = await cmd.ExecuteReaderAsync();
            while (await reader.ReadAsync())
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    if (reader.IsDBNull(i)) continue;
                    var text = reader.GetValue(i) is byte[] bytes ? System.Text.Encoding.UTF8.GetString(bytes) : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)!;
                    foreach (var v in values.Where(v => text.Contains(v, StringComparison.OrdinalIgnoreCase)))
                        found.Add($"{table}.{reader.GetName(i)} has {v}");
                }
        }
        return found;
    }

    /// <summary>Files under <paramref name="directory"/> holding the value as text (the SQLite files are searched by FindInDatabaseAsync).</summary>
    private static IEnumerable<string> FilesContaining(string directory, string value) =>
        Directory.Exists(directory)
            ? Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
                .Where(f => !Path.GetFileName(f).StartsWith("portal.db", StringComparison.Ordinal))
                .Where(f => System.Text.Encoding.UTF8.GetString(File.ReadAllBytes(f)).Contains(value, StringComparison.OrdinalIgnoreCase)).ToList()
            : [];
}
