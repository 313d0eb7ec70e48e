using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Account;
using Portal.Core.Customers;
using Portal.Core.Data;
using Portal.Core.Loyalty;
using Portal.Core.SpecialDates;
using Portal.Core.Tickets;
using Portal.Tests.Api;
using Portal.Tests.Infrastructure;
using Portal.Tests.Loyalty;
using Portal.Tests.Notifications;

namespace Portal.Tests.Account;

public class AccountDeletionTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    private sealed record Person(string Id, string Number, string Name, string Email, string Phone, DateOnly BirthDate);

    /// <summary>A customer whose name, email, phone and birth date appear nowhere else.</summary>
    private async Task<Person> UniquePersonAsync()
    {
        var tag = Guid.NewGuid().ToString("N")[..10];
        var name = $"Zuleika Qx{tag}";
        var email = $"zq{tag}@example.test";
        var phone = "+9665" + Random.Shared.NextInt64(10_000_000, 99_999_999);
        var birth = new DateOnly(1931 + Random.Shared.Next(0, 20), 2, 17);
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

    private Task<int> EraseDueAsync() => factory.WithServiceAsync<int, AccountDeletions>(d => d.EraseDueAsync());

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
        Assert.Contains(Portal.Shell.Formats.LongDate(deletion.ScheduledForUtc), done.QuerySelector("#delete-scheduled")!.TextContent);

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
        var before = await FiguresAsync();

        var (scheduled, _) = await factory.WithServiceAsync<(AccountDeletion?, DeletionProblem?), AccountDeletions>(d => d.RequestAsync(person.Id, PortalClient.DemoPassword, null));
        Assert.NotNull(scheduled);

        factory.Clock.Advance(TimeSpan.FromDays(13));
        Assert.Equal(0, await EraseDueAsync());
        Assert.Equal(person.Email, (await factory.WithServiceAsync<PortalUser?, UserManager<PortalUser>>(u => u.FindByIdAsync(person.Id)))!.Email);

        factory.Clock.Advance(TimeSpan.FromDays(1.01));
        Assert.Equal(1, await EraseDueAsync());

        var birth = person.BirthDate.ToString("yyyy-MM-dd");
        var found = await FindInDatabaseAsync([person.Name, person.Email, person.Phone, birth]);
        Assert.True(found.Count == 0, "Still in the database: " + string.Join("; ", found));
        Assert.Empty(FilesContaining(factory.MailDirectory, person.Email));
        Assert.All(attachmentFiles, f => Assert.False(File.Exists(f)));
        Assert.False(File.Exists(exportPath));
        // The other customer is untouched.
        Assert.NotEmpty(await FindInDatabaseAsync([other.Name, other.Email, other.Phone]));
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

    private static IEnumerable<string> FilesContaining(string directory, string value) =>
        Directory.Exists(directory)
            ? Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Where(f => File.ReadAllText(f).Contains(value, StringComparison.OrdinalIgnoreCase)).ToList()
            : [];
}
