using Portal.Core.Chat;
using Portal.Core.Customers;

namespace Portal.Core.Tests.Chat;

public class ChatServiceTests : IAsyncLifetime
{
    private CoreDatabase _db = null!;
    private string _sam = "";
    private string _layla = "";
    private string _omar = "";
    private string _nadia = "";

    private ChatViewer Sam => new(_sam, false);
    private ChatViewer Layla => new(_layla, false);
    private ChatViewer Omar => new(_omar, true);
    private ChatViewer Nadia => new(_nadia, true);

    public async Task InitializeAsync()
    {
        _db = await CoreDatabase.CreateAsync();
        _sam = await _db.AddPersonAsync("Sam Carter");
        _layla = await _db.AddPersonAsync("ليلى الحربي");
        _omar = await _db.AddPersonAsync("Omar Agent", roles: [Roles.Agent]);
        _nadia = await _db.AddPersonAsync("Nadia Agent", roles: [Roles.Agent]);
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private Task<ConversationView> StartAsync(string customer) => _db.ChatAsync(c => c.StartAsync(customer));

    private async Task<ConversationView> ActiveChatAsync()
    {
        var chat = await StartAsync(_sam);
        var accepted = await _db.ChatAsync(c => c.AcceptAsync(chat.Id, Omar));
        Assert.True(accepted.Succeeded);
        return accepted.Value!;
    }

    [Fact]
    public async Task A_retried_send_with_the_same_client_id_is_stored_once_and_returns_the_stored_message()
    {
        var chat = await ActiveChatAsync();
        var clientId = Guid.NewGuid();

        var first = await _db.ChatAsync(c => c.SendAsync(chat.Id, Sam, clientId, "  My order has not arrived  "));
        var retry = await _db.ChatAsync(c => c.SendAsync(chat.Id, Sam, clientId, "My order has not arrived"));

        Assert.True(first.Value!.IsNew);
        Assert.False(retry.Value!.IsNew);
        Assert.Equal(first.Value.Message.Id, retry.Value.Message.Id);
        Assert.Equal("My order has not arrived", first.Value.Message.Body);
        Assert.Equal(1, await _db.CountAsync<ChatMessage>(m => m.Where(x => x.ClientId == clientId)));
    }

    [Fact]
    public async Task Racing_sends_with_the_same_client_id_store_one_message_and_all_return_it()
    {
        var chat = await ActiveChatAsync();
        var clientId = Guid.NewGuid();

        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            Task.Run(() => _db.ChatAsync(c => c.SendAsync(chat.Id, Sam, clientId, "Hello from two tabs")))));

