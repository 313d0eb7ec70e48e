using Portal.Core.Customers;
using Portal.Core.Faq;

namespace Portal.Core.Tests.Faq;

public class FaqCatalogTests
{
    private static readonly FaqDraft Points = new(
        "How do Points work?", "You earn **points** when you shop.",
        "كيف تعمل النقاط؟", "تكسب **نقاطًا** عندما تتسوق.");
    private static readonly FaqDraft Returns = new("Returns and refunds", "Bring the receipt within 30 days.", null, null);
    private static readonly FaqDraft ArabicOnly = new(null, null, "ساعات العمل", "نعمل من التاسعة صباحًا.");

    [Fact]
    public async Task An_article_without_the_readers_language_is_shown_in_the_other_and_says_so()
    {
        await using var db = await CoreDatabase.CreateAsync();
        var category = await db.AddCategoryAsync();
        var returns = await db.AddArticleAsync(category, Returns);
        var hours = await db.AddArticleAsync(category, ArabicOnly);

        var inArabic = (await db.ReadAsync(c => c.ArticleAsync(returns, Languages.Arabic)))!;
        var inEnglish = (await db.ReadAsync(c => c.ArticleAsync(hours, Languages.English)))!;

        Assert.True(inArabic.IsFallback);
        Assert.Equal(Languages.English, inArabic.Language);
        Assert.Equal("Returns and refunds", inArabic.Title);
        Assert.Equal("الحساب", inArabic.CategoryName);
        Assert.True(inEnglish.IsFallback);
        Assert.Equal(Languages.Arabic, inEnglish.Language);
        Assert.Equal("ساعات العمل", inEnglish.Title);
    }

    [Fact]
    public async Task A_translated_article_is_shown_in_the_readers_language_rendered()
    {
        await using var db = await CoreDatabase.CreateAsync();
        var id = await db.AddArticleAsync(await db.AddCategoryAsync(), Points);

        var view = (await db.ReadAsync(c => c.ArticleAsync(id, Languages.Arabic)))!;

        Assert.False(view.IsFallback);
        Assert.Equal("كيف تعمل النقاط؟", view.Title);
        Assert.Contains("<strong>نقاطًا</strong>", view.Html);
    }

    [Theory]
    [InlineData("points", Languages.English, "How do Points work?")]
    [InlineData("POINTS", Languages.English, "How do Points work?")]
    [InlineData("SHOP", Languages.English, "How do Points work?")]
    [InlineData("نقاط", Languages.Arabic, "كيف تعمل النقاط؟")]
    [InlineData("تتسوق", Languages.Arabic, "كيف تعمل النقاط؟")]
    [InlineData("RECEIPT", Languages.Arabic, "Returns and refunds")]
    [InlineData("التاسعة", Languages.English, "ساعات العمل")]
    public async Task Search_looks_in_the_words_the_reader_sees_ignoring_case(string text, string language, string title)
    {
        await using var db = await CoreDatabase.CreateAsync();
        var category = await db.AddCategoryAsync();
        await db.AddArticleAsync(category, Points);
        await db.AddArticleAsync(category, Returns);
        await db.AddArticleAsync(category, ArabicOnly);

        var results = await db.ReadAsync(c => c.SearchAsync(text, language));

        Assert.Equal(title, Assert.Single(results).Title);
    }

    [Fact]
    public async Task Search_in_Arabic_does_not_match_the_English_of_a_translated_article()
    {
        await using var db = await CoreDatabase.CreateAsync();
        await db.AddArticleAsync(await db.AddCategoryAsync(), Points);

        Assert.Empty(await db.ReadAsync(c => c.SearchAsync("points", Languages.Arabic)));
        Assert.Single(await db.ReadAsync(c => c.SearchAsync("points", Languages.English)));
    }

    [Fact]
    public async Task Search_treats_percent_and_underscore_as_text()
    {
        await using var db = await CoreDatabase.CreateAsync();
        await db.AddArticleAsync(await db.AddCategoryAsync(), Points);
        Assert.Empty(await db.ReadAsync(c => c.SearchAsync("%", Languages.English)));
        Assert.Empty(await db.ReadAsync(c => c.SearchAsync("_", Languages.English)));
    }

    [Fact]
    public async Task Drafts_are_invisible_to_customers()
    {
        await using var db = await CoreDatabase.CreateAsync();
        var category = await db.AddCategoryAsync();
        var draft = await db.AddArticleAsync(category, Points, FaqStatus.Draft);

        Assert.Null(await db.ReadAsync(c => c.ArticleAsync(draft, Languages.English)));
        Assert.Empty(await db.ReadAsync(c => c.SearchAsync("points", Languages.English)));
        Assert.Empty(await db.ReadAsync(c => c.SectionsAsync(Languages.English)));
        Assert.Equal(FaqError.ArticleNotFound, (await db.ReadAsync(c => c.VoteAsync(draft, "user:1", true))).Error);
    }

    [Fact]
    public async Task Sections_follow_the_staff_order_with_titles_in_the_readers_language()
    {
        await using var db = await CoreDatabase.CreateAsync();
        var account = await db.AddCategoryAsync("Account", "الحساب");
        var orders = await db.AddCategoryAsync("Orders", "الطلبات");
        await db.AddArticleAsync(account, Points);
        await db.AddArticleAsync(orders, Returns);
        await db.EditAsync(e => e.MoveCategoryAsync(orders, FaqMove.Up));

        var sections = await db.ReadAsync(c => c.SectionsAsync(Languages.Arabic));

        Assert.Equal(["الطلبات", "الحساب"], sections.Select(s => s.Name));
        var returns = Assert.Single(sections[0].Articles);
        Assert.True(returns.IsFallback);
        Assert.Equal(Languages.English, returns.Language);
        Assert.Equal("كيف تعمل النقاط؟", Assert.Single(sections[1].Articles).Title);
    }

    [Fact]
    public async Task Each_voter_counts_once_and_may_change_their_mind()
    {
        await using var db = await CoreDatabase.CreateAsync();
        var id = await db.AddArticleAsync(await db.AddCategoryAsync(), Points);

        await db.ReadAsync(c => c.VoteAsync(id, "user:layla", true));
        await db.ReadAsync(c => c.VoteAsync(id, "user:layla", true));
        await db.ReadAsync(c => c.VoteAsync(id, "browser:abc", true));
        await db.ReadAsync(c => c.VoteAsync(id, "user:sam", true));
        await db.ReadAsync(c => c.VoteAsync(id, "user:sam", false));

        Assert.Equal(new FaqVoteCounts(2, 1), await db.ReadAsync(c => c.CountsAsync(id)));
        var staff = (await db.EditAsync(e => e.OverviewAsync())).Single().Articles.Single();
        Assert.Equal((2, 1), (staff.Helpful, staff.NotHelpful));
    }
}
