using Portal.Core.Faq;
using Portal.Core.Tests.Infrastructure;

namespace Portal.Core.Tests.Faq;

/// <summary>FAQ steps over the shared <see cref="CoreDatabase"/>.</summary>
public static class FaqKit
{
    public static readonly FaqActor Sara = new("sara-id", "Sara Staff");
    public static readonly FaqActor Adam = new("adam-id", "Adam Admin");

    public static Task<T> EditAsync<T>(this CoreDatabase db, Func<FaqEditor, Task<T>> use) => db.UseAsync(use);

    public static Task<T> ReadAsync<T>(this CoreDatabase db, Func<FaqCatalog, Task<T>> use) => db.UseAsync(use);

    public static async Task<int> AddCategoryAsync(this CoreDatabase db, string nameEn = "Account", string nameAr = "الحساب")
    {
        var result = await db.EditAsync(e => e.AddCategoryAsync(nameEn, nameAr));
        Assert.True(result.Succeeded, result.Error.ToString());
        return result.Id;
    }

    public static async Task<int> AddArticleAsync(this CoreDatabase db, int categoryId, FaqDraft draft, FaqStatus status = FaqStatus.Published, FaqActor? actor = null)
    {
        var result = await db.EditAsync(e => e.SaveAsync(null, categoryId, draft, status, actor ?? Sara));
        Assert.True(result.Succeeded, result.Error.ToString());
        return result.Id;
    }
}
