using Microsoft.Extensions.Localization;
using Portal.Core.Chat;

namespace Portal.Chat;

/// <summary>Each refusal as the user reads it.</summary>
public static class ChatMessages
{
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
        _ => s["Something went wrong. Please try again."],
    };
}
