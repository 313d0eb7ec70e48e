using System.Net;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;
using Portal.Core.Tickets;
using Portal.Tests.Api;
using Portal.Tests.Customers;
using Portal.Tests.Infrastructure;
using Portal.Tests.Tickets;

namespace Portal.Tests.Hardening;

/// <summary>
/// Bidirectional overrides and other invisible characters never reach what is stored, whichever way text comes in:
/// a form, the API, a file name.
/// </summary>
public class InvisibleCharactersTests(TicketsPortalFactory factory) : IClassFixture<TicketsPortalFactory>
{
    [Fact]
    public async Task A_name_given_at_registration_is_stored_without_them()
    {
        using var client = factory.NewClient();
        var email = AccountTestKit.NewEmail();
        var fields = AccountTestKit.RegisterFields(email);
        fields["Input.DisplayName"] = "\u202ESam\u2066 Carter\u200B\u0007";

        await client.RegisterAsync(fields);

        Assert.Equal("Sam Carter", (await factory.FindUserAsync(email))!.DisplayName);
    }

    [Fact]
    public async Task A_ticket_from_the_form_keeps_its_words_and_loses_the_tricks_in_subject_message_and_file_name()
    {
        var (client, _) = await factory.SignedInCustomerAsync();
        using var owned = client;

        var response = await client.NewTicketAsync(
            TicketTestKit.TicketFields("Refund\u202E for\u2069 order 12", "First line\r\nsecond \u202Bline\uFEFF"),
            ("photo\u202Egnp.png", TicketTestKit.Png, "image/png"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var number = int.Parse(response.Headers.Location!.OriginalString.Split('/').Last());
        var ticket = await factory.StoredTicketAsync(number);
        Assert.Equal("Refund for order 12", ticket.Subject);
        var (body, fileName) = await factory.WithServiceAsync<(string, string), PortalDbContext>(async db => (
            await db.Set<TicketComment>().Where(c => c.TicketId == ticket.Id).Select(c => c.Body).SingleAsync(),
            await db.Set<TicketAttachment>().Where(a => a.TicketId == ticket.Id).Select(a => a.OriginalName).SingleAsync()));
        Assert.Equal("First line\r\nsecond line", body);
        Assert.Equal("photognp.png", fileName);
    }

    [Fact]
    public async Task A_ticket_from_the_API_is_cleaned_the_same_way()
    {
        using var api = factory.NewApiClient();
        var token = await api.TokenAsync("customer@demo.local");

        var response = await api.SendJsonAsync(HttpMethod.Post, "/api/customer-id/support/tickets", token,
            new { subject = "\uFEFFHello\u200B world\n", category = "Other", description = "line one\nline two\u202E\u0000" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var number = (await response.JsonAsync()).GetProperty("id").GetInt32();
        Assert.Equal("Hello world", (await factory.StoredTicketAsync(number)).Subject);
    }
}
