using System.Net;
using AngleSharp.Html.Parser;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Faq;

public class FaqEditingTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task Staff_write_preview_and_publish_an_article_that_customers_then_find_in_English_and_Arabic()
    {
        using var staff = factory.NewClient();
        await staff.SignInAsync(FaqTestKit.Staff);
        var category = await staff.FirstCategoryAsync();
        var editor = await staff.GetDocumentAsync($"/staff/faq/edit?categoryId={category}");

        // The live preview: the handler htmx calls renders and sanitizes what is typed.
        var preview = await staff.Http.SendAsync(FaqTestKit.Htmx(HttpMethod.Post, "/staff/faq/edit?handler=preview&lang=en", editor.Token(),
        [
            new("Input.BodyEn", "## Gift wrapping\n\nAsk at the till. [x](javascript:alert(1)) <img src=x onerror=alert(1)>"),
            new("Input.BodyAr", ""),
        ]));
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        var fragment = new HtmlParser().ParseDocument("<body>" + await preview.Content.ReadAsStringAsync() + "</body>");
        Assert.Equal("Gift wrapping", fragment.QuerySelector("h2#preview-en-gift-wrapping")!.TextContent);
        Assert.Null(fragment.QuerySelector("img, script, [onerror]"));
        Assert.Null(fragment.QuerySelector("a")!.GetAttribute("href"));
        Assert.Null(fragment.QuerySelector("header"));

        var id = await staff.SaveArticleAsync($"/staff/faq/edit?categoryId={category}", category,
            "Gift wrapping", "We wrap presents for free: ask at the till.",
            "تغليف الهدايا", "نغلّف الهدايا مجانًا: اسأل عند الصندوق.", "#faq-publish");

        var saved = await staff.GetDocumentAsync($"/staff/faq/edit/{id}");
        Assert.Equal("Published: customers can now find this article.", saved.Text("#status-message"));
        Assert.Equal("Published", saved.Text("#article-status"));

        using var customer = factory.NewClient();
        await customer.SignInAsync(FaqTestKit.Customer);
        Assert.Contains("Gift wrapping", await customer.SearchTitlesAsync("PRESENTS", "en"));
        Assert.Contains("تغليف الهدايا", await customer.SearchTitlesAsync("الهدايا", "ar"));
        var article = await customer.GetDocumentAsync($"/support/faq/{id}?culture=ar");
        Assert.Equal("تغليف الهدايا", article.Text("#faq-title"));
        Assert.Null(article.QuerySelector("#faq-fallback"));
    }

    [Fact]
    public async Task The_live_search_answers_htmx_with_the_results_only()
    {
        using var visitor = factory.NewClient();
        var response = await visitor.Http.SendAsync(FaqTestKit.Htmx(HttpMethod.Get, "/support?q=reset", null));
        var doc = await PortalClient.ParseAsync(response);
        Assert.Null(doc.QuerySelector("header"));
        Assert.Contains("How do I reset my password?", doc.Text("#faq-result-list"));
        Assert.Equal("1 article found", doc.Text("#faq-count"));
    }

    [Fact]
    public async Task A_draft_is_not_shown_to_customers_until_it_is_published()
    {
        using var staff = factory.NewClient();
        await staff.SignInAsync(FaqTestKit.Staff);
        var category = await staff.FirstCategoryAsync();
        var id = await staff.SaveArticleAsync($"/staff/faq/edit?categoryId={category}", category,
            "Secret sale", "A sale nobody should see yet: quokkas.", null, null, "#faq-save-draft");

        using var customer = factory.NewClient();
        await customer.SignInAsync(FaqTestKit.Customer);
        Assert.Equal(HttpStatusCode.NotFound, (await customer.Http.GetAsync($"/support/faq/{id}")).StatusCode);
        Assert.Empty(await customer.SearchTitlesAsync("quokkas", "en"));
        var help = await customer.GetDocumentAsync("/support");
        Assert.Null(help.QuerySelector($"#faq-link-{id}"));

        var staffList = await staff.GetDocumentAsync("/staff/faq");
        Assert.Equal("Draft", staffList.Text($"#article-{id}-status"));
        Assert.Equal("English only", staffList.Text($"#article-{id}-languages"));
    }

    [Fact]
    public async Task Unpublishing_hides_the_article_again()
    {
        using var staff = factory.NewClient();
        await staff.SignInAsync(FaqTestKit.Staff);
        var category = await staff.FirstCategoryAsync();
        var id = await staff.SaveArticleAsync($"/staff/faq/edit?categoryId={category}", category,
            "Store hours", "Open daily: wombats welcome.", null, null, "#faq-publish");
        using var visitor = factory.NewClient();
        Assert.Equal(HttpStatusCode.OK, (await visitor.Http.GetAsync($"/support/faq/{id}")).StatusCode);

        await staff.SaveArticleAsync($"/staff/faq/edit/{id}", category, "Store hours", "Open daily: wombats welcome.", null, null, "#faq-unpublish");

        Assert.Equal(HttpStatusCode.NotFound, (await visitor.Http.GetAsync($"/support/faq/{id}")).StatusCode);
    }

    [Fact]
    public async Task A_title_without_text_is_refused_with_a_message_and_nothing_is_saved()
    {
        using var staff = factory.NewClient();
        await staff.SignInAsync(FaqTestKit.Staff);
        var category = await staff.FirstCategoryAsync();
        var before = (await staff.GetDocumentAsync("/staff/faq")).QuerySelectorAll("[id^=article-][id$=-status]").Length;

        var response = await staff.SubmitFormAsync($"/staff/faq/edit?categoryId={category}", "#faq-edit-form",
            FaqTestKit.Fields(category, "Only a title", null, null, null), "#faq-publish");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var doc = await PortalClient.ParseAsync(response);
        Assert.Equal("Write the English text too, or clear the English title.", doc.Text("#Input_BodyEn-error"));
        Assert.Equal("true", doc.QuerySelector("#Input_BodyEn")!.GetAttribute("aria-invalid"));
        Assert.Equal(before, (await staff.GetDocumentAsync("/staff/faq")).QuerySelectorAll("[id^=article-][id$=-status]").Length);
    }

    [Fact]
    public async Task Restoring_a_revision_brings_back_its_text_and_keeps_the_history()
    {
        using var staff = factory.NewClient();
        await staff.SignInAsync(FaqTestKit.Staff);
        var category = await staff.FirstCategoryAsync();
        var id = await staff.SaveArticleAsync($"/staff/faq/edit?categoryId={category}", category,
            "Parking", "Free parking for two hours.", null, null, "#faq-publish");
        await staff.SaveArticleAsync($"/staff/faq/edit/{id}", category, "Parking", "Parking costs money now.", null, null, "#faq-save");

        var response = await staff.SubmitFormAsync($"/staff/faq/edit/{id}", "#restore-1 form", new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var doc = await staff.GetDocumentAsync($"/staff/faq/edit/{id}");
        Assert.Equal("Free parking for two hours.", doc.QuerySelector("#Input_BodyEn")!.TextContent.Trim());
        Assert.Equal(3, doc.QuerySelectorAll("#revisions > li").Length);
        Assert.Contains("Restored from revision 1", doc.Text("#revision-3"));
        Assert.Equal("Sara Staff", doc.Text("#revision-3-author"));
        using var visitor = factory.NewClient();
        Assert.Contains("Free parking", (await visitor.GetDocumentAsync($"/support/faq/{id}")).Text("#faq-body"));
    }

    [Fact]
    public async Task Categories_are_added_and_reordered_by_staff()
    {
        using var staff = factory.NewClient();
        await staff.SignInAsync(FaqTestKit.Staff);
        var added = await staff.SubmitFormAsync("/staff/faq", "#add-category-form", new Dictionary<string, string>
        {
            ["Input.NameEn"] = "Gift cards",
            ["Input.NameAr"] = "بطاقات الهدايا",
        });
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var doc = await staff.GetDocumentAsync("/staff/faq");
        var last = doc.QuerySelectorAll("#faq-categories > li").Last();
        Assert.Equal("Gift cards", last.QuerySelector("h2")!.TextContent);

        var moved = await staff.SubmitFormAsync("/staff/faq", $"#{last.Id} form[action*=MoveCategory]", new Dictionary<string, string>(), $"#{last.Id}-up");
        Assert.Equal(HttpStatusCode.Redirect, moved.StatusCode);

        var names = (await staff.GetDocumentAsync("/staff/faq")).QuerySelectorAll("#faq-categories > li h2").Select(h => h.TextContent).ToList();
        Assert.Equal("Gift cards", names[^2]);
    }

    [Fact]
    public async Task A_category_without_its_Arabic_name_is_refused()
    {
        using var staff = factory.NewClient();
        await staff.SignInAsync(FaqTestKit.Staff);
        var response = await staff.SubmitFormAsync("/staff/faq", "#add-category-form", new Dictionary<string, string>
        {
            ["Input.NameEn"] = "Half named",
            ["Input.NameAr"] = "",
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var doc = await PortalClient.ParseAsync(response);
        Assert.Equal("Enter the category name in Arabic.", doc.Text("#Input_NameAr-error"));
        Assert.DoesNotContain("Half named", doc.Text("#faq-categories"));
    }

    [Theory]
    [InlineData("/staff/faq")]
    [InlineData("/staff/faq/edit")]
    [InlineData("/staff/faq/edit/1")]
    public async Task Agents_are_refused_the_FAQ_editor(string url)
    {
        using var agent = factory.NewClient();
        await agent.SignInAsync("agent@demo.local");

        var response = await agent.Http.GetAsync(url);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/access-denied", response.Headers.Location!.AbsolutePath);
        var denied = await agent.Http.GetAsync(response.Headers.Location);
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
    }

    [Fact]
    public async Task Agents_cannot_save_articles_either()
    {
        using var agent = factory.NewClient();
        await agent.SignInAsync("agent@demo.local");
        var token = (await agent.GetDocumentAsync("/support")).Token();

        var response = await agent.Http.PostAsync("/staff/faq/edit?handler=save", new FormUrlEncodedContent(
            FaqTestKit.Fields(1, "Sneaky", "Text", null, null).Append(new("intent", "publish")).Append(new("__RequestVerificationToken", token))));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/access-denied", response.Headers.Location!.AbsolutePath);
        using var staff = factory.NewClient();
        await staff.SignInAsync(FaqTestKit.Staff);
        Assert.DoesNotContain("Sneaky", (await staff.GetDocumentAsync("/staff/faq")).Text("#faq-categories"));
    }

    [Fact]
    public async Task Admins_may_edit_the_FAQ()
    {
        using var admin = factory.NewClient();
        await admin.SignInAsync("admin@demo.local");
        Assert.Equal(HttpStatusCode.OK, (await admin.Http.GetAsync("/staff/faq")).StatusCode);
        var nav = (await admin.GetDocumentAsync("/")).QuerySelector("nav")!;
        Assert.NotNull(nav.QuerySelector("a[href='/staff/faq']"));
    }

    [Fact]
    public async Task Help_is_in_everyones_navigation_and_the_FAQ_only_in_staffs()
    {
        using var customer = factory.NewClient();
        await customer.SignInAsync(FaqTestKit.Customer);
        var nav = (await customer.GetDocumentAsync("/")).QuerySelector("nav")!;
        Assert.NotNull(nav.QuerySelector("a[href='/support']"));
        Assert.Null(nav.QuerySelector("a[href='/staff/faq']"));

        using var visitor = factory.NewClient();
        var welcome = await visitor.GetDocumentAsync("/account/login");
        Assert.NotNull(welcome.QuerySelector("a#footer-help[href='/support']"));
    }

    [Theory]
    [InlineData("/staff/faq?handler=addCategory", "Input.NameEn=x&Input.NameAr=y")]
    [InlineData("/staff/faq/edit?handler=save", "Input.CategoryId=1&Input.TitleEn=x&Input.BodyEn=y&intent=publish")]
    [InlineData("/staff/faq/edit?handler=preview&lang=en", "Input.BodyEn=x")]
    [InlineData("/staff/faq/edit/1?handler=restore", "revisionId=1")]
    [InlineData("/staff/faq?handler=moveCategory&id=1", "move=Down")]
    public async Task Staff_posts_without_the_antiforgery_token_are_refused(string url, string body)
    {
        using var staff = factory.NewClient();
        await staff.SignInAsync(FaqTestKit.Staff);

        var response = await staff.Http.PostAsync(url, new StringContent(body, System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
