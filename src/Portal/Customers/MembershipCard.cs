using System.Globalization;
using Microsoft.Extensions.Localization;
using Portal.Core.Customers;

namespace Portal.Customers;

/// <summary>What the membership card shows, shared by / and /card.</summary>
public sealed record MembershipCard(
    string Name, CustomerNumber Number, string MemberSince, bool Large,
    string Title, string NameLabel, string NumberLabel, string SinceLabel, string QrLabel)
{
    public static MembershipCard For(CardFacts facts, IStringLocalizer s, bool large) => new(
        facts.DisplayName,
        facts.Number,
        facts.MemberSinceUtc.ToString("MMMM yyyy", CultureInfo.CurrentCulture),
        large,
        s["Membership card"],
        s["Name"],
        s["Customer ID"],
        s["Member since"],
        s["QR code with your Customer ID {0}", facts.Number.Grouped]);
}
