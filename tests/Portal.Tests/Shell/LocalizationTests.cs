using System.Text.RegularExpressions;
using System.Xml.Linq;
using Portal.Core.Common;

namespace Portal.Tests.Shell;

/// <summary>Every string a user can see exists in English and Arabic.</summary>
public partial class LocalizationTests
{
    private static readonly string Root = FindRoot();
    private static readonly IReadOnlyDictionary<string, string> English = Load("SharedResource.resx");
    private static readonly IReadOnlyDictionary<string, string> Arabic = Load("SharedResource.ar.resx");

    [Fact]
    public void Every_English_key_has_an_Arabic_value()
    {
        var missing = English.Keys.Where(k => !IsPluralForm(k) && (!Arabic.TryGetValue(k, out var v) || string.IsNullOrWhiteSpace(v))).ToList();
        Assert.True(missing.Count == 0, "Missing Arabic for: " + string.Join(" | ", missing));
    }

    [Fact]
    public void Counted_nouns_have_every_plural_form_in_both_languages()
    {
        var stems = English.Keys.Concat(Arabic.Keys).Where(IsPluralForm).Select(k => k[..k.LastIndexOf('.')]).Distinct();
        var gaps = new List<string>();
        foreach (var stem in stems)
        {
            foreach (var (lang, table) in new[] { ("en", English), ("ar", Arabic) })
                foreach (var category in PluralRules.CategoriesOf(lang))
                    if (!table.ContainsKey($"{stem}.{category.ToString().ToLowerInvariant()}")) gaps.Add($"{lang}:{stem}.{category}");
        }
        Assert.True(gaps.Count == 0, "Missing plural forms: " + string.Join(" | ", gaps));
    }

    [Fact]
    public void Arabic_values_are_written_in_Arabic()
    {
        var untranslated = Arabic.Where(kv => !ArabicLetter().IsMatch(kv.Value) && LatinLetter().IsMatch(kv.Value)).Select(kv => kv.Key).ToList();
        Assert.True(untranslated.Count == 0, "Arabic values with no Arabic text: " + string.Join(" | ", untranslated));
    }

    [Fact]
    public void Every_string_the_code_asks_for_is_in_the_resources()
    {
        var unknown = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(Root, "src", "Portal"), "*.*", SearchOption.AllDirectories)
                     .Where(f => (f.EndsWith(".cshtml") || f.EndsWith(".cs")) && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}")))
        {
            var text = File.ReadAllText(file);
            foreach (Match m in LookupKey().Matches(text)) Check(Unescape(m.Groups[1].Value), file);
            foreach (Match m in PluralKey().Matches(text)) Check(Unescape(m.Groups[1].Value) + ".other", file);
        }
        Assert.True(unknown.Count == 0, "Strings without a resource entry: " + string.Join(" | ", unknown));

        void Check(string key, string file)
        {
            if (!English.ContainsKey(key)) unknown.Add($"{key} ({Path.GetFileName(file)})");
        }
    }

    private static bool IsPluralForm(string key) =>
        Regex.IsMatch(key, @"\.(zero|one|two|few|many|other)$");

    private static string Unescape(string s) => s.Replace("\\\"", "\"").Replace("\\\\", "\\");

    private static IReadOnlyDictionary<string, string> Load(string name) =>
        XDocument.Load(Path.Combine(Root, "Localization", name)).Root!.Elements("data")
            .ToDictionary(d => (string)d.Attribute("name")!, d => (string?)d.Element("value") ?? "");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CustomerPortal.sln"))) return dir.FullName;
        throw new InvalidOperationException("Repository root not found.");
    }

    // S["..."] / s["..."] / _s["..."], and data-annotation messages.
    [GeneratedRegex(@"(?:\b_?[Ss]\[|ErrorMessage\s*=\s*|Display\(Name\s*=\s*)""((?:[^""\\]|\\.)*)""")]
    private static partial Regex LookupKey();

    [GeneratedRegex(@"\.Plural\(\s*""((?:[^""\\]|\\.)*)""")]
    private static partial Regex PluralKey();

    [GeneratedRegex(@"[\u0600-\u06FF]")]
    private static partial Regex ArabicLetter();

    [GeneratedRegex(@"[A-Za-z]{3,}")]
    private static partial Regex LatinLetter();
}
