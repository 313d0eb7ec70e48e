using Portal.Core.Loyalty;
using Portal.Tests.Api;
using Portal.Tests.Customers;
using Portal.Tests.Data;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Loyalty;

/// <summary>/loyalty on PostgreSQL: its stamp query runs there too, and a change shows on the next request.</summary>
public class LoyaltyPostgresTests(PostgresPortalFactory factory) : IClassFixture<PostgresPortalFactory>
{
    [Fact]
    public async Task A_renamed_reward_and_new_points_show_on_the_next_request()
    {
        var customer = await factory.NewCustomerAsync();
        var reward = await factory.AddRewardAsync("Postgres coffee " + Guid.NewGuid().ToString("N")[..6], 100);
        using var client = await factory.SignedInAsync(customer.Email!);
        Assert.Equal(reward.NameEn, (await client.GetDocumentAsync("/loyalty")).Text($"#reward-{reward.Id}-name"));

        var edited = (await factory.WithServiceAsync<Reward?, RewardsCatalog>(c => c.FindAsync(reward.Id)))!;
        edited.NameEn = "Large coffee";
        Assert.Null((await factory.WithServiceAsync<(Reward?, RewardEditError?), RewardsCatalog>(c => c.SaveAsync(edited))).Item2);
        await factory.GivePointsAsync(customer, 250);

        var page = await client.GetDocumentAsync("/loyalty");
        Assert.Equal("Large coffee", page.Text($"#reward-{reward.Id}-name"));
        Assert.Contains("Test points", page.QuerySelector("#points-history")!.TextContent);
    }
}
