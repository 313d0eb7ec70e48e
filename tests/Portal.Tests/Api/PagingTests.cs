using System.Net;
using System.Text.Json;
using Portal.Tests.Infrastructure;
using Portal.Tests.Loyalty;

namespace Portal.Tests.Api;

/// <summary>Every list under /api/customer-id pages the points history's way: ?before=&amp;take= (1–100), nextBefore.</summary>
public class PagingTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private const string Api = "/api/customer-id";

    public static readonly TheoryData<string> Lists = new()
    {
        "/loyalty/history", "/loyalty/rewards", "/loyalty/redemptions", "/offers/history", "/rewards/history",
        "/support/tickets", "/notifications/history", "/notifications/inbox", "/referral/history",
    };

    [Theory]
    [MemberData(nameof(Lists))]
    public async Task The_list_pages_by_cursor_with_at_most_100_a_page(string path)
    {
        using var app = await factory.SignedInAppAsync("layla@demo.local");

        foreach (var take in new[] { 0, 101 })
        {
            var problem = await (await app.GetAsync($"{Api}{path}?take={take}")).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
            Assert.True(problem.GetProperty("errors").TryGetProperty("take", out _), $"{path}?take={take}");
        }

        var all = await (await app.GetAsync($"{Api}{path}?take=100")).JsonAsync();
        var first = await (await app.GetAsync($"{Api}{path}?take=1")).JsonAsync();
        var items = all.GetProperty("items").EnumerateArray().Select(i => i.GetRawText()).ToList();
        Assert.True(first.GetProperty("items").GetArrayLength() <= 1);
        if (items.Count < 2)
        {
            Assert.Equal(JsonValueKind.Null, first.GetProperty("nextBefore").ValueKind);
            return;
        }
        // Walking page by page gives the same list, in the same order, and then stops.
        var walked = new List<string>();
        var page = first;
        while (true)
        {
            walked.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetRawText()));
            if (page.GetProperty("nextBefore").ValueKind == JsonValueKind.Null || walked.Count > items.Count) break;
            page = await (await app.GetAsync($"{Api}{path}?take=1&before={page.GetProperty("nextBefore").GetInt64()}")).JsonAsync();
        }
        Assert.Equal(items.Take(walked.Count), walked);
        if (all.GetProperty("nextBefore").ValueKind == JsonValueKind.Null) Assert.Equal(items, walked);
    }

    [Fact]
    public async Task No_list_in_the_document_is_a_bare_unbounded_array()
    {
        using var client = factory.NewApiClient();
        var doc = await (await client.GetAsync("/openapi/v1.json")).JsonAsync();
        // A customer's browsers and apps: a handful, removed when they go away.
        // Bounded by the customer's own browsers and devices (sessions expire), not growing history.
        var bounded = new[] { $"{Api}/notifications/push/subscriptions", $"{Api}/security/sessions" };
        foreach (var path in doc.GetProperty("paths").EnumerateObject().Where(p => !bounded.Contains(p.Name)))
        {
            if (!path.Value.TryGetProperty("get", out var get) || !get.GetProperty("responses").TryGetProperty("200", out var ok)
                || !ok.TryGetProperty("content", out var content)) continue;
            foreach (var media in content.EnumerateObject())
            {
                var type = media.Value.GetProperty("schema").TryGetProperty("type", out var t) ? t.ToString() : "";
                Assert.False(type.Contains("array"), $"GET {path.Name} answers a bare list: page it with ApiPaging");
            }
        }
    }
}
