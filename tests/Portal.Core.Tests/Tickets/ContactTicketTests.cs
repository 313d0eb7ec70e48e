using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Customers;
using Portal.Core.Tickets;

namespace Portal.Core.Tests.Tickets;

public class ContactTicketTests : IAsyncLifetime
{
    private CoreDatabase _db = null!;
    public async Task InitializeAsync() => _db = await CoreDatabase.CreateAsync();
    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task A_contact_message_becomes_a_new_visitor_ticket_in_Other()
    {
        var result = await _db.TicketsAsync(t => t.CreateFromContactAsync(" Mona ", "mona@example.com", "Opening hours", "When do you open?"));

        Assert.True(result.Succeeded);
        var stored = await _db.TicketAsync(result.Ticket!.Number);
        Assert.Equal(TicketStatus.New, stored.Status);
        Assert.Equal(TicketCategory.Other, stored.Category);
        Assert.Null(stored.CustomerUserId);
        Assert.Equal("Mona", stored.RequesterName);
        Assert.Equal("mona@example.com", stored.RequesterEmail);
    }

    [Fact]
    public async Task A_customers_email_typed_into_the_contact_form_does_not_join_their_account()
    {
        var customer = await _db.AddCustomerAsync();
        var email = await _db.UseAsync(async sp => (await sp.GetRequiredService<UserManager<PortalUser>>().FindByIdAsync(customer.UserId))!.Email!);

        var result = await _db.TicketsAsync(t => t.CreateFromContactAsync("Someone", email, "Hello", "Give me their points"));

        Assert.Null((await _db.TicketAsync(result.Ticket!.Number)).CustomerUserId);
        Assert.Empty(await _db.QueryAsync(q => q.MineAsync(customer)));
    }

    [Theory]
    [InlineData("not-an-email")]
    [InlineData("a@b")]
    [InlineData("")]
    public async Task An_invalid_email_is_refused(string email)
    {
        var result = await _db.TicketsAsync(t => t.CreateFromContactAsync("Mona", email, "Hi", "Hello"));

        Assert.Equal(TicketError.InvalidEmail, result.Error);
        Assert.Equal(0, await _db.CountAsync<Ticket>());
    }
}
