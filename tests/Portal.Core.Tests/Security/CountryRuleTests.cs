using System.Globalization;
using Portal.Core.Customers;
using Portal.Core.Events;
using Portal.Core.Security;
using Portal.Core.Tests.Infrastructure;

namespace Portal.Core.Tests.Security;

public class CountryRuleTests
{
    private const string Chrome = "Mozilla/5.0 (Windows NT 10.0) Chrome/131.0";

    private static Task SignInAsync(CoreDatabase db, string user, string? country) =>
        db.UseAsync<SignInSessions, SignInSession>(s => s.StartAsync(user, SessionKind.Browser, "password", "198.51.100.1", Chrome, country: country));

    /// <summary>The recorded sign-ins, after the sign-in rules ran over them as the dispatcher would.</summary>
    private static async Task<(List<SignInSucceeded> SignIns, List<SecurityAlert> Alerts)> DispatchAsync(CoreDatabase db, string user)
    {
        var signIns = new List<SignInSucceeded>();
        foreach (var m in await db.OutboxAsync(DomainEventTypes.NameOf(typeof(SignInSucceeded))))
        {
            var e = (SignInSucceeded)new DomainEventTypes([]).Deserialize(m.Type, m.Payload);
            signIns.Add(e);
            await db.UseAsync<FraudSignInRules, int>(async r => { await r.HandleAsync(e, new EventContext(m.EventId, m.OccurredAtUtc, 1), default); return 0; });
        }
        return (signIns, (await db.UseAsync<SecurityAlerts, AlertPage>(a => a.PageAsync(user, null, 50))).Items.ToList());
    }

    [Fact]
    public async Task The_first_known_country_raises_nothing_a_second_country_does_and_a_sign_in_without_the_header_changes_nothing()
    {
        await using var db = await CoreDatabase.CreateAsync();
        var user = await db.AddPersonAsync("Sam");
        await SignInAsync(db, user, null);
        await SignInAsync(db, user, "sa");
        await SignInAsync(db, user, "SA");
        await SignInAsync(db, user, null);
        Assert.Empty((await DispatchAsync(db, user)).Alerts);

        await SignInAsync(db, user, "AE");
        await SignInAsync(db, user, "AE");
        var (signIns, alerts) = await DispatchAsync(db, user);

        Assert.Equal([null, "SA", "SA", null, "AE", "AE"], signIns.Select(s => s.Country));
        Assert.Equal([false, false, false, false, true, false], signIns.Select(s => s.NewCountry));
        var alert = Assert.Single(alerts);
        Assert.Equal((AlertKind.NewCountry, "AE", "198.51.100.1"), (alert.Kind, alert.Country, alert.IpAddress));
    }

    [Fact]
    public void Only_the_configured_header_counts_and_only_as_a_real_country()
    {
        var off = new FraudOptions();
        var on = new FraudOptions { CountryHeader = "CF-IPCountry" };
        static Func<string, string?> headers(string? value) => name => name == "CF-IPCountry" ? value : null;

        Assert.Null(Countries.FromHeader(off, headers("SA")));
        Assert.Equal("SA", Countries.FromHeader(on, headers(" sa ")));
        Assert.Null(Countries.FromHeader(on, headers(null)));
        foreach (var bogus in new[] { "", "XX", "T1", "ZZ", "SAU", "1A", "<s" })
            Assert.Null(Countries.FromHeader(on, headers(bogus)));
    }

    [Fact]
    public void A_country_is_named_in_the_reader_s_language()
    {
        var before = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = new CultureInfo("en");
            Assert.Equal("Saudi Arabia", Countries.Name("SA"));
            CultureInfo.CurrentUICulture = new CultureInfo("ar");
            Assert.NotEqual("Saudi Arabia", Countries.Name("SA"));
            Assert.Contains("السعودية", Countries.Name("SA"));
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }
}
