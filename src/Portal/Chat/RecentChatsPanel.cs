using Portal.Core.Chat;
using Portal.Core.Customers;
using Portal.Customers.Staff;

namespace Portal.Chat;

/// <summary>The customer's latest live chats on their staff profile and beside an agent's chat.</summary>
public sealed class RecentChatsPanel(ChatService chat) : ICustomerProfilePanel
{
    public const int Shown = 5;

    public string Id => "recent-chats";
    public string Title => "Recent chats";
    public string PartialName => "/Chat/Agent/_RecentChatsPanel.cshtml";
    public int Order => 50;

    public async Task<object?> LoadAsync(PersonDetails customer, CancellationToken ct) =>
        await chat.RecentAsync(customer.Id, Shown, ct);
}
