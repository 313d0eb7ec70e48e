using System.Net;
using Portal.Core.Segments;
using Portal.Tests.Infrastructure;
using Portal.Tests.Loyalty;

namespace Portal.Tests.Segments;

/// <summary>Recompute now starts a background run, so these tests have a database of their own.</summary>
public class SegmentRecomputeTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task Recompute_now_needs_the_antiforgery_token()
    {
        using var staff = await factory.SignedInAsync("staff@demo.local");
        var before = (await factory.WithServiceAsync<SegmentRun?, SegmentQueries>(q => q.LatestRunAsync()))?.Id;

        var response = await staff.Http.PostAsync("/staff/segments?handler=Recompute", new FormUrlEncodedContent([]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(before, (await factory.WithServiceAsync<SegmentRun?, SegmentQueries>(q => q.LatestRunAsync()))?.Id);
    }

    [Fact]
    public async Task Recompute_now_starts_a_run_shows_its_progress_and_refuses_a_second_while_it_runs()
    {
        var customer = await factory.NewLoyaltyCustomerAsync();
        await factory.BuyAsync(customer, 1_000, 5);
        // A run already going (as if started elsewhere): the button reports it instead of starting another.
        var running = await factory.WithServiceAsync<SegmentRecomputeResult, SegmentEngine>(e => e.TryStartAsync("other"));
        using var staff = await factory.SignedInAsync("staff@demo.local");

        var page = await staff.GetDocumentAsync("/staff/segments");
        Assert.Equal("running", page.QuerySelector("#recompute-progress")!.GetAttribute("data-status"));
        Assert.Equal($"/staff/segments?handler=Progress&run={running.RunId}", page.QuerySelector("#recompute-progress")!.GetAttribute("hx-get"));
        Assert.Equal("every 1s", page.QuerySelector("#recompute-progress")!.GetAttribute("hx-trigger"));

        var refused = await staff.PostCraftedAsync("/staff/segments", "/staff/segments?handler=Recompute", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Equal("A recompute is already running. Its progress is shown below.", (await staff.GetDocumentAsync("/staff/segments")).Text("#segments-status"));

        // With htmx the button gets the progress partial in place (here: the refusal, with the running run's progress).
        var token = page.QuerySelector("#recompute-form input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var htmx = new HttpRequestMessage(HttpMethod.Post, "/staff/segments?handler=Recompute")
        {
            Content = new FormUrlEncodedContent([new KeyValuePair<string, string>("__RequestVerificationToken", token)]),
        };
        htmx.Headers.Add("HX-Request", "true");
        var partial = await PortalClient.ParseAsync(await staff.Http.SendAsync(htmx));
        Assert.NotNull(partial.QuerySelector("#recompute-refused"));
        Assert.Equal("running", partial.QuerySelector("#recompute-progress")!.GetAttribute("data-status"));

        await factory.WithServiceAsync<SegmentRun, SegmentEngine>(e => e.RunAsync(running.RunId));
        staff.Http.DefaultRequestHeaders.Add("HX-Request", "true");
        var progress = await staff.GetDocumentAsync($"/staff/segments?handler=Progress&run={running.RunId}");
        var done = progress.QuerySelector("#recompute-progress")!;
        Assert.Equal("completed", done.GetAttribute("data-status"));
        Assert.Null(done.GetAttribute("hx-trigger"));
        Assert.Contains("customers scored", done.TextContent);
    }
}
