namespace Portal.Core.Chat;

public enum ConversationStatus { Waiting, Active, Closed, Abandoned }

public enum ChatSender { Customer, Agent, System }

/// <summary>
/// One live chat between a customer and (once accepted) one agent at a time:
/// Waiting → Active → Closed, or Waiting → Abandoned when the customer leaves the queue.
/// </summary>
public sealed class Conversation
{
    public const int MaxRatingComment = 1000;

    private Conversation() { }

    public Conversation(string customerUserId, DateTime nowUtc)
    {
        CustomerUserId = customerUserId;
        Status = ConversationStatus.Waiting;
        CreatedUtc = nowUtc;
    }

    public long Id { get; private set; }
    public string CustomerUserId { get; private set; } = "";
    public ConversationStatus Status { get; private set; }
    public string? AgentUserId { get; private set; }
    public DateTime CreatedUtc { get; private set; }
    public DateTime? AcceptedUtc { get; private set; }
    public DateTime? ClosedUtc { get; private set; }
    public int? Rating { get; private set; }
    public string? RatingComment { get; private set; }
    public DateTime? RatedUtc { get; private set; }

    /// <summary>The last message the customer has seen (read receipts for the agent's messages).</summary>
    public long? CustomerLastReadMessageId { get; private set; }

    /// <summary>The last message the agent side has seen (read receipts for the customer's messages).</summary>
    public long? AgentLastReadMessageId { get; private set; }

    /// <summary>Changes with every state change, so two agents accepting at once cannot both win.</summary>
    public int Version { get; private set; }

    public List<ChatTransfer> Transfers { get; private set; } = [];

    public bool IsOpen => Opens(Status);

    /// <summary>Waiting or active: messages may still be sent.</summary>
    public static bool Opens(ConversationStatus status) => status is ConversationStatus.Waiting or ConversationStatus.Active;

    internal bool Accept(string agentUserId, DateTime nowUtc)
    {
        if (Status != ConversationStatus.Waiting) return false;
        Status = ConversationStatus.Active;
        AgentUserId = agentUserId;
        AcceptedUtc = nowUtc;
        Version++;
        return true;
    }

    internal bool TransferTo(string toAgentUserId, DateTime nowUtc)
    {
        if (Status != ConversationStatus.Active || AgentUserId is null || AgentUserId == toAgentUserId) return false;
        Transfers.Add(new ChatTransfer(Id, AgentUserId, toAgentUserId, nowUtc));
        AgentUserId = toAgentUserId;
        Version++;
        return true;
    }

    internal bool Close(DateTime nowUtc)
    {
        switch (Status)
        {
            case ConversationStatus.Waiting: Status = ConversationStatus.Abandoned; break;
            case ConversationStatus.Active: Status = ConversationStatus.Closed; break;
            default: return false;
        }
        ClosedUtc = nowUtc;
        Version++;
        return true;
    }

    internal bool Rate(int rating, string? comment, DateTime nowUtc)
    {
        if (Status != ConversationStatus.Closed || Rating is not null) return false;
        Rating = rating;
        RatingComment = comment;
        RatedUtc = nowUtc;
        Version++;
        return true;
    }

    /// <summary>Read markers only move forward: a late receipt from another tab never un-reads.</summary>
    internal bool MarkRead(ChatSender side, long messageId)
    {
        if (side == ChatSender.Customer)
        {
            if (CustomerLastReadMessageId >= messageId) return false;
            CustomerLastReadMessageId = messageId;
        }
        else
        {
            if (AgentLastReadMessageId >= messageId) return false;
            AgentLastReadMessageId = messageId;
        }
        return true;
    }
}

/// <summary>A chat handed from one agent to another.</summary>
public sealed class ChatTransfer
{
    private ChatTransfer() { }

    public ChatTransfer(long conversationId, string fromAgentUserId, string toAgentUserId, DateTime atUtc)
    {
        ConversationId = conversationId;
        FromAgentUserId = fromAgentUserId;
        ToAgentUserId = toAgentUserId;
        AtUtc = atUtc;
    }

    public long Id { get; private set; }
    public long ConversationId { get; private set; }
    public string FromAgentUserId { get; private set; } = "";
    public string ToAgentUserId { get; private set; } = "";
    public DateTime AtUtc { get; private set; }
}

/// <summary>
/// One message. <see cref="ClientId"/> is made by the sender's browser: sending again with the same one (a retry
/// after a dropped connection) finds the stored message instead of adding a second.
/// </summary>
public sealed class ChatMessage
{
    public const int MaxBodyLength = 2000;

    private ChatMessage() { }

    public ChatMessage(long conversationId, ChatSender sender, string? senderUserId, string senderName, string body, DateTime sentUtc, Guid clientId)
    {
        ConversationId = conversationId;
        Sender = sender;
        SenderUserId = senderUserId;
        SenderName = senderName;
        Body = body;
        SentUtc = sentUtc;
        ClientId = clientId;
    }

    public long Id { get; private set; }
    public long ConversationId { get; private set; }
    public ChatSender Sender { get; private set; }
    public string? SenderUserId { get; private set; }
    public string SenderName { get; private set; } = "";
    public string Body { get; private set; } = "";
    public DateTime SentUtc { get; private set; }
    public Guid ClientId { get; private set; }
}
