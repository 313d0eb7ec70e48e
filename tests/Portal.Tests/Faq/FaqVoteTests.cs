using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Faq;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Faq;

public class FaqVoteTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private async Task<int> ArticleAsync(string title)
    {
        using var visitor = factory.NewClient();
        var doc = await visitor.GetDocumentAsync("/support");
        var link = doc.QuerySelectorAll("#faq-topics a").Single(a => a.TextContent.Contains(title));
        return int.Parse(link.Id!["faq-link-".Length..]);
    }

    private Task<FaqVoteCounts> CountsAsync(int id) =>
        factory.WithServiceAsync<FaqVoteCounts, FaqCatalog>(c => c.CountsAsync(id));

    private static async Task<HttpResponseMessage> VoteAsync(PortalClient client, int id, bool helpful)
    {
        var page = await client.GetDocumentAsync($"/support/faq/{id}");
        return await client.Http.SendAsync(FaqTestKit.Htmx(HttpMethod.Post, $"/support/faq/{id}?handler=vote", page.Token(),
            [new("helpful", helpful ? "true" : "false")]));
    }

    [Fact]
    public async Task A_signed_in_customer_counts_once_however_often_they_vote_and_staff_see_the_count()
    {
        var id = await ArticleAsync("How do points work?");
        var before = await CountsAsync(id);
        using var customer = factory.NewClient();
        await customer.SignInAsync(FaqTestKit.Customer);

        var first = await VoteAsync(customer, id, helpful: true);
        await VoteAsync(customer, id, helpful: true);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var thanks = await PortalClient.ParseAsync(first);
        Assert.Equal("Thank you! We are glad it helped.", thanks.Text("#faq-vote-thanks"));
        Assert.Equal(before with { Helpful = before.Helpful + 1 }, await CountsAsync(id));

        await VoteAsync(customer, id, helpful: false);
        Assert.Equal(before with { NotHelpful = before.NotHelpful + 1 }, await CountsAsync(id));

        using var staff = factory.NewClient();
        await staff.SignInAsync(FaqTestKit.Staff);
        var list = await staff.GetDocumentAsync("/staff/faq");
        Assert.Equal($"Helpful: {before.Helpful} · Not helpful: {before.NotHelpful + 1}", list.Text($"#article-{id}-votes"));
    }

    [Fact]
    public async Task A_signed_out_visitor_counts_once_per_browser()
    {
        var id = await ArticleAsync("How do I contact support?");
        var before = await CountsAsync(id);
        using var browser = factory.NewClient();
        using var otherBrowser = factory.NewClient();

        await VoteAsync(browser, id, helpful: true);
        await VoteAsync(browser, id, helpful: true);
        await VoteAsync(otherBrowser, id, helpful: true);

        Assert.Equal(before.Helpful + 2, (await CountsAsync(id)).Helpful);
    }

    [Fact]
    public async Task Without_JavaScript_a_vote_returns_to_the_article_with_the_thanks()
    {
        var id = await ArticleAsync("How do I find my Customer ID?");
        using var visitor = factory.NewClient(followRedirects: true);

        var response = await visitor.SubmitFormAsync($"/support/faq/{id}", "#faq-vote-form", new Dictionary<string, string>(), "#faq-helpful-no");

        var doc = await PortalClient.ParseAsync(response);
        Assert.Equal($"/support/faq/{id}", response.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Equal("Thank you for telling us. We will use your answer to improve this article.", doc.Text("#faq-vote-thanks"));
        Assert.Null(doc.QuerySelector("#faq-vote-form"));
    }

    [Fact]
    public async Task A_vote_without_the_antiforgery_token_is_refused_and_not_counted()
    {
        var id = await ArticleAsync("How do points work?");
        var before = await CountsAsync(id);
        using var visitor = factory.NewClient();
        await visitor.GetDocumentAsync($"/support/faq/{id}");

        var response = await visitor.Http.PostAsync($"/support/faq/{id}?handler=vote", new FormUrlEncodedContent([new("helpful", "true")]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(before, await CountsAsync(id));
    }

    [Fact]
    public async Task An_article_only_in_English_is_shown_to_Arabic_readers_in_English_with_a_note()
    {
        var id = await ArticleAsync("Returns and refunds");
        using var visitor = factory.NewClient();

        var doc = await visitor.GetDocumentAsync($"/support/faq/{id}?culture=ar");

        Assert.Equal("هذا المقال غير متوفر بالعربية بعد؛ نعرض لك النسخة الإنجليزية.", doc.Text("#faq-fallback"));
        Assert.Equal("Returns and refunds", doc.Text("#faq-title"));
        var article = doc.QuerySelector("article")!;
        Assert.Equal("en", article.GetAttribute("lang"));
        Assert.Equal("ltr", article.GetAttribute("dir"));
        var link = (await visitor.GetDocumentAsync("/support?culture=ar")).QuerySelector($"#faq-link-{id}")!;
        Assert.Equal("بالإنجليزية", link.QuerySelector(".rounded")!.TextContent);
    }

    [Fact]
    public async Task The_help_centre_is_open_to_signed_out_visitors_with_places_for_chat_and_contact()
    {
        using var visitor = factory.NewClient();
        var response = await visitor.Http.GetAsync("/support");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var doc = await PortalClient.ParseAsync(response);
        // With nobody at the console it says so before anyone clicks, and points to the message form.
        Assert.Equal("false", doc.QuerySelector("section#chat-entry #chat-availability")!.GetAttribute("data-available"));
        Assert.NotNull(doc.QuerySelector("section#chat-entry a[href='#contact']"));
        Assert.NotNull(doc.QuerySelector("section#contact form#contact-form[action='/support/contact?handler=Send']"));
        Assert.Equal("GET", doc.QuerySelector("form#faq-search")!.GetAttribute("method")!.ToUpperInvariant());
        Assert.True(doc.QuerySelectorAll("#faq-topics section").Length >= 4);
    }

    [Fact]
    public async Task Unknown_articles_are_not_found()
    {
        using var visitor = factory.NewClient();
        Assert.Equal(HttpStatusCode.NotFound, (await visitor.Http.GetAsync("/support/faq/999999")).StatusCode);
    }
}
