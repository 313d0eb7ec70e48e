using System.Net;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Administration;
using Portal.Core.Customers;
using Portal.Core.Data;
using Portal.Tests.Customers;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Administration;

public class PeopleAdminTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private async Task<PortalClient> AdminAsync()
    {
        var client = factory.NewClient();
        await client.SignInAsync("admin@demo.local");
        return client;
    }

    [Fact]
    public async Task Admin_searches_people_by_name_email_or_Customer_ID()
    {
        var layla = await factory.PersonAsync("layla@demo.local");
        using var client = await AdminAsync();

        foreach (var q in new[] { "الحربي", "LAYLA@", layla.Number.Grouped })
        {
            var doc = await client.GetDocumentAsync($"/admin/users?q={Uri.EscapeDataString(q)}");
            var row = doc.QuerySelector($"#person-{layla.Id}");
            Assert.True(row is not null, $"'{q}' did not find Layla");
            Assert.Contains(layla.Number.Grouped, row.TextContent);
            Assert.Equal(1, doc.QuerySelectorAll("#people-table tbody tr").Length);
        }
    }

    [Fact]
    public async Task A_mistyped_Customer_ID_in_the_people_search_says_to_check_the_digits()
    {
        var sam = await factory.PersonAsync("customer@demo.local");
        var digits = sam.Number.Value.ToCharArray();
        digits[4] = digits[4] == '9' ? '0' : (char)(digits[4] + 1);
        var typo = Uri.EscapeDataString(new string(digits));
        using var client = await AdminAsync();

        var page = await client.GetDocumentAsync($"/admin/users?q={typo}");
        var request = new HttpRequestMessage(HttpMethod.Get, $"/admin/users?q={typo}");
        request.Headers.Add("HX-Request", "true");
        var live = await PortalClient.ParseAsync(await client.Http.SendAsync(request));
        var arabic = await client.GetDocumentAsync($"/admin/users?culture=ar&q={typo}");

        Assert.Equal("This Customer ID is not valid: check the digits", page.Text("#search-problem"));
        Assert.Equal("true", page.QuerySelector("#q")!.GetAttribute("aria-invalid"));
        Assert.Contains("search-problem", page.QuerySelector("#q")!.GetAttribute("aria-describedby"));
        Assert.Null(page.QuerySelector("#people-none"));
        Assert.Equal("This Customer ID is not valid: check the digits", live.Text("#search-problem"));
        Assert.Equal("رقم العميل هذا غير صحيح: تحقّق من الأرقام", arabic.Text("#search-problem"));
    }

    [Fact]
    public async Task Only_the_people_count_is_announced_not_the_whole_table()
    {
        using var client = await AdminAsync();

        var page = await client.GetDocumentAsync("/admin/users?q=demo.local");
        var request = new HttpRequestMessage(HttpMethod.Get, "/admin/users?q=demo.local");
        request.Headers.Add("HX-Request", "true");
        var live = await PortalClient.ParseAsync(await client.Http.SendAsync(request));

        Assert.Equal("status", page.QuerySelector("#people-count")!.GetAttribute("role"));
        Assert.Null(page.QuerySelector("#people-results")!.GetAttribute("aria-live"));
        Assert.Empty(page.QuerySelectorAll("#people-results [aria-live], #people-results [role=status]"));
        Assert.Equal("", page.Text("#search-problem"));
        Assert.Equal("false", page.QuerySelector("#q")!.GetAttribute("aria-invalid"));
        // A live search refreshes the count and clears the error in place, outside the swapped table.
        Assert.Equal("innerHTML", live.QuerySelector("#people-count")!.GetAttribute("hx-swap-oob"));
        Assert.Equal(page.Text("#people-count"), live.Text("#people-count"));
        Assert.Equal("", live.Text("#search-problem"));
    }

    [Fact]
    public async Task The_people_list_shows_roles_and_works_as_an_htmx_fragment()
    {
        var admin = await factory.PersonAsync("admin@demo.local");
        using var client = await AdminAsync();
        var request = new HttpRequestMessage(HttpMethod.Get, "/admin/users?q=admin%40demo");
        request.Headers.Add("HX-Request", "true");

        var response = await client.Http.SendAsync(request);

        var html = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("<html", html);
        var doc = await PortalClient.ParseAsync(response);
        Assert.Contains("Customer, Staff, Admin", doc.Text($"#person-{admin.Id}"));
    }

    [Fact]
    public async Task Admin_assigns_a_role_and_the_change_is_audited_with_who_and_when()
    {
        var person = await factory.NewCustomerAsync("Rami Haddad");
        using var client = await AdminAsync();

        var response = await client.SubmitFormAsync($"/admin/users/{person.Id}", "#add-role-agent", new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/admin/users/{person.Id}", response.Headers.Location!.OriginalString);
        Assert.Contains(Roles.Agent, await factory.RolesOfAsync(person.Id));
        var page = await client.GetDocumentAsync($"/admin/users/{person.Id}");
        Assert.Equal("Role given: Support agent.", page.Text("#status-message"));
        Assert.NotNull(page.QuerySelector("#remove-role-agent"));
        var row = page.QuerySelector("#history tbody tr")!;
        Assert.Contains("Adam Admin", row.TextContent);
        Assert.Contains("Gave the role Support agent", row.TextContent);
        var when = DateTime.Parse(row.QuerySelector("time")!.GetAttribute("datetime")!, null, System.Globalization.DateTimeStyles.RoundtripKind);
        Assert.Equal(factory.Clock.Now.UtcDateTime, when);

        var entry = await factory.WithServiceAsync<AuditEntry, PortalDbContext>(db => db.AuditEntries.SingleAsync(e => e.TargetUserId == person.Id));
        Assert.Equal((await factory.PersonAsync("admin@demo.local")).Id, entry.ActorUserId);
        Assert.Equal(AuditAction.RoleAdded, entry.Action);
        Assert.Equal(Roles.Agent, entry.Detail);
    }

    [Fact]
    public async Task Removing_a_role_is_shown_newest_first_in_arabic_dates()
    {
        var person = await factory.NewCustomerAsync("Huda Saleh");
        using var client = await AdminAsync();
        await client.SubmitFormAsync($"/admin/users/{person.Id}", "#add-role-staff", new Dictionary<string, string>());

        var response = await client.SubmitFormAsync($"/admin/users/{person.Id}", "#remove-role-staff", new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.DoesNotContain(Roles.Staff, await factory.RolesOfAsync(person.Id));
        var page = await client.GetDocumentAsync($"/admin/users/{person.Id}?culture=ar");
        var rows = page.QuerySelectorAll("#history tbody tr");
        Assert.Equal(2, rows.Length);
        Assert.Contains("أزال دور موظف", rows[0].TextContent);
        Assert.Contains("منح دور موظف", rows[1].TextContent);
        // In the admin's own time (the business zone here), with an Arabic month and a Gregorian year.
        var when = rows[0].QuerySelector("time")!.TextContent;
        var local = TimeZoneInfo.ConvertTimeFromUtc(factory.Clock.GetUtcNow().UtcDateTime, TimeZoneInfo.FindSystemTimeZoneById("Asia/Riyadh"));
        Assert.Contains(local.Year.ToString(), when);
        Assert.Contains(local.ToString("HH:mm"), when);
        Assert.Matches("[\u0600-\u06FF]", when);
    }

    [Fact]
    public async Task Admin_locks_a_person_and_they_cannot_sign_in()
    {
        var person = await factory.NewCustomerAsync("Karim Nasser");
        using var theirs = factory.NewClient();
        await theirs.SignInAsync(person.Email!);
        using var client = await AdminAsync();

        var response = await client.SubmitFormAsync($"/admin/users/{person.Id}", "#lock-form", new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var page = await client.GetDocumentAsync($"/admin/users/{person.Id}");
        Assert.Equal("Locked", page.Text("#person-status"));
        Assert.NotNull(page.QuerySelector("#unlock-form"));
        Assert.Contains("Locked the account", page.Text("#history tbody tr"));
        var after = await factory.PersonAsync(person.Email!);
        Assert.NotEqual(person.SecurityStamp, after.SecurityStamp);

        using var again = factory.NewClient();
        var signIn = await again.SubmitFormAsync("/account/login", "form#login-form", new Dictionary<string, string>
        {
            ["Input.Email"] = person.Email!,
            ["Input.Password"] = PortalClient.DemoPassword,
        });
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        Assert.Contains("This account has been locked. Please contact support.", (await PortalClient.ParseAsync(signIn)).Text("#login-errors"));
    }

    [Fact]
    public async Task Admin_unlocks_a_person_and_they_can_sign_in_again()
    {
        var person = await factory.NewCustomerAsync("Lina Farouk");
        using var client = await AdminAsync();
        await client.SubmitFormAsync($"/admin/users/{person.Id}", "#lock-form", new Dictionary<string, string>());

        var response = await client.SubmitFormAsync($"/admin/users/{person.Id}", "#unlock-form", new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("Active", (await client.GetDocumentAsync($"/admin/users/{person.Id}")).Text("#person-status"));
        using var theirs = factory.NewClient();
        await theirs.SignInAsync(person.Email!);
    }

    [Fact]
    public async Task Admin_cannot_lock_themselves()
    {
        var admin = await factory.PersonAsync("admin@demo.local");
        using var client = await AdminAsync();
        var own = await client.GetDocumentAsync($"/admin/users/{admin.Id}");
        Assert.Null(own.QuerySelector("#lock-form"));
        Assert.Null(own.QuerySelector("#remove-role-admin"));

        var response = await client.PostCraftedAsync($"/admin/users/{admin.Id}", $"/admin/users/{admin.Id}?handler=Lock", new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("You cannot lock your own account.", (await PortalClient.ParseAsync(response)).Text("#admin-errors"));
        Assert.Null((await factory.PersonAsync("admin@demo.local")).LockoutEnd);
        Assert.False(await factory.WithServiceAsync<bool, PortalDbContext>(db => db.AuditEntries.AnyAsync(e => e.TargetUserId == admin.Id)));
    }

    [Fact]
    public async Task Admin_cannot_remove_their_own_admin_role()
    {
        var admin = await factory.PersonAsync("admin@demo.local");
        using var client = await AdminAsync();

        var response = await client.PostCraftedAsync($"/admin/users/{admin.Id}", $"/admin/users/{admin.Id}?handler=RemoveRole",
            new Dictionary<string, string> { ["Input.Role"] = Roles.Admin });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("You cannot remove your own Admin role.", (await PortalClient.ParseAsync(response)).Text("#admin-errors"));
        Assert.Contains(Roles.Admin, await factory.RolesOfAsync(admin.Id));
    }

    [Fact]
    public async Task An_unknown_role_is_refused_with_a_message()
    {
        var person = await factory.NewCustomerAsync("Yusuf Amin");
        using var client = await AdminAsync();

        var response = await client.PostCraftedAsync($"/admin/users/{person.Id}", $"/admin/users/{person.Id}?handler=AddRole",
            new Dictionary<string, string> { ["Input.Role"] = "Superuser" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Choose one of the listed roles.", (await PortalClient.ParseAsync(response)).Text("#admin-errors"));
        Assert.Equal([Roles.Customer], await factory.RolesOfAsync(person.Id));
    }

    [Fact]
    public async Task Staff_without_admin_cannot_change_roles()
    {
        var person = await factory.NewCustomerAsync("Mona Aziz");
        using var client = factory.NewClient();
        await client.SignInAsync("staff@demo.local");

        var page = await client.Http.GetAsync($"/admin/users/{person.Id}");
        var post = await client.PostCraftedAsync("/staff/customers", $"/admin/users/{person.Id}?handler=AddRole",
            new Dictionary<string, string> { ["Input.Role"] = Roles.Admin });

        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/account/access-denied", page.Headers.Location!.AbsolutePath);
        Assert.Equal(HttpStatusCode.Redirect, post.StatusCode);
        Assert.StartsWith("/account/access-denied", post.Headers.Location!.AbsolutePath);
        Assert.Equal([Roles.Customer], await factory.RolesOfAsync(person.Id));
    }

    [Fact]
    public async Task Unknown_person_is_404()
    {
        using var client = await AdminAsync();

        var response = await client.Http.GetAsync("/admin/users/no-such-person");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Admin_sees_a_manage_link_on_the_staff_profile()
    {
        var person = await factory.NewCustomerAsync("Omar Zaki");
        using var client = await AdminAsync();

        var profile = await client.GetDocumentAsync($"/staff/customers/{person.CustomerNumber}");

        Assert.Equal($"/admin/users/{person.Id}", profile.QuerySelector("#manage-person")!.GetAttribute("href"));
    }
}
