using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Localization;
using Portal.Core.Chat;

namespace Portal.Chat;

/// <summary>Each refusal as the user reads it, and its stable code for apps.</summary>
public static class ChatMessages
{
    /// <summary>Hub refusal codes beside <see cref="ChatError"/>'s: the hub itself turned the caller away.</summary>
    public const string SessionEndedCode = "session_ended";

    public static string For(IStringLocalizer s, ChatError error) => error switch
    {
        ChatError.NotFound => s["This chat was not found."],
        ChatError.NotAllowed => s["You cannot take part in this chat."],
        ChatError.AlreadyTaken => s["Another agent has already accepted this chat."],
        ChatError.NotOpen => s["This chat has ended."],
        ChatError.EmptyMessage => s["Write a message first."],
        ChatError.TooLong => s["The message is too long: at most 2,000 characters."],
        ChatError.CommentTooLong => s["The comment is too long: at most 1,000 characters."],
        ChatError.InvalidClientId => s["The message could not be sent. Reload the page and try again."],
        ChatError.NotAnAgent => s["Chats can only be transferred to a support agent."],
        ChatError.InvalidRating => s["Choose a rating from 1 to 5."],
        ChatError.AlreadyRated => s["You have already rated this chat."],
        ChatError.SessionEnded => s["Sign in again to continue."],
        _ => s["Something went wrong. Please try again."],
    };

    /// <summary>The stable code of a refusal (hub errors and API problems alike). Clients rely on them: add, never rename.</summary>
    public static string Code(ChatError error) => error switch
    {
        ChatError.NotFound => "chat_not_found",
        ChatError.NotAllowed => "chat_not_allowed",
        ChatError.AlreadyTaken => "chat_already_taken",
        ChatError.NotOpen => "chat_ended",
        ChatError.EmptyMessage => "message_empty",
        ChatError.TooLong => "message_too_long",
        ChatError.CommentTooLong => "comment_too_long",
        ChatError.InvalidClientId => "invalid_client_id",
        ChatError.NotAnAgent => "not_an_agent",
        ChatError.InvalidRating => "invalid_rating",
        ChatError.AlreadyRated => "already_rated",
        ChatError.SessionEnded => SessionEndedCode,
        _ => "chat_error",
    };

    /// <summary>
    /// The hub's one error convention: a <see cref="HubException"/> whose message is <c>"code: localized text"</c>
    /// (the code is lower-case letters and underscores, never translated). <see cref="Split"/> reads it back.
    /// </summary>
    public static HubException Refusal(IStringLocalizer s, ChatError error) => Refusal(Code(error), For(s, error));

    public static HubException Refusal(string code, string text) => new($"{code}: {text}");

    /// <summary>
    /// The code and the text of a hub error message as a client reads it (the SignalR clients put
    /// "… HubException: " before it); the code is null when the message has none.
    /// </summary>
    public static (string? Code, string Text) Split(string message)
    {
        const string Prefix = "HubException: ";
        var start = message.IndexOf(Prefix, StringComparison.Ordinal);
        if (start >= 0) message = message[(start + Prefix.Length)..];
        var colon = message.IndexOf(": ", StringComparison.Ordinal);
        if (colon <= 0 || !message[..colon].All(c => c is (>= 'a' and <= 'z') or '_')) return (null, message);
        return (message[..colon], message[(colon + 2)..]);
    }
}
