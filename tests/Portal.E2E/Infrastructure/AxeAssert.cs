using System.Text;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;

namespace Portal.E2E.Infrastructure;

public static class AxeAssert
{
    // Only violations come back in full: passes and incomplete results are most of the JSON and of the time.
    private static readonly AxeRunOptions Options = new() { ResultTypes = [ResultType.Violations] };

    // A theme is a class on <html>: the second theme has the same markup, so only its colours need checking again.
    private static readonly AxeRunOptions ColourOptions = new()
    {
        ResultTypes = [ResultType.Violations],
        RunOnly = new RunOnlyOptions { Type = "rule", Values = ["color-contrast", "link-in-text-block"] },
    };

    /// <summary>Runs axe-core on the page as it is now and fails listing every serious or critical violation.</summary>
    public static Task NoSeriousViolationsAsync(IPage page, string context) => CheckAsync(page, context, Options);

    /// <summary>The colour rules only, for a page already checked in full in another theme.</summary>
    public static Task NoSeriousColourViolationsAsync(IPage page, string context) => CheckAsync(page, context, ColourOptions);

    private static async Task CheckAsync(IPage page, string context, AxeRunOptions options)
    {
        var result = await page.RunAxe(options);
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        if (serious.Count == 0) return;
        var message = new StringBuilder($"{context}: {serious.Count} serious accessibility violation(s) on {page.Url}");
        foreach (var v in serious)
        {
            message.Append($"\n- [{v.Impact}] {v.Id}: {v.Help}");
            foreach (var node in v.Nodes)
            {
                var why = (node.Any ?? []).Concat(node.All ?? []).Concat(node.None ?? []).Select(c => c.Message);
                message.Append($"\n    at {node.Target}: {string.Join(" / ", why)}");
            }
        }
        Assert.Fail(message.ToString());
    }
}
