using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Portal.Core.Tests.Infrastructure;
using Portal.Security;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Security;

public class RememberedTicketsTests
{
    private sealed class CountingFormat(AuthenticationTicket? ticket) : ISecureDataFormat<AuthenticationTicket>
    {
        public int Reads;
        public string Protect(AuthenticationTicket data) => "protected";
        public string Protect(AuthenticationTicket data, string? purpose) => "protected";
        public AuthenticationTicket? Unprotect(string? protectedText) => Unprotect(protectedText, null);
        public AuthenticationTicket? Unprotect(string? protectedText, string? purpose)
        {
            Reads++;
            return ticket is null ? null : new(ticket.Principal.Clone(), ticket.Properties.Clone(), ticket.AuthenticationScheme);
        }
    }

    private static AuthenticationTicket Ticket(string userId) =>
        new(new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, userId)], "Identity.Application")),
            new AuthenticationProperties { ExpiresUtc = DateTimeOffset.UtcNow.AddHours(1) }, "Identity.Application");

    [Fact]
    public void A_cookie_seen_before_is_not_decrypted_again_and_each_request_gets_its_own_principal()
    {
        var inner = new CountingFormat(Ticket("u-1"));
        using var tickets = new RememberedTickets(inner, new ManualClock(DateTimeOffset.UtcNow));

        var first = tickets.Unprotect("cookie-a")!;
        ((ClaimsIdentity)first.Principal.Identity!).AddClaim(new Claim("added-by-one-request", "x"));
        first.Properties.Items["changed"] = "yes";
        var second = tickets.Unprotect("cookie-a")!;

        Assert.Equal(1, inner.Reads);
        Assert.Equal("u-1", second.Principal.FindFirstValue(ClaimTypes.NameIdentifier));
        Assert.Null(second.Principal.FindFirst("added-by-one-request"));
        Assert.False(second.Properties.Items.ContainsKey("changed"));
        Assert.Equal(first.Properties.ExpiresUtc, second.Properties.ExpiresUtc);
    }

    [Fact]
    public void Another_cookie_text_is_decrypted_on_its_own()
    {
        var inner = new CountingFormat(Ticket("u-1"));
        using var tickets = new RememberedTickets(inner, new ManualClock(DateTimeOffset.UtcNow));

        tickets.Unprotect("cookie-a");
        tickets.Unprotect("cookie-b");
        tickets.Unprotect("cookie-a", "another purpose");

        Assert.Equal(3, inner.Reads);
    }

    [Fact]
    public void An_unreadable_cookie_is_refused_every_time()
    {
        var inner = new CountingFormat(null);
        using var tickets = new RememberedTickets(inner, new ManualClock(DateTimeOffset.UtcNow));

        Assert.Null(tickets.Unprotect("tampered"));
        Assert.Null(tickets.Unprotect("tampered"));
        Assert.Equal(2, inner.Reads);
    }

    [Fact]
    public void A_remembered_ticket_is_decrypted_again_once_its_time_is_up()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var inner = new CountingFormat(Ticket("u-1"));
        using var tickets = new RememberedTickets(inner, clock);

        tickets.Unprotect("cookie-a");
        clock.Advance(RememberedTickets.Lifetime - TimeSpan.FromSeconds(1));
        tickets.Unprotect("cookie-a");
        Assert.Equal(1, inner.Reads);

        clock.Advance(TimeSpan.FromSeconds(2));
        tickets.Unprotect("cookie-a");
        Assert.Equal(2, inner.Reads);
    }
}

public class RememberedTicketsSetupTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public void The_application_cookie_reads_its_tickets_through_the_remembered_tickets()
    {
        var options = factory.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(IdentityConstants.ApplicationScheme);

        var format = Assert.IsType<RememberedTickets>(options.TicketDataFormat);
        Assert.IsType<TicketDataFormat>(format.Inner);
    }
}
