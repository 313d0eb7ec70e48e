using Portal.Core.Analytics;

namespace Portal.Core.Tests.Analytics;

public class EngagementTests
{
    private static EngagementComponent Part(EngagementScore score, EngagementComponentKind kind) => score.Components.Single(c => c.Kind == kind);

    [Fact]
    public void Someone_who_never_bought_or_signed_in_scores_zero()
    {
        var score = Engagement.Score(null, 0, 0, null, 0);
        Assert.Equal(0, score.Score);
        Assert.All(score.Components, c => Assert.Equal(0, c.Points));
    }

    [Fact]
    public void Full_marks_in_every_counted_part_score_100_with_referrals_left_out_and_the_rest_renormalised()
    {
        var score = Engagement.Score(0, 12, 10, null, 3);

        Assert.Equal(100, score.Score);
        var referrals = Part(score, EngagementComponentKind.Referrals);
        Assert.False(referrals.Counted);
        Assert.Equal(0, referrals.MaxPoints);
        Assert.Equal(100, score.Components.Sum(c => c.MaxPoints), 6);
        Assert.Equal(30 * 100 / 85.0, Part(score, EngagementComponentKind.Recency).MaxPoints, 6);
        Assert.Equal(10 * 100 / 85.0, Part(score, EngagementComponentKind.Redemptions).MaxPoints, 6);
    }

    [Fact]
    public void Once_referrals_are_counted_the_weights_are_the_table_and_none_caps_the_score_at_85()
    {
        var score = Engagement.Score(0, 12, 10, referrals: 0, 3);
        Assert.Equal(85, score.Score);
        Assert.Equal([30.0, 30, 15, 15, 10], score.Components.Select(c => c.MaxPoints));
        Assert.Equal(100, Engagement.Score(0, 12, 10, referrals: 3, 3).Score);
    }

    [Theory]
    [InlineData(0, 1.0)]
    [InlineData(90, 0.5)]
    [InlineData(179, 1 / 180.0)]
    [InlineData(180, 0.0)]
    [InlineData(400, 0.0)]
    public void Recency_falls_from_full_today_to_nothing_at_180_days(int days, double level) =>
        Assert.Equal(level, Part(Engagement.Score(days, 0, 0, null, 0), EngagementComponentKind.Recency).Level, 6);

    [Theory]
    [InlineData(0, 0.0)]
    [InlineData(6, 0.5)]
    [InlineData(12, 1.0)]
    [InlineData(40, 1.0)]
    public void Frequency_is_full_at_a_purchase_a_month(int purchases, double level) =>
        Assert.Equal(level, Part(Engagement.Score(null, purchases, 0, null, 0), EngagementComponentKind.Frequency).Level, 6);

    [Theory]
    [InlineData(9, 0.9)]
    [InlineData(10, 1.0)]
    [InlineData(11, 1.0)]
    public void Sign_ins_are_full_at_ten_in_90_days(int signIns, double level) =>
        Assert.Equal(level, Part(Engagement.Score(null, 0, signIns, null, 0), EngagementComponentKind.SignIns).Level, 6);

    [Fact]
    public void Points_are_each_parts_level_times_its_weight_and_the_score_is_their_rounded_sum()
    {
        var score = Engagement.Score(90, 6, 5, null, 1);
        var expected = (0.5 * 30 + 0.5 * 30 + 0.5 * 15 + 1 / 3.0 * 10) * 100 / 85;
        Assert.Equal((int)Math.Round(expected, MidpointRounding.AwayFromZero), score.Score);
        Assert.Equal(expected, score.Components.Sum(c => c.Points), 6);
    }
}
