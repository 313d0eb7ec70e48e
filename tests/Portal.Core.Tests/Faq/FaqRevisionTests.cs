using Portal.Core.Faq;

namespace Portal.Core.Tests.Faq;

public class FaqRevisionTests
{
    private static readonly FaqDraft First = new("Reset your password", "Use **Forgot your password?**", "إعادة تعيين كلمة المرور", "استخدم الرابط");
    private static readonly FaqDraft Second = new("Reset a password", "Ask for a reset link.", null, null);

    [Fact]
    public async Task Every_save_keeps_a_revision_with_who_and_when()
    {
        await using var db = await CoreDatabase.CreateAsync();
        var category = await db.AddCategoryAsync();
        var id = await db.AddArticleAsync(category, First, FaqStatus.Draft);
        db.Clock.Now = db.Clock.Now.AddHours(2);
        var saved = await db.EditAsync(e => e.SaveAsync(id, category, Second, FaqStatus.Published, FaqKit.Adam));
        Assert.True(saved.Succeeded);

        var revisions = await db.EditAsync(e => e.RevisionsAsync(id));

        Assert.Collection(revisions,
            newest =>
            {
                Assert.Equal(2, newest.Number);
                Assert.Equal("Adam Admin", newest.AuthorName);
                Assert.Equal(FaqStatus.Published, newest.Status);
                Assert.Equal(db.Clock.Now.UtcDateTime, newest.AtUtc);
                Assert.False(newest.HasArabic);
            },
            oldest =>
            {
                Assert.Equal(1, oldest.Number);
                Assert.Equal("Sara Staff", oldest.AuthorName);
                Assert.Equal(FaqStatus.Draft, oldest.Status);
                Assert.True(oldest.HasArabic);
            });
    }

    [Fact]
    public async Task Restoring_brings_back_the_old_words_and_status_as_a_new_revision()
    {
        await using var db = await CoreDatabase.CreateAsync();
        var category = await db.AddCategoryAsync();
        var id = await db.AddArticleAsync(category, First, FaqStatus.Draft);
        await db.EditAsync(e => e.SaveAsync(id, category, Second, FaqStatus.Published, FaqKit.Sara));
        var first = (await db.EditAsync(e => e.RevisionsAsync(id))).Single(r => r.Number == 1);

        var restored = await db.EditAsync(e => e.RestoreAsync(id, first.Id, FaqKit.Adam));

        Assert.True(restored.Succeeded);
        var article = (await db.EditAsync(e => e.FindAsync(id)))!;
        Assert.Equal("Reset your password", article.TitleEn);
        Assert.Equal("إعادة تعيين كلمة المرور", article.TitleAr);
        Assert.Equal(FaqStatus.Draft, article.Status);
        var revisions = await db.EditAsync(e => e.RevisionsAsync(id));
        Assert.Equal([3, 2, 1], revisions.Select(r => r.Number));
        Assert.Equal(1, revisions[0].RestoredFrom);
        Assert.Equal("Adam Admin", revisions[0].AuthorName);
        // History is kept as it was: revision 2 still holds the text that was replaced.
        Assert.Equal(FaqStatus.Published, revisions[1].Status);
        Assert.False(revisions[1].HasArabic);
    }

    [Fact]
    public async Task A_revision_of_another_article_cannot_be_restored()
    {
        await using var db = await CoreDatabase.CreateAsync();
        var category = await db.AddCategoryAsync();
        var one = await db.AddArticleAsync(category, First);
        var other = await db.AddArticleAsync(category, Second);
        var otherRevision = (await db.EditAsync(e => e.RevisionsAsync(other))).Single();

        var result = await db.EditAsync(e => e.RestoreAsync(one, otherRevision.Id, FaqKit.Sara));

        Assert.Equal(FaqError.RevisionNotFound, result.Error);
        Assert.Single(await db.EditAsync(e => e.RevisionsAsync(one)));
    }

    [Theory]
    [InlineData(null, null, null, null, FaqError.NoTranslation)]
    [InlineData("Title", null, null, null, FaqError.TitleWithoutBody)]
    [InlineData(null, null, null, "نص", FaqError.BodyWithoutTitle)]
    [InlineData("  ", "\n", "", " ", FaqError.NoTranslation)]
    public async Task An_article_without_a_whole_translation_is_refused_and_nothing_is_saved(
        string? titleEn, string? bodyEn, string? titleAr, string? bodyAr, FaqError expected)
    {
        await using var db = await CoreDatabase.CreateAsync();
        var category = await db.AddCategoryAsync();

        var result = await db.EditAsync(e => e.SaveAsync(null, category, new FaqDraft(titleEn, bodyEn, titleAr, bodyAr), FaqStatus.Draft, FaqKit.Sara));

        Assert.Equal(expected, result.Error);
        Assert.Empty((await db.EditAsync(e => e.OverviewAsync())).Single().Articles);
    }

    [Fact]
    public async Task A_title_that_is_too_long_is_refused()
    {
        await using var db = await CoreDatabase.CreateAsync();
        var category = await db.AddCategoryAsync();
        var result = await db.EditAsync(e => e.SaveAsync(null, category, new FaqDraft(new string('a', FaqLimits.Title + 1), "Body", null, null), FaqStatus.Draft, FaqKit.Sara));
        Assert.Equal(FaqError.TitleTooLong, result.Error);
    }

    [Fact]
    public async Task Categories_move_up_and_down_and_stop_at_the_ends()
    {
        await using var db = await CoreDatabase.CreateAsync();
        var a = await db.AddCategoryAsync("A", "أ");
        var b = await db.AddCategoryAsync("B", "ب");
        var c = await db.AddCategoryAsync("C", "ج");

        await db.EditAsync(e => e.MoveCategoryAsync(c, FaqMove.Up));
        await db.EditAsync(e => e.MoveCategoryAsync(a, FaqMove.Up));
        await db.EditAsync(e => e.MoveCategoryAsync(b, FaqMove.Down));

        var names = (await db.EditAsync(e => e.OverviewAsync())).Select(x => x.NameEn);
        Assert.Equal(["A", "C", "B"], names);
    }

    [Fact]
    public async Task A_category_needs_both_names()
    {
        await using var db = await CoreDatabase.CreateAsync();
        var result = await db.EditAsync(e => e.AddCategoryAsync("Orders", " "));
        Assert.Equal(FaqError.CategoryNameRequired, result.Error);
        var renamed = await db.EditAsync(e => e.RenameCategoryAsync(999, "x", "y"));
        Assert.Equal(FaqError.CategoryNotFound, renamed.Error);
    }

    [Fact]
    public async Task Articles_move_within_their_category()
    {
        await using var db = await CoreDatabase.CreateAsync();
        var category = await db.AddCategoryAsync();
        var first = await db.AddArticleAsync(category, First);
        var second = await db.AddArticleAsync(category, Second);

        await db.EditAsync(e => e.MoveArticleAsync(second, FaqMove.Up));

        Assert.Equal([second, first], (await db.EditAsync(e => e.OverviewAsync())).Single().Articles.Select(a => a.Id));
    }
}
