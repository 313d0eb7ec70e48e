using System.Globalization;
using Microsoft.Extensions.Localization;
using Portal.Core.Customers;

namespace Portal.Customers;

/// <summary>What the membership card shows, shared by / and /card.</summary>
public sealed record MembershipCard(
    string Name, CustomerNumber Number, string MemberSince, bool Large,
    string Title, string NameLabel, string NumberLabel, string SinceLabel, string QrLabel)
{
    public static MembershipCard For(PortalUser user, IStringLocalizer s, bool large) =>
        For(user.DisplayName, user.Number, user.MemberSinceUtc, s, large);

    public static MembershipCard For(CardFacts facts, IStringLocalizer s, bool large) =>
        For(facts.DisplayName, facts.Number, facts.MemberSinceUtc, s, large);

    private static MembershipCard For(string name, CustomerNumber number, DateTime memberSinceUtc, IStringLocalizer s, bool large) => new(
        name,
        number,
        memberSinceUtc.ToString("MMMM yyyy", CultureInfo.CurrentCulture),
        large,
        s["Membership card"],
        s["Name"],
        s["Customer ID"],
        s["Member since"],
        s["QR code with your Customer ID {0}", number.Grouped]);
}
