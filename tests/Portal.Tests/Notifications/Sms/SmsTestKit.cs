using System.Collections.Concurrent;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Customers;
using Portal.Core.Notifications.Sms;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Notifications.Sms;

/// <summary>The app with texts written as files to a folder of its own (no gateway URL).</summary>
public class SmsFilePortalFactory : PortalFactory
{
    public string SmsDirectory => Path.Combine(DataDirectory, "sms");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Sms:PickupDirectory", SmsDirectory);
    }

    /// <summary>The newest text to <paramref name="to"/>.</summary>
    public (string To, string Id, string Text)? LastTextTo(string to) =>
        !Directory.Exists(SmsDirectory) ? null
            : Directory.GetFiles(SmsDirectory, "*.txt").OrderByDescending(f => Path.GetFileName(f), StringComparer.Ordinal)
                .Select(FileSmsGateway.Read).Cast<(string To, string Id, string Text)?>().FirstOrDefault(m => m!.Value.To == to);

    public string LastCodeTo(string to) => Regex.Match(LastTextTo(to)?.Text ?? "", @"\d{6}").Value;
}

/// <summary>The app pointed at <see cref="Listener"/>, a local HTTP server standing in for the SMS provider.</summary>
public sealed class SmsGatewayPortalFactory : PortalFactory
{
    public const string ApiKey = "test-sms-key";

    public SmsListener Listener { get; } = SmsListener.Start();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Sms:Url", Listener.Url);
        builder.UseSetting("Sms:AuthHeaderName", "X-Api-Key");
        builder.UseSetting("Sms:AuthHeaderValue", ApiKey);
        builder.UseSetting("Sms:SenderId", "Portal");
        builder.UseSetting("Sms:BodyTemplate", """{"messages":[{"destination":"{to}","source":"{from}","body":"{text}","ref":"{id}"}]}""");
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Listener.DisposeAsync();
    }
}

/// <summary>An in-process HTTP server on 127.0.0.1 and a free port: records each POST; can answer 503.</summary>
public sealed class SmsListener : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _failNext;

    public sealed record Received(string Body, string? ContentType, string? ApiKey, string? IdempotencyKey, int Answered);

    public ConcurrentQueue<Received> Requests { get; } = new();
    public string Url { get; }

    public int FailNext { set => Interlocked.Exchange(ref _failNext, value); }

    private SmsListener()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        _app = builder.Build();
        _app.MapPost("/sms/send", async (HttpContext http) =>
        {
            var body = await new StreamReader(http.Request.Body).ReadToEndAsync();
            var status = Interlocked.Decrement(ref _failNext) >= 0 ? 503 : 202;
            Requests.Enqueue(new Received(body, http.Request.ContentType, http.Request.Headers["X-Api-Key"], http.Request.Headers["Idempotency-Key"], status));
            return Results.StatusCode(status);
        });
        _app.StartAsync().GetAwaiter().GetResult();
        Url = _app.Urls.Single() + "/sms/send";
    }

    public static SmsListener Start() => new();

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}

public static class SmsTestKit
{
    /// <summary>Gives the customer a verified phone, as a right code would.</summary>
    public static async Task VerifyPhoneAsync(this PortalFactory factory, string customerId, string phone)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var user = (await users.FindByIdAsync(customerId))!;
        (user.PhoneNumber, user.PhoneNumberConfirmed) = (phone, true);
        await users.UpdateAsync(user);
    }
}
