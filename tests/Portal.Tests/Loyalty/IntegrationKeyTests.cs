using System.Net;
using AngleSharp.Dom;
using Portal.Core.Loyalty;
using Portal.Tests.Customers;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Loyalty;

public class IntegrationKeyTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private static async Task<(HttpResponseMessage Response, IDocument Page, string Key)> CreateAsync(PortalClient client, string name,
        string permission = Portal.Core.Loyalty.IntegrationPermissions.Purchases)
    {
        var response = await client.SubmitFormAsync("/staff/integrations", "#create-key-form",
            new Dictionary<string, string> { ["Input.Name"] = name, ["Input.Permissions"] = permission });
        var page = await PortalClient.ParseAsync(response);
        return (response, page, page.Text("#new-key"));
    }

    [Fact]
    public async Task A_new_key_is_shown_in_full_once_and_afterwards_only_by_its_prefix()
    {
        using var client = await factory.SignedInAsync("staff@demo.local");

        var (response, page, key) = await CreateAsync(client, "Riyadh tills");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore, "The page with the key must not be cached.");
        Assert.Matches("^cpk_[A-Za-z0-9]{6}_[A-Za-z0-9]{32}$", key);
        Assert.Equal("Copy it now: you will not see it again.", page.Text("#new-key-warning"));
        Assert.NotNull(page.QuerySelector("#copy-key[data-copy='new-key']"));
        var prefix = key[..10];
        var stored = Assert.Single(await factory.AllAsync<IntegrationKey>(), k => k.Name == "Riyadh tills");
        Assert.Equal($"{prefix}_…", page.QuerySelector($"#key-{stored.Id}")!.TextIn("[data-prefix]"));

        var later = await client.Http.GetStringAsync("/staff/integrations");
        Assert.DoesNotContain(key, later);
        Assert.DoesNotContain(key[11..], later);
        var laterPage = await client.GetDocumentAsync("/staff/integrations");
        Assert.Equal($"{prefix}_…", laterPage.QuerySelector($"#key-{stored.Id}")!.TextIn("[data-prefix]"));
        Assert.Null(laterPage.QuerySelector("#new-key"));
    }

    [Fact]
    public async Task The_database_keeps_no_plaintext_of_the_key()
    {
        using var client = await factory.SignedInAsync("staff@demo.local");

        var (_, _, key) = await CreateAsync(client, "Jeddah web shop");

        var secret = key.Split('_')[2];
        var stored = Assert.Single(await factory.AllAsync<IntegrationKey>(), k => k.Name == "Jeddah web shop");
        foreach (var value in new[] { stored.Name, stored.Prefix, stored.SecretHash, stored.CreatedByName })
            Assert.DoesNotContain(secret, value);
        Assert.Equal(key.Split('_')[1], stored.Prefix);
        Assert.Equal("Sara Staff", stored.CreatedByName);
        // The key works, so what is stored really is its fingerprint.
        Assert.NotNull(await factory.WithServiceAsync<IntegrationKey?, IntegrationKeys>(k => k.AuthenticateAsync(key)));
    }

    [Fact]
    public async Task A_key_without_a_name_is_refused()
    {
        using var client = await factory.SignedInAsync("staff@demo.local");
        var before = (await factory.AllAsync<IntegrationKey>()).Count;

        var response = await client.SubmitFormAsync("/staff/integrations", "#create-key-form", new Dictionary<string, string> { ["Input.Name"] = "  " });
        var page = await PortalClient.ParseAsync(response);

        Assert.Equal("Enter a name for the key, e.g. the shop or till that uses it.", page.Text("#Input_Name-error"));
        Assert.Null(page.QuerySelector("#new-key"));
        Assert.Equal(before, (await factory.AllAsync<IntegrationKey>()).Count);
    }

    [Fact]
    public async Task A_revoked_key_stops_working_at_once_and_the_list_says_who_revoked_it()
    {
        using var client = await factory.SignedInAsync("staff@demo.local");
        var (_, _, key) = await CreateAsync(client, "Old till");
        var stored = Assert.Single(await factory.AllAsync<IntegrationKey>(), k => k.Name == "Old till");

        var confirm = await client.GetDocumentAsync($"/staff/integrations/revoke/{stored.Id}");
        Assert.Equal("Old till", confirm.Text("#revoke-name"));
        var list = await client.FollowAsync(await client.SubmitFormAsync($"/staff/integrations/revoke/{stored.Id}", "#revoke-form", new Dictionary<string, string>()));

        Assert.Equal("Key revoked: Old till. It stopped working at once.", list.Text("#status-message"));
        var row = list.QuerySelector($"#key-{stored.Id}")!;
        Assert.Equal("Revoked", row.TextIn("[data-status]"));
        Assert.EndsWith("by Sara Staff", row.TextIn("[data-revoked-at]"));
        Assert.Null(row.QuerySelector($"#revoke-{stored.Id}"));
        Assert.Null(await factory.WithServiceAsync<IntegrationKey?, IntegrationKeys>(k => k.AuthenticateAsync(key)));
    }

    [Fact]
    public async Task The_page_explains_how_to_send_purchases()
    {
        using var client = await factory.SignedInAsync("staff@demo.local");

        var help = (await client.GetDocumentAsync("/staff/integrations")).Text("#api-help");

        Assert.Contains("POST /api/customer-id/purchases", help);
        Assert.Contains("X-Api-Key: cpk_", help);
        Assert.Contains("\"orderId\": \"POS-1001\"", help);
        Assert.Contains("POST /api/customer-id/purchases/batch", help);
        Assert.Contains("POST /api/customer-id/purchases/{orderId}/refund", help);
    }

    [Fact]
    public async Task A_key_gets_only_the_permissions_ticked_and_the_list_shows_them()
    {
        using var client = await factory.SignedInAsync("staff@demo.local");
        var fresh = await client.GetDocumentAsync("/staff/integrations");
        Assert.True(fresh.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("#key-permissions input[data-permission='purchases']")!.IsChecked);
        Assert.False(fresh.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("#key-permissions input[data-permission='notifications:send']")!.IsChecked);

        var (_, page, key) = await CreateAsync(client, "CRM notifications", Portal.Core.Loyalty.IntegrationPermissions.NotificationsSend);

        var shown = page.QuerySelectorAll("#keys li").Single(li => li.TextContent.Contains("CRM notifications"));
        Assert.Equal("notifications:send", shown.QuerySelector("[data-permissions]")!.GetAttribute("data-permissions"));
        Assert.Contains("Send notifications", shown.QuerySelector("[data-permissions]")!.TextContent);
        Assert.StartsWith("cpk_", key);

        var none = await client.SubmitFormAsync("/staff/integrations", "#create-key-form", new Dictionary<string, string> { ["Input.Name"] = "Nothing" });
        Assert.Equal("Choose at least one thing the key may do.", (await PortalClient.ParseAsync(none)).Text("#Input_Permissions-error"));
    }
}
