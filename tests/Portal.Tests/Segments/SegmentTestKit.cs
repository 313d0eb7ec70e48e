using Portal.Core.Segments;
using Portal.Tests.Infrastructure;
using Portal.Tests.Loyalty;

namespace Portal.Tests.Segments;

public static class SegmentTestKit
{
    /// <summary>A customer far ahead on spend, so the top-5% VIP places go to them and not to the customers under test.</summary>
    public static async Task WhalesAsync(this PortalFactory factory)
    {
        for (var i = 0; i < 2; i++) await factory.BuyAsync(await factory.NewLoyaltyCustomerAsync(name: "Whale"), 50_000_000, 3);
    }

    public static async Task<SegmentRun> RecomputeSegmentsAsync(this PortalFactory factory)
    {
        var result = await factory.WithServiceAsync<SegmentRecomputeResult, SegmentEngine>(e => e.RecomputeAsync("test"));
        Assert.True(result.Started);
        return result.Run!;
    }
}
