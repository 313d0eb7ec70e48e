using System.Text;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;

namespace Portal.E2E.Infrastructure;

public static class AxeAssert
{
    // Only violations come back in full: passes and incomplete results are most of the JSON and of the time.
    private static readonly AxeRunOptions Options = new() { ResultTypes = [ResultType.Violations] };

    /// <summary>Runs axe-core on the page as it is now and fails listing every serious or critical violation.</summary>
    public static async Task NoSeriousViolationsAsync(IPage page, string context)
    {
        var result = await page.RunAxe(Options);
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