        Assert.All(results, r => Assert.True(r.Succeeded));
        Assert.Single(results.Select(r => r.Value!.Message.Id).Distinct());
        Assert.Single(results, r => r.Value!.IsNew);
        Assert.Equal(1, await _db.CountAsync<ChatMessage>(m => m.Where(x => x.ClientId == clientId)));
    }

    [Fact]
    public async Task Messages_sent_at_once_are_each_stored_once_even_beside_a_repeated_one()
    {
        var chat = await ActiveChatAsync();
        var ids = Enumerable.Range(0, 20).Select(_ => Guid.NewGuid()).ToList();

        // Sent together they share commits; the repeat of the first must not cost the others theirs.
        var results = await Task.WhenAll(ids.Append(ids[0]).Select(id =>
            Task.Run(() => _db.ChatAsync(c => c.SendAsync(chat.Id, Sam, id, $"Message {ids.IndexOf(id)}")))));

        Assert.All(results, r => Assert.True(r.Succeeded));
        Assert.Equal(20, results.Count(r => r.Value!.IsNew));
        Assert.Equal(20, results.Select(r => r.Value!.Message.Id).Distinct().Count());
        var stored = await _db.ChatAsync(c => c.TranscriptAsync(chat.Id, Sam));
        Assert.Equal(ids.Select((_, i) => $"Message {i}").Order(), stored!.Where(m => ids.Contains(m.ClientId)).Select(m => m.Body).Order());
        foreach (var r in results)
            Assert.Equal(r.Value!.Message.Id, stored!.Single(m => m.ClientId == r.Value.Message.ClientId).Id);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public async Task Empty_messages_are_refused_and_nothing_is_stored(string? body)
    {
        var chat = await ActiveChatAsync();
        var before = await _db.CountAsync<ChatMessage>();

        var result = await _db.ChatAsync(c => c.SendAsync(chat.Id, Sam, Guid.NewGuid(), body));

        Assert.Equal(ChatError.EmptyMessage, result.Error);
        Assert.Equal(before, await _db.CountAsync<ChatMessage>());
    }

    [Fact]
    public async Task Messages_over_2000_characters_are_refused_but_2000_are_fine()
    {
        var chat = await ActiveChatAsync();

        var tooLong = await _db.ChatAsync(c => c.SendAsync(chat.Id, Sam, Guid.NewGuid(), new string('x', 2001)));
        var justRight = await _db.ChatAsync(c => c.SendAsync(chat.Id, Sam, Guid.NewGuid(), new string('x', 2000)));

        Assert.Equal(ChatError.TooLong, tooLong.Error);
        Assert.True(justRight.Succeeded);
    }

    [Fact]
    public async Task Queue_position_counts_the_chats_waiting_before_this_one()
    {
        var sam = await StartAsync(_sam);
        var layla = await StartAsync(_layla);

        Assert.Equal(1, await _db.ChatAsync(c => c.QueuePositionAsync(sam.Id)));
        Assert.Equal(2, await _db.ChatAsync(c => c.QueuePositionAsync(layla.Id)));

        await _db.ChatAsync(c => c.AcceptAsync(sam.Id, Omar));

        Assert.Null(await _db.ChatAsync(c => c.QueuePositionAsync(sam.Id)));
        Assert.Equal(1, await _db.ChatAsync(c => c.QueuePositionAsync(layla.Id)));
    }

    [Fact]
    public async Task Leaving_the_queue_abandons_the_chat_and_moves_the_others_up()
    {
        var sam = await StartAsync(_sam);
        var layla = await StartAsync(_layla);

        var left = await _db.ChatAsync(c => c.CloseAsync(sam.Id, Sam));

        Assert.Equal(ConversationStatus.Abandoned, left.Value!.Status);
        Assert.Equal(1, await _db.ChatAsync(c => c.QueuePositionAsync(layla.Id)));
        Assert.Equal(ChatError.AlreadyTaken, (await _db.ChatAsync(c => c.AcceptAsync(sam.Id, Omar))).Error);
    }

    [Fact]
    public async Task When_two_agents_accept_at_once_exactly_one_wins()
    {
        var chat = await StartAsync(_sam);

        var results = await Task.WhenAll(
            Task.Run(() => _db.ChatAsync(c => c.AcceptAsync(chat.Id, Omar))),
            Task.Run(() => _db.ChatAsync(c => c.AcceptAsync(chat.Id, Nadia))));

        var winner = Assert.Single(results, r => r.Succeeded);
        Assert.Equal(ChatError.AlreadyTaken, Assert.Single(results, r => !r.Succeeded).Error);
        var stored = await _db.ChatAsync(c => c.FindAsync(chat.Id));
        Assert.Equal(ConversationStatus.Active, stored!.Status);
        Assert.Equal(winner.Value!.AgentUserId, stored.AgentUserId);
        // One "joined" line, from the winner.
        Assert.Equal(1, await _db.CountAsync<ChatMessage>(m => m.Where(x => x.Sender == ChatSender.System)));
    }

    [Fact]
    public async Task A_customer_has_one_open_chat_and_starting_again_resumes_it()
    {
        var first = await StartAsync(_sam);
        var again = await StartAsync(_sam);
        var racing = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => StartAsync(_layla))));

        Assert.Equal(first.Id, again.Id);
        Assert.Single(racing.Select(c => c.Id).Distinct());
        Assert.Equal(2, await _db.CountAsync<Conversation>());
    }

    [Fact]
    public async Task After_the_chat_closes_the_customer_can_start_a_new_one()
    {
        var chat = await ActiveChatAsync();
        await _db.ChatAsync(c => c.CloseAsync(chat.Id, Omar));

        var next = await StartAsync(_sam);

        Assert.NotEqual(chat.Id, next.Id);
        Assert.Equal(ConversationStatus.Waiting, next.Status);
    }

    [Fact]
    public async Task A_closed_chat_is_rated_once()
    {
        var chat = await ActiveChatAsync();
        Assert.Equal(ChatError.NotOpen, (await _db.ChatAsync(c => c.RateAsync(chat.Id, _sam, 5, null))).Error);
        await _db.ChatAsync(c => c.CloseAsync(chat.Id, Omar));

        var rated = await _db.ChatAsync(c => c.RateAsync(chat.Id, _sam, 4, "  Quick and kind  "));
        var again = await _db.ChatAsync(c => c.RateAsync(chat.Id, _sam, 1, "Changed my mind"));

        Assert.Equal(4, rated.Value!.Rating);
        Assert.Equal("Quick and kind", rated.Value.RatingComment);
        Assert.Equal(ChatError.AlreadyRated, again.Error);
        var stored = await _db.ChatAsync(c => c.FindAsync(chat.Id));
        Assert.Equal(4, stored!.Rating);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(6)]
    public async Task Ratings_outside_1_to_5_are_refused(int rating)
    {
        var chat = await ActiveChatAsync();
        await _db.ChatAsync(c => c.CloseAsync(chat.Id, Omar));

        Assert.Equal(ChatError.InvalidRating, (await _db.ChatAsync(c => c.RateAsync(chat.Id, _sam, rating, null))).Error);
    }

    [Fact]
    public async Task Only_the_customer_rates_their_chat()
    {
        var chat = await ActiveChatAsync();
        await _db.ChatAsync(c => c.CloseAsync(chat.Id, Omar));

        Assert.Equal(ChatError.NotFound, (await _db.ChatAsync(c => c.RateAsync(chat.Id, _layla, 1, null))).Error);
    }

    [Fact]
    public async Task A_chat_moves_to_another_agent_with_a_record_of_the_transfer()
    {
        var chat = await ActiveChatAsync();

        var moved = await _db.ChatAsync(c => c.TransferAsync(chat.Id, Omar, _nadia));

        Assert.Equal(_nadia, moved.Value!.AgentUserId);
        var transfer = Assert.Single(await _db.ChatAsync(c => c.TransfersAsync(chat.Id)));
        Assert.Equal((_omar, _nadia), (transfer.FromAgentUserId, transfer.ToAgentUserId));
        // The previous agent can no longer write or read.
        Assert.Equal(ChatError.NotAllowed, (await _db.ChatAsync(c => c.SendAsync(chat.Id, Omar, Guid.NewGuid(), "still here?"))).Error);
        Assert.Null(await _db.ChatAsync(c => c.TranscriptAsync(chat.Id, Omar)));
        Assert.True((await _db.ChatAsync(c => c.SendAsync(chat.Id, Nadia, Guid.NewGuid(), "Hello, I am Nadia"))).Succeeded);
    }

    [Fact]
    public async Task Chats_are_transferred_only_to_agents()
    {
        var chat = await ActiveChatAsync();

        var toCustomer = await _db.ChatAsync(c => c.TransferAsync(chat.Id, Omar, _layla));
        var toNobody = await _db.ChatAsync(c => c.TransferAsync(chat.Id, Omar, "no-such-user"));
        var byOther = await _db.ChatAsync(c => c.TransferAsync(chat.Id, Nadia, _nadia));

        Assert.Equal(ChatError.NotAnAgent, toCustomer.Error);
        Assert.Equal(ChatError.NotAnAgent, toNobody.Error);
        Assert.Equal(ChatError.NotAllowed, byOther.Error);
        Assert.Equal(_omar, (await _db.ChatAsync(c => c.FindAsync(chat.Id)))!.AgentUserId);
    }

    [Fact]
    public async Task A_customer_cannot_read_or_write_another_customers_chat()
    {
        var chat = await ActiveChatAsync();
        await _db.ChatAsync(c => c.SendAsync(chat.Id, Sam, Guid.NewGuid(), "My address is private"));

        Assert.Null(await _db.ChatAsync(c => c.TranscriptAsync(chat.Id, Layla)));
        Assert.Null(await _db.ChatAsync(c => c.FindForAsync(chat.Id, Layla)));
        Assert.Equal(ChatError.NotAllowed, (await _db.ChatAsync(c => c.SendAsync(chat.Id, Layla, Guid.NewGuid(), "hi"))).Error);
        Assert.Equal(ChatError.NotAllowed, (await _db.ChatAsync(c => c.MarkReadAsync(chat.Id, Layla, 1))).Error);
        Assert.Equal(ChatError.NotAllowed, (await _db.ChatAsync(c => c.CloseAsync(chat.Id, Layla))).Error);
        // Nor can an agent the chat is not assigned to, once it is no longer waiting.
        Assert.Null(await _db.ChatAsync(c => c.TranscriptAsync(chat.Id, Nadia)));
    }

    [Fact]
    public async Task The_transcript_is_in_order_and_can_start_after_a_message()
    {
        var chat = await ActiveChatAsync();
        var first = await _db.ChatAsync(c => c.SendAsync(chat.Id, Sam, Guid.NewGuid(), "one"));
        await _db.ChatAsync(c => c.SendAsync(chat.Id, Omar, Guid.NewGuid(), "two"));
        await _db.ChatAsync(c => c.SendAsync(chat.Id, Sam, Guid.NewGuid(), "مرحبا three"));

        var all = await _db.ChatAsync(c => c.TranscriptAsync(chat.Id, Sam));
        var after = await _db.ChatAsync(c => c.TranscriptAsync(chat.Id, Omar, first.Value!.Message.Id));

        Assert.Equal([ChatService.JoinedEvent, "one", "two", "مرحبا three"], all!.Select(m => m.Body));
        Assert.Equal([ChatSender.System, ChatSender.Customer, ChatSender.Agent, ChatSender.Customer], all!.Select(m => m.Sender));
        Assert.Equal(["two", "مرحبا three"], after!.Select(m => m.Body));
    }

    [Fact]
    public async Task Read_markers_move_forward_only()
    {
        var chat = await ActiveChatAsync();
        var one = (await _db.ChatAsync(c => c.SendAsync(chat.Id, Omar, Guid.NewGuid(), "one"))).Value!.Message.Id;
        var two = (await _db.ChatAsync(c => c.SendAsync(chat.Id, Omar, Guid.NewGuid(), "two"))).Value!.Message.Id;

        var read = await _db.ChatAsync(c => c.MarkReadAsync(chat.Id, Sam, two));
        var stale = await _db.ChatAsync(c => c.MarkReadAsync(chat.Id, Sam, one));

        Assert.Equal(new ReadReceipt(chat.Id, ChatSender.Customer, two), read.Value);
        Assert.Null(stale.Value);
        Assert.Equal(two, (await _db.ChatAsync(c => c.FindAsync(chat.Id)))!.CustomerLastReadMessageId);
    }

    [Fact]
    public async Task Finished_chats_appear_in_the_customers_history_and_the_agents_active_list_holds_several()
    {
        var sam = await ActiveChatAsync();
        var layla = await StartAsync(_layla);
        await _db.ChatAsync(c => c.AcceptAsync(layla.Id, Omar));

        Assert.Equal([sam.Id, layla.Id], (await _db.ChatAsync(c => c.AgentChatsAsync(_omar))).Select(c => c.Id));
        Assert.Empty(await _db.ChatAsync(c => c.HistoryAsync(_sam)));

        await _db.ChatAsync(c => c.CloseAsync(sam.Id, Omar));

        var history = Assert.Single(await _db.ChatAsync(c => c.HistoryAsync(_sam)));
        Assert.Equal((sam.Id, ConversationStatus.Closed, "Omar Agent"), (history.Id, history.Status, history.AgentName));
        Assert.Equal([layla.Id], (await _db.ChatAsync(c => c.AgentChatsAsync(_omar))).Select(c => c.Id));
    }

    [Fact]
    public async Task A_closed_chat_takes_no_more_messages()
    {
        var chat = await ActiveChatAsync();
        await _db.ChatAsync(c => c.CloseAsync(chat.Id, Omar));

        Assert.Equal(ChatError.NotOpen, (await _db.ChatAsync(c => c.SendAsync(chat.Id, Sam, Guid.NewGuid(), "hello?"))).Error);
    }

    [Fact]
    public async Task Only_agents_accept_chats()
    {
        var chat = await StartAsync(_sam);

        Assert.Equal(ChatError.NotAnAgent, (await _db.ChatAsync(c => c.AcceptAsync(chat.Id, new ChatViewer(_layla, true)))).Error);
        Assert.Equal(ConversationStatus.Waiting, (await _db.ChatAsync(c => c.FindAsync(chat.Id)))!.Status);
    }
}
