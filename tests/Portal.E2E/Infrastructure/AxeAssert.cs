using System.Text;
using System.Text.Json;
using Deque.AxeCore.Commons;

namespace Portal.E2E.Infrastructure;

/// <summary>
/// Runs axe-core (the copy Deque bundles) in the page itself. Deque's <c>RunAxe</c> re-injects axe and finishes every
/// run in a new blank page: 3–5 s a call against 0.2–0.7 s for <c>axe.run</c> on a page that already has it.
/// </summary>
public static class AxeAssert
{
    private static readonly string Source = new BundledAxeScriptProvider().GetScript();

    // Only violations come back, and only what a failure message needs: passes and incomplete results are most of the time.
    private const string Run = """
        async (options) => {
          const result = await axe.run(document, options);
          return result.violations
            .filter(v => v.impact === 'serious' || v.impact === 'critical')
            .map(v => ({
              id: v.id, impact: v.impact, help: v.help,
              nodes: v.nodes.map(n => ({ target: n.target.join(' '), why: [...n.any, ...n.all, ...n.none].map(c => c.message).join(' / ') })),
            }));
        }
        """;

    private static readonly object Options = new { resultTypes = new[] { "violations" } };

    // A theme is a class on <html>: the second theme has the same markup, so only its colours need checking again.
    private static readonly object ColourOptions = new
    {
        resultTypes = new[] { "violations" },
        runOnly = new { type = "rule", values = new[] { "color-contrast", "link-in-text-block" } },
    };

    /// <summary>Runs axe-core on the page as it is now and fails listing every serious or critical violation.</summary>
    public static Task NoSeriousViolationsAsync(IPage page, string context) => CheckAsync(page, context, Options);

    /// <summary>The colour rules only, for a page already checked in full in another theme.</summary>
    public static Task NoSeriousColourViolationsAsync(IPage page, string context) => CheckAsync(page, context, ColourOptions);

    private static async Task CheckAsync(IPage page, string context, object options)
    {
        // Once per document: a navigation or a boosted swap of <body> keeps window, so axe stays until a full load.
        if (!await page.EvaluateAsync<bool>("() => typeof window.axe?.run === 'function'")) await page.EvaluateAsync(Source);
        var serious = await page.EvaluateAsync<JsonElement>(Run, options);
        if (serious.GetArrayLength() == 0) return;
        var message = new StringBuilder($"{context}: {serious.GetArrayLength()} serious accessibility violation(s) on {page.Url}");
        foreach (var v in serious.EnumerateArray())
        {
            message.Append($"\n- [{v.GetProperty("impact").GetString()}] {v.GetProperty("id").GetString()}: {v.GetProperty("help").GetString()}");
            foreach (var node in v.GetProperty("nodes").EnumerateArray())
                message.Append($"\n    at {node.GetProperty("target").GetString()}: {node.GetProperty("why").GetString()}");
        }
        Assert.Fail(message.ToString());
    }
}
