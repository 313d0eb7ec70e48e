using System.Diagnostics;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Chat;
using Portal.Core.Customers;
using Portal.Core.Data;
using Portal.Core.Security;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Chat;

/// <summary>The rights read before every hub call (every chat message): one statement, and each lost right refused.</summary>
public class ChatRightsCheckTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private async Task<(string UserId, string SessionId)> PersonWithSessionAsync(params string[] roles)
    {
        var person = await Customers.PeopleTestData.NewCustomerAsync(factory, "Rania Rights");
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        if (roles.Length > 0) Assert.True((await users.AddToRolesAsync((await users.FindByIdAsync(person.Id))!, roles)).Succeeded);
        var session = await scope.ServiceProvider.GetRequiredService<SignInSessions>()
            .StartAsync(person.Id, SessionKind.Browser, "password", "203.0.113.9", "Mozilla/5.0 Firefox/130.0");
        return (person.Id, session.Id);
    }

    private async Task<(ChatAccess Access, int Statements)> CheckAsync(string userId, string sessionId, bool viaToken = false)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        await db.Database.OpenConnectionAsync();
        using var counter = new StatementCounter(db);
        var access = await scope.ServiceProvider.GetRequiredService<ChatRights>().CheckAsync(userId, sessionId, viaToken);
        return (access, counter.Count);
    }

    private Task ChangeAsync(Func<PortalDbContext, Task> change) =>
        factory.WithServiceAsync<int, PortalDbContext>(async db => { await change(db); return 0; });

    [Fact]
    public async Task An_agent_is_checked_in_one_statement_and_loses_access_with_the_session_the_lock_or_the_role()
    {
        var (agent, session) = await PersonWithSessionAsync(Roles.Agent);
        var (customer, customerSession) = await PersonWithSessionAsync();

        Assert.Equal((new ChatAccess(true, true), 1), await CheckAsync(agent, session));
        Assert.Equal(new ChatAccess(true, false), (await CheckAsync(agent, session, viaToken: true)).Access);
        Assert.Equal(new ChatAccess(true, false), (await CheckAsync(customer, customerSession)).Access);
        Assert.False((await CheckAsync(customer, session)).Access.Allowed);
        Assert.False((await CheckAsync(agent, "no-such-session")).Access.Allowed);

        await ChangeAsync(db => db.Users.Where(u => u.Id == agent).ExecuteUpdateAsync(u => u.SetProperty(x => x.LockoutEnd, factory.Clock.GetUtcNow().AddHours(1))));
        Assert.False((await CheckAsync(agent, session)).Access.Allowed);
        await ChangeAsync(db => db.Users.Where(u => u.Id == agent).ExecuteUpdateAsync(u => u.SetProperty(x => x.LockoutEnd, (DateTimeOffset?)null)));
        Assert.Equal(new ChatAccess(true, true), (await CheckAsync(agent, session)).Access);

        await ChangeAsync(db => db.UserRoles.Where(r => r.UserId == agent).ExecuteDeleteAsync());
        Assert.Equal(new ChatAccess(true, false), (await CheckAsync(agent, session)).Access);

        await ChangeAsync(db => db.Set<SignInSession>().Where(s => s.Id == session).ExecuteUpdateAsync(s => s.SetProperty(x => x.RevokedAtUtc, DateTime.UtcNow)));
        Assert.False((await CheckAsync(agent, session)).Access.Allowed);
    }

    /// <summary>Statements one context sends, from EF Core's diagnostics.</summary>
    private sealed class StatementCounter : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
    {
        private readonly DbContext _context;
        private readonly List<IDisposable> _subscriptions = [];
        private int _count;

        public StatementCounter(DbContext context)
        {
            _context = context;
            _subscriptions.Add(DiagnosticListener.AllListeners.Subscribe(this));
        }

        public int Count => _count;

        public void OnNext(DiagnosticListener listener)
        {
            if (listener.Name == DbLoggerCategory.Name) _subscriptions.Add(listener.Subscribe(this));
        }

        public void OnNext(KeyValuePair<string, object?> e)
        {
            if (e.Key == RelationalEventId.CommandExecuting.Name && e.Value is CommandEventData data && data.Context == _context)
                Interlocked.Increment(ref _count);
        }

        public void OnCompleted() { }

        public void OnError(Exception error) { }

        public void Dispose() => _subscriptions.ForEach(s => s.Dispose());
    }
}
