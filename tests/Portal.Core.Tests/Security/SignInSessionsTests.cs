using Portal.Core.Security;
using Portal.Core.Tests.Infrastructure;

namespace Portal.Core.Tests.Security;

public class SignInSessionsTests
{
    [Fact]
    public async Task A_browser_session_idle_longer_than_the_timeout_is_closed_but_one_used_just_in_time_is_open()
    {
        await using var db = await CoreDatabase.CreateAsync();
        var user = await db.AddPersonAsync("Sam");
        var session = await db.UseAsync<SignInSessions, SignInSession>(s => s.StartAsync(user, SessionKind.Browser, "password", "198.51.100.1", null));
        var idle = new SessionOptions().BrowserIdleTimeout;

        db.Clock.Advance(idle - TimeSpan.FromSeconds(1));
        Assert.True(await db.UseAsync<SignInSessions, bool>(s => s.IsActiveAsync(user, session.Id, null)));
        db.Clock.Advance(idle - TimeSpan.FromSeconds(1));
        Assert.True(await db.UseAsync<SignInSessions, bool>(s => s.IsActiveAsync(user, session.Id, null)));
        db.Clock.Advance(idle);
        Assert.False(await db.UseAsync<SignInSessions, bool>(s => s.IsActiveAsync(user, session.Id, null)));
    }

    [Fact]
    public async Task A_session_ends_at_its_absolute_lifetime_however_busy()
    {
        await using var db = await CoreDatabase.CreateAsync();
        var user = await db.AddPersonAsync("Sam");
        var session = await db.UseAsync<SignInSessions, SignInSession>(s => s.StartAsync(user, SessionKind.Browser, "password", null, null));
        var options = new SessionOptions();

        for (var used = TimeSpan.Zero; used < options.BrowserLifetime - TimeSpan.FromDays(1); used += TimeSpan.FromDays(1))
        {
            db.Clock.Advance(TimeSpan.FromDays(1));
            Assert.True(await db.UseAsync<SignInSessions, bool>(s => s.IsActiveAsync(user, session.Id, null)));
        }
        db.Clock.Advance(TimeSpan.FromDays(1));
        Assert.False(await db.UseAsync<SignInSessions, bool>(s => s.IsActiveAsync(user, session.Id, null)));
    }

    [Fact]
    public async Task A_session_id_is_only_ever_its_owners()
    {
        await using var db = await CoreDatabase.CreateAsync();
        var owner = await db.AddPersonAsync("Sam");
        var other = await db.AddPersonAsync("Layla");
        var session = await db.UseAsync<SignInSessions, SignInSession>(s => s.StartAsync(owner, SessionKind.Browser, "password", null, null));

        Assert.False(await db.UseAsync<SignInSessions, bool>(s => s.IsActiveAsync(other, session.Id, null)));
        Assert.False(await db.UseAsync<SignInSessions, bool>(s => s.EndAsync(other, session.Id, SessionEndReasons.SignedOutByUser)));
        Assert.True(await db.UseAsync<SignInSessions, bool>(s => s.IsActiveAsync(owner, session.Id, null)));
    }

    [Fact]
    public async Task Two_refreshes_racing_with_one_token_leave_one_winner_and_end_the_family()
    {
        await using var db = await CoreDatabase.CreateAsync();
        var user = await db.AddPersonAsync("Sam");
        var session = await db.UseAsync<SignInSessions, SignInSession>(s => s.StartAsync(user, SessionKind.App, "password", null, "Dart/3.5 (dart:io)"));

        var results = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ =>
            db.UseAsync<SignInSessions, RefreshResult>(s => s.RotateRefreshTokenAsync(user, session.Id, session.RefreshTokenId!, null, null))));

        Assert.Single(results, r => r.Outcome == RefreshOutcome.Rotated);
        Assert.Single(results, r => r.Outcome == RefreshOutcome.Reused);
        Assert.False(await db.UseAsync<SignInSessions, bool>(s => s.IsActiveAsync(user, session.Id, null)));
        Assert.Single(await db.OutboxAsync(nameof(RefreshTokenReused)));
    }

    [Fact]
    public async Task A_sign_in_from_a_browser_never_seen_on_the_account_is_a_new_device()
    {
        await using var db = await CoreDatabase.CreateAsync();
        var user = await db.AddPersonAsync("Sam");
        const string chrome = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
        const string chromeUpdated = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/132.0.0.0 Safari/537.36";
        const string android = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36";

        foreach (var ua in new[] { chrome, chromeUpdated, android })
            await db.UseAsync<SignInSessions, SignInSession>(s => s.StartAsync(user, SessionKind.Browser, "password", null, ua));

        var events = await db.OutboxAsync(nameof(Portal.Core.Customers.SignInSucceeded));
        Assert.Equal([false, false, true], events.OrderBy(e => e.Id).Select(e => e.Payload.Contains("\"NewDevice\":true")).ToArray());
    }

    [Theory]
    [InlineData("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0", "Edge", "Windows")]
    [InlineData("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15", "Safari", "macOS")]
    [InlineData("Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36", "Samsung Internet", "Android")]
    [InlineData("Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/131.0.6778.73 Mobile/15E148 Safari/604.1", "Chrome", "iPhone")]
    [InlineData("Dart/3.5 (dart:io)", "App", null)]
    [InlineData("curl/8.5.0", null, null)]
    public void A_user_agent_reads_as_browser_and_system(string userAgent, string? browser, string? system) =>
        Assert.Equal(new DeviceName(browser, system), UserAgents.Describe(userAgent));
}
