using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Portal.Core.Tickets;
using Portal.Shell;

namespace Portal.Tickets.Guest;

/// <summary>
/// Signed links that let the visitor who sent a contact-form ticket read and answer it without an account. A link
/// names the ticket and the address it was mailed to, and works for <c>Tickets:GuestLinkDays</c> (90 by default).
/// </summary>
public sealed class TicketGuestLinks(IDataProtectionProvider provider, PublicLinks links, IConfiguration config)
{
    private readonly ITimeLimitedDataProtector _protector =
        provider.CreateProtector("Portal.Tickets.GuestLink.v1").ToTimeLimitedDataProtector();

    private TimeSpan Lifetime => TimeSpan.FromDays(config.GetValue("Tickets:GuestLinkDays", 90.0));

    public string TokenFor(Ticket ticket) =>
        _protector.Protect($"{ticket.Id}|{ticket.Number}|{ticket.RequesterEmail}", Lifetime);

    /// <summary>The absolute link to put in a mail.</summary>
    public string LinkFor(Ticket ticket) => links.Path("/tickets/guest/" + TokenFor(ticket));

    /// <summary>The ticket a token names, or null when it was changed, has expired or names no visitor ticket.</summary>
    public GuestTicketToken? Read(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 1000) return null;
        try
        {
            var parts = _protector.Unprotect(token).Split('|', 3);
            return parts.Length == 3 && int.TryParse(parts[0], out var id) && int.TryParse(parts[1], out var number)
                ? new GuestTicketToken(id, number, parts[2])
                : null;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}

public sealed record GuestTicketToken(int TicketId, int Number, string Email)
{
    /// <summary>A link stays tied to the address it was sent to.</summary>
    public bool Matches(Ticket ticket) =>
        ticket.Id == TicketId && ticket.CustomerUserId is null && string.Equals(ticket.RequesterEmail, Email, StringComparison.OrdinalIgnoreCase);
}
