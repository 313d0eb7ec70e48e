using Portal.Core.Common;

namespace Portal.Core.Tests.Common;

public class PluralRulesTests
{
    [Theory]
    [InlineData(0, PluralCategory.Zero)]
    [InlineData(1, PluralCategory.One)]
    [InlineData(2, PluralCategory.Two)]
    [InlineData(3, PluralCategory.Few)]
    [InlineData(10, PluralCategory.Few)]
    [InlineData(11, PluralCategory.Many)]
    [InlineData(99, PluralCategory.Many)]
    [InlineData(100, PluralCategory.Other)]
    [InlineData(101, PluralCategory.Other)]
    [InlineData(102, PluralCategory.Other)]
    [InlineData(103, PluralCategory.Few)]
    [InlineData(111, PluralCategory.Many)]
    [InlineData(1000, PluralCategory.Other)]
    [InlineData(-3, PluralCategory.Few)]
    public void Arabic_uses_the_six_CLDR_categories(long n, PluralCategory expected) =>
        Assert.Equal(expected, PluralRules.Select("ar", n));

    [Theory]
    [InlineData(0, PluralCategory.Other)]
    [InlineData(1, PluralCategory.One)]
    [InlineData(2, PluralCategory.Other)]
    [InlineData(1000, PluralCategory.Other)]
    public void English_has_one_and_other(long n, PluralCategory expected) =>
        Assert.Equal(expected, PluralRules.Select("en", n));

    [Fact]
    public void Categories_each_language_must_translate()
    {
        Assert.Equal(6, PluralRules.CategoriesOf("ar").Count);
        Assert.Equal([PluralCategory.One, PluralCategory.Other], PluralRules.CategoriesOf("en"));
    }
}
