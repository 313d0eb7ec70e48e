using Portal.Core.Chat;
using Portal.Core.Customers;
using Portal.Core.Events;
using Portal.Core.Tests.Infrastructure;

namespace Portal.Core.Tests.Chat;

public class ChatEventsTests : IAsyncLifetime
{
    private CoreDatabase _db = null!;
    private string _sam = "";
    private string _omar = "";

    private ChatViewer Sam => new(_sam, false);
    private ChatViewer Omar => new(_omar, true);

    public async Task InitializeAsync()
    {
        _db = await CoreDatabase.CreateAsync();
        _sam = await _db.AddPersonAsync("Sam Carter");
        _omar = await _db.AddPersonAsync("Omar Agent", roles: [Roles.Agent]);
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private Task<int> StoredAsync(string type) => _db.CountAsync<OutboxMessage>(m => m.Where(x => x.Type == type));

    [Fact]
    public async Task Leaving_the_queue_unanswered_stores_ChatMissed_with_the_conversation()
    {
        var chat = await _db.ChatAsync(c => c.StartAsync(_sam));

        Assert.True((await _db.ChatAsync(c => c.CloseAsync(chat.Id, Sam))).Succeeded);
        Assert.False((await _db.ChatAsync(c => c.CloseAsync(chat.Id, Sam))).Succeeded);

        Assert.Equal(1, await StoredAsync(nameof(ChatMissed)));
        var payload = await _db.CountAsync<OutboxMessage>(m => m.Where(x =>
            x.Payload == $$"""{"UserId":"{{_sam}}","ConversationId":{{chat.Id}},"TicketId":null}""" && x.StreamKey == _sam));
        Assert.Equal(1, payload);
    }

    [Fact]
    public async Task An_answered_chat_that_ends_is_not_missed()
    {
        var chat = await _db.ChatAsync(c => c.StartAsync(_sam));
        await _db.ChatAsync(c => c.AcceptAsync(chat.Id, Omar));

        Assert.True((await _db.ChatAsync(c => c.CloseAsync(chat.Id, Sam))).Succeeded);

        Assert.Equal(0, await StoredAsync(nameof(ChatMissed)));
    }
}
