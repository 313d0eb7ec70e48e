using Portal.Tests.Data;

namespace Portal.Tests.Faq;

/// <summary>The help centre search on PostgreSQL, where ignoring case takes ILIKE.</summary>
public class FaqPostgresTests(PostgresPortalFactory factory) : IClassFixture<PostgresPortalFactory>
{
    [Theory]
    [InlineData("RESET MY", "en", "How do I reset my password?")]
    [InlineData("كلمة المرور", "ar", "كيف أعيد تعيين كلمة المرور؟")]
    [InlineData("REFUNDED", "ar", "Returns and refunds")]
    public async Task Search_ignores_case_and_falls_back_to_English_on_PostgreSQL(string query, string culture, string title)
    {
        using var visitor = factory.NewClient();
        Assert.Contains(title, await visitor.SearchTitlesAsync(query, culture));
    }
}
