using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Customers;
using Portal.Core.Data;

namespace Portal.Benchmarks.Chat;

/// <summary>
/// <c>chat-load</c>: N customer/agent pairs, each with its own hub connection (2N in all), talk for a fixed time.
/// Each pair plays ping-pong: the customer writes, the agent answers as soon as the message arrives, the customer
/// hears the answer, then both wait <c>--interval</c> and start again. Per message: the time from calling
/// <c>SendMessage</c> to the other side's <c>message</c> event (one clock: both sides run in this process). A message
/// the server stored (the call returned) that the other side did not hear within 10 s is lost.
/// Customers use the app's way in (API token, <c>POST /api/customer-id/chat</c>, the hub with <c>access_token</c>);
/// agents the website's (sign-in form cookie, the hub, <c>Accept</c>). With <c>--agents-url</c> the agents are on
/// another instance, so every message crosses the Redis backplane.
/// </summary>
public static partial class ChatLoad
{
    public const string Usage = """
        Usage: dotnet run -c Release --project bench/Portal.Benchmarks chat-load --base-url http://127.0.0.1:5080
                 --database /var/tmp/chat.db [--agents-url http://127.0.0.1:5081] [--pairs 500] [--duration 60]
                 [--interval 1000] [--connect-parallel 8]
        --database is the portal's SQLite file, or its PostgreSQL connection string ("Host=…;Database=…").
        The portal(s) must run on that database with RateLimits:AuthPermitsPerMinute and
        RateLimits:SignInPerAccountPerMinute high enough for 2 x pairs sign-ins.
        """;

    public const string Password = "Chat-Load-2026!";

    private sealed record Options(Uri BaseUrl, Uri AgentsUrl, string Database, int Pairs, TimeSpan Duration, TimeSpan Interval, int Parallel);

    private sealed class Pair
    {
        public required int Index { get; init; }
        public required string CustomerEmail { get; init; }
        public required string AgentEmail { get; init; }
        public HubConnection? Customer { get; set; }
        public HubConnection? Agent { get; set; }
        public long ConversationId { get; set; }
    }

    private static readonly TimeSpan LostAfter = TimeSpan.FromSeconds(10);
    private static readonly Stopwatch Clock = Stopwatch.StartNew();

    // "C|body": the customer is waiting for it; "A|body": the agent is.
    private static readonly ConcurrentDictionary<string, TaskCompletionSource<double>> Expected = new();

    public static async Task<int> RunAsync(string[] args)
    {
        if (Parse(args) is not { } options)
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }
        var run = DateTime.UtcNow.ToString("HHmmss", CultureInfo.InvariantCulture);
        var crossing = options.AgentsUrl != options.BaseUrl;
        Console.WriteLine($"chat-load: {options.Pairs} pairs ({options.Pairs * 2} hub connections), customers on {options.BaseUrl}, agents on {options.AgentsUrl}" +
                          (crossing ? " (through the Redis backplane)" : "") + $"; {options.Duration.TotalSeconds:N0} s, {options.Interval.TotalMilliseconds:N0} ms between rounds");
        Console.WriteLine($"Load average at start (1, 5, 15 min): {LoadAverage()}");

