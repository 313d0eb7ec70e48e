using Microsoft.AspNetCore.Identity;
using Portal.Core.Chat;
using Portal.Core.Customers;
using Portal.Core.Security;

namespace Portal.Core.Tests.Chat;

/// <summary>A message from a live connection is stored only while its sender still has the rights the connection opened with.</summary>
public class LiveSendTests : IAsyncLifetime
{
    private CoreDatabase _db = null!;
    private string _sam = "";
    private string _omar = "";
    private string _samSession = "";
    private string _omarSession = "";
    private long _chat;

    private ChatViewer Sam => new(_sam, false);
    private ChatViewer Omar => new(_omar, true);

    public async Task InitializeAsync()
    {
        _db = await CoreDatabase.CreateAsync();
        _sam = await _db.AddPersonAsync("Sam Live");
        _omar = await _db.AddPersonAsync("Omar Live", roles: [Roles.Agent]);
        _samSession = await SignInAsync(_sam);
        _omarSession = await SignInAsync(_omar);
        _chat = (await _db.ChatAsync(c => c.StartAsync(_sam))).Id;
        Assert.True((await _db.ChatAsync(c => c.AcceptAsync(_chat, Omar))).Succeeded);
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private Task<string> SignInAsync(string userId) =>
        _db.UseAsync<SignInSessions, string>(async s => (await s.StartAsync(userId, SessionKind.Browser, "password", null, null)).Id);

    private Task<ChatResult<SentMessage>> SendAsync(ChatViewer sender, string session, string body, Guid? clientId = null) =>
        _db.ChatAsync(c => c.SendLiveAsync(_chat, sender, session, clientId ?? Guid.NewGuid(), body));

    private Task<int> StoredAsync(string body) => _db.CountAsync<ChatMessage>(m => m.Where(x => x.Body == body));

    [Fact]
    public async Task With_its_rights_a_live_message_is_stored_under_the_senders_name()
    {
        var sent = await SendAsync(Sam, _samSession, "Hello");

        Assert.True(sent.Value!.IsNew);
        Assert.Equal("Sam Live", sent.Value.Message.SenderName);
        Assert.Equal(ChatSender.Customer, sent.Value.Message.Sender);
    }

    [Fact]
    public async Task After_the_session_ended_the_next_message_is_refused_and_not_stored()
    {
        Assert.True((await SendAsync(Sam, _samSession, "First")).Succeeded);
        await _db.UseAsync<SignInSessions, bool>(s => s.EndAsync(_sam, _samSession, SessionEndReasons.SignedOut));

        Assert.Equal(ChatError.SessionEnded, (await SendAsync(Sam, _samSession, "Second")).Error);
        Assert.Equal(0, await StoredAsync("Second"));
    }

    [Fact]
    public async Task Another_persons_session_does_not_carry_the_sender()
    {
        Assert.Equal(ChatError.SessionEnded, (await SendAsync(Sam, _omarSession, "Borrowed")).Error);
        Assert.Equal(0, await StoredAsync("Borrowed"));
    }

    [Fact]
    public async Task A_locked_account_cannot_send()
    {
        await _db.UseAsync<UserManager<PortalUser>, IdentityResult>(async users =>
            await users.SetLockoutEndDateAsync((await users.FindByIdAsync(_sam))!, CoreDatabase.Start.AddDays(1)));

        Assert.Equal(ChatError.SessionEnded, (await SendAsync(Sam, _samSession, "Locked out")).Error);
        Assert.Equal(0, await StoredAsync("Locked out"));
    }

    [Fact]
    public async Task An_agent_connection_cannot_send_once_the_agent_role_is_removed()
    {
        Assert.True((await SendAsync(Omar, _omarSession, "How can I help?")).Succeeded);
        await _db.UseAsync<UserManager<PortalUser>, IdentityResult>(async users =>
            await users.RemoveFromRoleAsync((await users.FindByIdAsync(_omar))!, Roles.Agent));

        Assert.Equal(ChatError.SessionEnded, (await SendAsync(Omar, _omarSession, "Still me")).Error);
        Assert.Equal(0, await StoredAsync("Still me"));
    }

    [Fact]
    public async Task Lost_rights_are_told_before_anything_about_the_message()
    {
        var clientId = Guid.NewGuid();
        Assert.True((await SendAsync(Sam, _samSession, "Once", clientId)).Succeeded);
        await _db.UseAsync<SignInSessions, bool>(s => s.EndAsync(_sam, _samSession, SessionEndReasons.SignedOut));

        Assert.Equal(ChatError.SessionEnded, (await SendAsync(Sam, _samSession, "   ")).Error);
        Assert.Equal(ChatError.SessionEnded, (await SendAsync(Sam, _samSession, "x", Guid.Empty)).Error);
        Assert.Equal(ChatError.SessionEnded, (await SendAsync(Sam, _samSession, "Once", clientId)).Error);
    }

    [Fact]
    public async Task With_its_rights_the_send_checks_answer_as_without_them()
    {
        var clientId = Guid.NewGuid();
        var first = await SendAsync(Sam, _samSession, "Once", clientId);

        var retry = await SendAsync(Sam, _samSession, "Once", clientId);
        Assert.Equal((first.Value!.Message.Id, false), (retry.Value!.Message.Id, retry.Value.IsNew));
        Assert.Equal(ChatError.EmptyMessage, (await SendAsync(Sam, _samSession, "   ")).Error);
        Assert.Equal(ChatError.TooLong, (await SendAsync(Sam, _samSession, new string('a', ChatMessage.MaxBodyLength + 1))).Error);
        Assert.Equal(ChatError.InvalidClientId, (await SendAsync(Sam, _samSession, "x", Guid.Empty)).Error);
        Assert.Equal(ChatError.NotFound, (await _db.ChatAsync(c => c.SendLiveAsync(_chat + 1000, Sam, _samSession, Guid.NewGuid(), "Nowhere"))).Error);
        var other = await _db.AddPersonAsync("Layla Live");
        var otherSession = await SignInAsync(other);
        Assert.Equal(ChatError.NotAllowed, (await SendAsync(new ChatViewer(other, false), otherSession, "Let me in")).Error);
        Assert.True((await _db.ChatAsync(c => c.CloseAsync(_chat, Sam))).Succeeded);
        Assert.Equal(ChatError.NotOpen, (await SendAsync(Sam, _samSession, "After closing")).Error);
    }
}
