using Microsoft.AspNetCore.SignalR.Client;
using Portal.Chat;
using Portal.Core.Chat;
using Portal.Core.Customers;
using Portal.Tests.Data;

namespace Portal.Tests.Chat;

/// <summary>The app on PostgreSQL with a bounded connection pool, as production runs it (the other tests open unpooled connections).</summary>
public sealed class SmallPoolPostgresFactory : PostgresPortalFactory
{
    public const int PoolSize = 4;

    protected override string PortalConnectionString(string connectionString) =>
        connectionString.Replace("Pooling=false", $"Pooling=true;Maximum Pool Size={PoolSize};Timeout=5", StringComparison.Ordinal);
}

public class ChatOnPostgresTests(SmallPoolPostgresFactory factory) : IClassFixture<SmallPoolPostgresFactory>
{
    [Fact]
    public async Task More_customers_writing_at_once_than_the_pool_has_connections_all_get_their_messages_stored_and_heard()
    {
        await using var agent = await factory.NewSignedInCustomerAsync("Omar Pool", Roles.Agent);
        await agent.ConnectAsync();
        var customers = new List<(ChatUser User, long Chat)>();
        try
        {
            // Twice the pool: each hub call holds a connection, and the message writer needs one of its own.
            for (var i = 0; i < SmallPoolPostgresFactory.PoolSize * 2; i++)
            {
                var customer = await factory.NewSignedInCustomerAsync($"Pool Customer {i}");
                var id = await customer.StartChatAsync();
                await customer.ConnectAsync();
                await customer.Hub.InvokeAsync<ChatStateDto>("Join", id);
                var accepted = customer.Hub.NextAsync<ChatConversationDto>("accepted");
                await agent.Hub.InvokeAsync<ChatStateDto>("Accept", id);
                await accepted;
                customers.Add((customer, id));
            }
            var heard = customers.Select(c => agent.Hub.NextAsync<ChatMessageDto>("message", m => m.ConversationId == c.Chat)).ToList();

            var sent = await Task.WhenAll(customers.Select(c =>
                c.User.Hub.InvokeAsync<ChatMessageDto>("SendMessage", c.Chat, Guid.NewGuid().ToString(), $"Hello from chat {c.Chat}")));

            Assert.All(customers.Zip(sent), x => Assert.Equal($"Hello from chat {x.First.Chat}", x.Second.Body));
            Assert.All(await Task.WhenAll(heard), m => Assert.Equal($"Hello from chat {m.ConversationId}", m.Body));
            foreach (var (user, chat) in customers)
            {
                var transcript = await factory.ChatAsync(s => s.TranscriptAsync(chat, new ChatViewer(user.UserId, false)));
                Assert.Single(transcript!, m => m.Body == $"Hello from chat {chat}");
            }
        }
        finally
        {
            foreach (var (user, _) in customers) await user.DisposeAsync();
        }
    }
}