        var setup = Stopwatch.StartNew();
        var pairs = await CreateAccountsAsync(options, run);
        Console.WriteLine($"Accounts: {pairs.Count * 2:N0} made in {options.Database} in {setup.Elapsed.TotalSeconds:F1} s");
        setup.Restart();
        try
        {
            var failures = 0;
            await ForEachAsync(pairs, options.Parallel, async pair =>
            {
                try { await ConnectAsync(pair, options); }
                catch (Exception e) when (e is HttpRequestException or InvalidOperationException or Microsoft.AspNetCore.SignalR.HubException or TimeoutException)
                {
                    if (Interlocked.Increment(ref failures) <= 3) Console.WriteLine($"pair {pair.Index}: {e.Message}");
                }
            });
            Console.WriteLine($"Signed in, connected and paired: {pairs.Count - failures:N0} of {pairs.Count:N0} pairs in {setup.Elapsed.TotalSeconds:F1} s");
            if (failures > 0)
            {
                Console.WriteLine($"FAILED: {failures} pairs could not be set up");
                return 1;
            }

            var result = await TalkAsync(pairs, options);
            var latencies = result.Latencies.Order().ToList();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{result.Delivered:N0} messages delivered in {result.Seconds:F0} s ({result.Delivered / result.Seconds:N0}/s); delivery p50 {Percentile(latencies, 50):F1} ms, " +
                $"p99 {Percentile(latencies, 99):F1} ms, max {(latencies.Count == 0 ? 0 : latencies[^1]):F0} ms; lost {result.Lost:N0}; send errors {result.SendErrors:N0}"));
            if (result.FirstError is not null) Console.WriteLine($"First send error: {result.FirstError}");
            Console.WriteLine($"Load average now: {LoadAverage()}");
            return result.Lost == 0 && result.SendErrors == 0 ? 0 : 1;
        }
        finally
        {
            // Close the chats (a customer holds one open chat at most) and the connections.
            await ForEachAsync(pairs, options.Parallel, async pair =>
            {
                try
                {
                    if (pair.Customer is { State: HubConnectionState.Connected } c && pair.ConversationId > 0) await c.InvokeAsync("Close", pair.ConversationId);
                }
                catch (Exception e) when (e is Microsoft.AspNetCore.SignalR.HubException or InvalidOperationException) { }
                if (pair.Customer is not null) await pair.Customer.DisposeAsync();
                if (pair.Agent is not null) await pair.Agent.DisposeAsync();
            });
        }
    }

    private sealed record Result(long Delivered, long Lost, long SendErrors, string? FirstError, double Seconds, List<double> Latencies);

    private static async Task<Result> TalkAsync(List<Pair> pairs, Options options)
    {
        long delivered = 0, lost = 0, errors = 0;
        string? firstError = null;
        var latencies = new ConcurrentBag<double>();
        var started = Clock.Elapsed;
        var stopAt = started + options.Duration;

        async Task SendAsync(HubConnection from, string receiver, long conversationId, string body)
        {
            var waiting = new TaskCompletionSource<double>(TaskCreationOptions.RunContinuationsAsynchronously);
            Expected[receiver + "|" + body] = waiting;
            var sentAt = Clock.Elapsed.TotalMilliseconds;
            try
            {
                await from.InvokeAsync<JsonElement>("SendMessage", conversationId, Guid.NewGuid().ToString(), body);
            }
            catch (Exception e) when (e is Microsoft.AspNetCore.SignalR.HubException or InvalidOperationException or TaskCanceledException)
            {
                Expected.TryRemove(receiver + "|" + body, out _);
                Interlocked.Increment(ref errors);
                Interlocked.CompareExchange(ref firstError, e.Message, null);
                return;
            }
            var heard = await Task.WhenAny(waiting.Task, Task.Delay(LostAfter));
            if (heard == waiting.Task)
            {
                latencies.Add(waiting.Task.Result - sentAt);
                Interlocked.Increment(ref delivered);
            }
            else
            {
                Expected.TryRemove(receiver + "|" + body, out _);
                Interlocked.Increment(ref lost);
            }
        }

        await Task.WhenAll(pairs.Select(async pair =>
        {
            // Spread the pairs over the first interval instead of starting all at once.
            await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * options.Interval.TotalMilliseconds));
            for (var round = 1; Clock.Elapsed < stopAt; round++)
            {
                await SendAsync(pair.Customer!, "A", pair.ConversationId, $"Hello {pair.Index}/{round}");
                await SendAsync(pair.Agent!, "C", pair.ConversationId, $"Answer {pair.Index}/{round}");
                await Task.Delay(options.Interval);
            }
        }));
        return new Result(delivered, lost, errors, firstError, (Clock.Elapsed - started).TotalSeconds, [.. latencies]);
    }

    private static void Listen(HubConnection hub, string side) =>
        hub.On<JsonElement>("message", m =>
        {
            var at = Clock.Elapsed.TotalMilliseconds;
            if (m.TryGetProperty("body", out var body) && Expected.TryRemove(side + "|" + body.GetString(), out var waiting)) waiting.TrySetResult(at);
        });

    private static async Task ConnectAsync(Pair pair, Options options)
    {
        // The agent: the sign-in form's cookie, then the hub with it.
        var agentCookies = new CookieContainer();
        using var agentHttp = new HttpClient(new HttpClientHandler { CookieContainer = agentCookies, AllowAutoRedirect = false }) { BaseAddress = options.AgentsUrl };
        await SignInWithFormAsync(agentHttp, agentCookies, options.AgentsUrl, pair.AgentEmail);
        var cookie = agentCookies.GetCookieHeader(options.AgentsUrl);
        pair.Agent = new HubConnectionBuilder().WithUrl(new Uri(options.AgentsUrl, "/hubs/chat"), o => o.Headers["Cookie"] = cookie).Build();
        Listen(pair.Agent, "A");
        await pair.Agent.StartAsync();

        // The customer: an API token, a chat started through the API, the hub with the token.
        using var api = new HttpClient { BaseAddress = options.BaseUrl };
        using var login = await api.PostAsJsonAsync("/api/customer-id/auth/login", new { email = pair.CustomerEmail, password = Password });
        if (!login.IsSuccessStatusCode) throw new InvalidOperationException($"API sign-in answered {(int)login.StatusCode}: {await login.Content.ReadAsStringAsync()}");
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var start = await api.PostAsync("/api/customer-id/chat", null);
        if (!start.IsSuccessStatusCode) throw new InvalidOperationException($"starting a chat answered {(int)start.StatusCode}: {await start.Content.ReadAsStringAsync()}");
        pair.ConversationId = (await start.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        pair.Customer = new HubConnectionBuilder().WithUrl(new Uri(options.BaseUrl, "/hubs/chat"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(token)).Build();
        Listen(pair.Customer, "C");
        await pair.Customer.StartAsync();

        await pair.Agent.InvokeAsync<JsonElement>("Accept", pair.ConversationId);
    }

    private static async Task SignInWithFormAsync(HttpClient http, CookieContainer cookies, Uri baseUrl, string email)
    {
        using var form = await http.GetAsync("/account/login");
        var token = AntiforgeryToken().Match(await form.Content.ReadAsStringAsync());
        if (!token.Success) throw new InvalidOperationException($"GET /account/login answered {(int)form.StatusCode} without an antiforgery token");
        using var post = await http.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = Password,
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value),
        }));
        if (post.StatusCode != HttpStatusCode.Redirect || !cookies.GetCookies(baseUrl).Any(c => c.Name == ".Portal.Auth"))
            throw new InvalidOperationException($"the sign-in form answered {(int)post.StatusCode} without the auth cookie (rate limits?)");
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    /// <summary>
    /// Fresh accounts for this run (customers and agents), written straight into the portal's SQLite file with one
    /// password hash made by the app's hasher settings, as the seed command does.
    /// </summary>
    private static async Task<List<Pair>> CreateAccountsAsync(Options options, string run)
    {
        var services = new ServiceCollection().AddLogging();
        // A connection string is PostgreSQL's; a path is a SQLite file.
        if (IsPostgres(options.Database))
            services.AddDbContext<PortalDbContext, PostgresPortalDbContext>(o => o.UseNpgsql(options.Database));
        else
            services.AddDbContext<PortalDbContext, SqlitePortalDbContext>(o => o
                .UseSqlite(new SqliteConnectionStringBuilder { DataSource = options.Database }.ToString())
                .AddInterceptors(new SqliteBusyTimeout()));
        await using var provider = services.BuildServiceProvider();
        await using var scope = provider.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var roles = await db.Roles.Where(r => r.Name == Roles.Customer || r.Name == Roles.Agent).ToDictionaryAsync(r => r.Name!, r => r.Id);
        var hash = new PasswordHasher<PortalUser>(Microsoft.Extensions.Options.Options.Create(new PasswordHasherOptions { IterationCount = 210_000 }))
            .HashPassword(new PortalUser(), Password);
        var numbers = new HashSet<string>();
        while (numbers.Count < options.Pairs * 2) numbers.Add(CustomerNumber.NewRandom().Value);
        var pairs = new List<Pair>();
        var queue = new Queue<string>(numbers);
        PortalUser User(string email, string name) => new()
        {
            UserName = email, NormalizedUserName = email.ToUpperInvariant(), Email = email, NormalizedEmail = email.ToUpperInvariant(),
            EmailConfirmed = true, PasswordHash = hash, SecurityStamp = Guid.NewGuid().ToString("N"), ConcurrencyStamp = Guid.NewGuid().ToString(),
            LockoutEnabled = true, DisplayName = name, CustomerNumber = queue.Dequeue(), PreferredLanguage = Languages.English,
            MemberSinceUtc = DateTime.UtcNow,
        };
        for (var i = 0; i < options.Pairs; i++)
        {
            var customer = User($"chat{run}-c{i}@bench.local", $"Chat Customer {i}");
            var agent = User($"chat{run}-a{i}@bench.local", $"Chat Agent {i}");
            db.Users.AddRange(customer, agent);
            db.UserRoles.AddRange(new IdentityUserRole<string> { UserId = customer.Id, RoleId = roles[Roles.Customer] },
                new IdentityUserRole<string> { UserId = agent.Id, RoleId = roles[Roles.Agent] });
            pairs.Add(new Pair { Index = i, CustomerEmail = customer.Email!, AgentEmail = agent.Email! });
        }
        await db.SaveChangesAsync();
        return pairs;
    }

    private static async Task ForEachAsync<T>(IEnumerable<T> items, int parallel, Func<T, Task> body) =>
        await Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (item, _) => await body(item));

    private static double Percentile(List<double> sorted, double percent) =>
        sorted.Count == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(percent / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(", ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static bool IsPostgres(string database) => database.Contains('=');

    private static Options? Parse(string[] args)
    {
        Uri? baseUrl = null, agentsUrl = null;
        string? database = null;
        int pairs = 500, duration = 60, interval = 1000, parallel = 8;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = args[i + 1];
            switch (args[i])
            {
                case "--base-url" when Uri.TryCreate(value, UriKind.Absolute, out var uri): baseUrl = uri; break;
                case "--agents-url" when Uri.TryCreate(value, UriKind.Absolute, out var uri): agentsUrl = uri; break;
                case "--database": database = IsPostgres(value) ? value : Path.GetFullPath(value); break;
                case "--pairs" when int.TryParse(value, CultureInfo.InvariantCulture, out var n) && n > 0: pairs = n; break;
                case "--duration" when int.TryParse(value, CultureInfo.InvariantCulture, out var n) && n > 0: duration = n; break;
                case "--interval" when int.TryParse(value, CultureInfo.InvariantCulture, out var n) && n >= 0: interval = n; break;
                case "--connect-parallel" when int.TryParse(value, CultureInfo.InvariantCulture, out var n) && n > 0: parallel = n; break;
                default: return null;
            }
        }
        if (args.Length % 2 != 0 || baseUrl is null || database is null || (!IsPostgres(database) && !File.Exists(database))) return null;
        return new Options(baseUrl, agentsUrl ?? baseUrl, database, pairs, TimeSpan.FromSeconds(duration), TimeSpan.FromMilliseconds(interval), parallel);
    }
}
