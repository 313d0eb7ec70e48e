using Portal.Core.Chat;
using Portal.Core.Tests.Infrastructure;

namespace Portal.Core.Tests.Chat;

public static class ChatKit
{
    /// <summary>The chat service in a fresh scope, like a fresh request.</summary>
    public static Task<T> ChatAsync<T>(this CoreDatabase db, Func<ChatService, Task<T>> use) => db.UseAsync(use);
}
