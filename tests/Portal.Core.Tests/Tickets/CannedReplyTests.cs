using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Tickets;

namespace Portal.Core.Tests.Tickets;

public class CannedReplyTests : IAsyncLifetime
{
    private CoreDatabase _db = null!;
    public async Task InitializeAsync() => _db = await CoreDatabase.CreateAsync();
    public async Task DisposeAsync() => await _db.DisposeAsync();

    private Task<(CannedReply? Reply, CannedReplyError? Error)> SaveAsync(int? id, CannedReplyInput input) =>
        _db.UseAsync(sp => sp.GetRequiredService<CannedReplies>().SaveAsync(id, input));

    [Fact]
    public async Task Short_codes_are_normalised_and_unique()
    {
        var (first, _) = await SaveAsync(null, new("Refund", "Refunds", "We refund within 5 days.", "نعيد المبلغ خلال 5 أيام."));
        var (_, duplicate) = await SaveAsync(null, new("/refund", "Again", "Text", null));

        Assert.Equal("/refund", first!.ShortCode);
        Assert.Equal(CannedReplyError.DuplicateCode, duplicate);
        Assert.Equal("نعيد المبلغ خلال 5 أيام.", first.BodyFor("ar"));
        Assert.Equal("We refund within 5 days.", first.BodyFor("en"));
    }

    [Theory]
    [InlineData("/with space")]
    [InlineData("/")]
    [InlineData("/ÄÖ")]
    public async Task Bad_short_codes_are_refused(string code) =>
        Assert.Equal(CannedReplyError.InvalidCode, (await SaveAsync(null, new(code, "T", "B", null))).Error);

    [Fact]
    public async Task Without_an_Arabic_text_the_English_one_is_used()
    {
        var (reply, _) = await SaveAsync(null, new("/hi", "Hello", "Hello!", null));
        Assert.Equal("Hello!", reply!.BodyFor("ar"));
    }

    [Fact]
    public async Task A_reply_can_be_edited_and_deleted()
    {
        var (reply, _) = await SaveAsync(null, new("/hi", "Hello", "Hello!", null));
        var (edited, error) = await SaveAsync(reply!.Id, new("/hello", "Hello there", "Hello again!", "أهلًا!"));
        var deleted = await _db.UseAsync(sp => sp.GetRequiredService<CannedReplies>().DeleteAsync(reply.Id));

        Assert.Null(error);
        Assert.Equal("/hello", edited!.ShortCode);
        Assert.True(deleted);
        Assert.Empty(await _db.UseAsync(sp => sp.GetRequiredService<CannedReplies>().ListAsync()));
    }
}
