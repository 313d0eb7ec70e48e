namespace Portal.E2E.Infrastructure;

/// <summary>A page every browser check visits: where it is, who looks at it, what it answers.</summary>
public sealed record PortalPage(string Name, string Url, string? SignedInAs = null, int Status = 200)
{
    public override string ToString() => $"{Name} ({Url}{(SignedInAs is null ? "" : " as " + SignedInAs)})";
}

/// <summary>
/// The pages the accessibility, small-screen and screenshot tests go through. A new page joins them all by
/// adding a line here.
/// </summary>
public static class PortalPages
{
    public static readonly IReadOnlyList<PortalPage> All =
    [
        new("welcome", "/"),
        new("login", "/account/login"),
        new("register", "/account/register"),
        new("forgot-password", "/account/forgot-password"),
        new("register-check-email", "/account/register/check-email"),
        new("home", "/", Demo.Customer),
        new("card", "/card", Demo.Customer),
        new("loyalty", "/loyalty", Demo.Customer),
        new("referrals", "/referrals", Demo.Customer),
        new("special-dates", "/special-dates", Demo.Customer),
        new("offers", "/offers", Demo.Customer),
        new("segment", "/segment", Demo.Customer),
        new("analytics", "/analytics", Demo.Customer),
        new("notifications", "/notifications", Demo.Customer),
        new("notifications-inbox", "/notifications/inbox", Demo.Customer),
        new("notifications-phone", "/notifications/phone", Demo.Customer),
        new("security", "/security", Demo.Customer),
        new("security-two-factor", "/security/two-factor", Demo.Customer),
        new("security-password", "/security/change-password", Demo.Customer),
        new("account", "/account", Demo.Customer),
        new("staff-customers", "/staff/customers", Demo.Agent),
        new("staff-search", "/staff/customers?q=demo", Demo.Agent),
        new("staff-profile", "/staff/customers/{number:customer@demo.local}", Demo.Agent),
        new("staff-rewards", "/staff/rewards", Demo.Staff),
        new("staff-reward-new", "/staff/rewards/edit", Demo.Staff),
        new("staff-reward-codes", "/staff/rewards/codes", Demo.Staff),
        new("staff-reward-bonuses", "/staff/rewards/bonuses", Demo.Staff),
        new("staff-offers", "/staff/offers", Demo.Staff),
        new("staff-offer-new", "/staff/offers/edit", Demo.Staff),
        new("staff-notifications", "/staff/notifications", Demo.Staff),
        new("staff-integrations", "/staff/integrations", Demo.Staff),
        new("staff-segments", "/staff/segments", Demo.Staff),
        new("staff-security", "/staff/security", Demo.Staff),
        new("staff-adjust-points", "/staff/customers/{number:customer@demo.local}/adjust-points", Demo.Staff),
        new("support-chat", "/support/chat", Demo.Customer),
        new("agent-chat", "/agent", Demo.Agent),
        new("admin-users", "/admin/users", Demo.Admin),
        new("admin-search", "/admin/users?q=layla", Demo.Admin),
        new("admin-person", "/admin/users/{id:layla@demo.local}", Demo.Admin),
        new("admin-system", "/admin/system", Demo.Admin),
        new("support", "/support"),
        new("support-signed-in", "/support", Demo.Layla),
        new("support-search", "/support?q=points", Demo.Customer),
        // Demo articles in the order they are seeded: 1 is translated, 4 (returns) is English only.
        new("support-article", "/support/faq/1", Demo.Customer),
        new("support-article-english-only", "/support/faq/4"),
        new("staff-faq", "/staff/faq", Demo.Staff),
        new("staff-faq-editor", "/staff/faq/edit/1", Demo.Staff),
        new("contact", "/support/contact"),
        // Layla's #1001 (open, with an agent reply and an internal note) and #1002 (resolved) are the Development demo tickets.
        new("tickets", "/tickets", Demo.Layla),
        new("tickets-new", "/tickets/new", Demo.Layla),
        new("ticket", "/tickets/1001", Demo.Layla),
        new("ticket-resolved", "/tickets/1002", Demo.Layla),
        new("agent-tickets", "/agent/tickets?scope=All&status=any", Demo.Agent),
        new("agent-ticket", "/agent/tickets/1001", Demo.Agent),
        new("agent-canned-replies", "/agent/canned-replies", Demo.Agent),
        new("not-found", "/no-such-page", Status: 404),
    ];

    public static TheoryData<string> Names => new(All.Select(p => p.Name));

    // Every other page, so both halves of the sweep get a mix of light and heavy pages.
    public static TheoryData<string> FirstHalf => new(All.Where((_, i) => i % 2 == 0).Select(p => p.Name));

    public static TheoryData<string> SecondHalf => new(All.Where((_, i) => i % 2 == 1).Select(p => p.Name));

    public static PortalPage Named(string name) => All.Single(p => p.Name == name);
}

/// <summary>A language and a theme, set the way a returning visitor has them: by cookie.</summary>
public sealed record Variant(string Language, string Theme)
{
    public static readonly IReadOnlyList<Variant> All =
    [
        new("en", "light"), new("en", "dark"), new("ar", "light"), new("ar", "dark"),
    ];

    public static IEnumerable<Variant> Light => All.Where(v => v.Theme == "light");

    public string Dir => Language == "ar" ? "rtl" : "ltr";

    public Cookie[] Cookies(string rootUrl) =>
    [
        new() { Name = ".Portal.Culture", Value = $"c={Language}|uic={Language}", Url = rootUrl },
        new() { Name = ".Portal.Theme", Value = Theme, Url = rootUrl },
    ];

    public override string ToString() => $"{Language}-{Theme}";
}
