using System.Globalization;
using Microsoft.Extensions.Localization;
using Portal.Shell;

namespace Portal.Tests.Shell;

public class PluralTests
{
    private sealed class Table(Dictionary<string, string> entries) : IStringLocalizer
    {
        public LocalizedString this[string name] => entries.TryGetValue(name, out var v) ? new(name, v) : new(name, name, resourceNotFound: true);
        public LocalizedString this[string name, params object[] arguments] =>
            entries.TryGetValue(name, out var v) ? new(name, string.Format(v, arguments)) : new(name, name, resourceNotFound: true);
        public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) => [];
    }

    private static readonly Table Arabic = new(new()
    {
        ["Points.zero"] = "لا نقاط", ["Points.one"] = "نقطة واحدة", ["Points.two"] = "نقطتان",
        ["Points.few"] = "{0} نقاط", ["Points.many"] = "{0} نقطة", ["Points.other"] = "{0} نقطة",
    });

    [Theory]
    [InlineData(0, "لا نقاط")]
    [InlineData(1, "نقطة واحدة")]
    [InlineData(2, "نقطتان")]
    [InlineData(5, "5 نقاط")]
    [InlineData(11, "11 نقطة")]
    [InlineData(1500, "1,500 نقطة")]
    public void Arabic_picks_the_form_for_the_number(long n, string expected)
    {
        using var _ = new CultureScope("ar");
        Assert.Equal(expected, Arabic.Plural("Points", n).Value);
    }

    [Fact]
    public void A_missing_form_falls_back_to_other()
    {
        using var _ = new CultureScope("en");
        var english = new Table(new() { ["Points.other"] = "{0} points" });
        Assert.Equal("1 points", english.Plural("Points", 1).Value);
        Assert.Equal("2,000 points", english.Plural("Points", 2000).Value);
    }

    private sealed class CultureScope : IDisposable
    {
        private readonly CultureInfo _culture = CultureInfo.CurrentCulture, _ui = CultureInfo.CurrentUICulture;

        public CultureScope(string name) => CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = Cultures.For(name);

        public void Dispose()
        {
            CultureInfo.CurrentCulture = _culture;
            CultureInfo.CurrentUICulture = _ui;
        }
    }
}
