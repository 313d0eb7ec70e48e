using System.Collections.Concurrent;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Portal.Core.Customers;
using Portal.Core.Data;
using Portal.Core.Notifications.Sms;
using Portal.Core.Tests.Infrastructure;

namespace Portal.Core.Tests.Notifications.Sms;

/// <summary>Phone verification over the shared <see cref="CoreDatabase"/>; texts land in <see cref="Texts"/>.</summary>
public sealed class SmsKit : IAsyncDisposable
{
    private SmsKit(CoreDatabase db, RecordingSmsGateway texts) => (Db, Texts) = (db, texts);

    public CoreDatabase Db { get; }
    public RecordingSmsGateway Texts { get; }
    public ManualClock Clock => Db.Clock;

    public static async Task<SmsKit> CreateAsync(Action<IServiceCollection>? configure = null)
    {
        var texts = new RecordingSmsGateway();
        var db = await CoreDatabase.CreateAsync(configure: s =>
        {
            s.AddSms(new SmsOptions());
            s.Replace(ServiceDescriptor.Singleton<ISmsGateway>(texts));
            configure?.Invoke(s);
        });
        return new SmsKit(db, texts);
    }

    public Task<string> AddCustomerAsync(string? phone = null) => Db.AddPersonAsync("Layla Haddad", phone: phone);

    public Task<PhoneVerificationResult> RequestAsync(string customerId, string phone = "050 123 4567") =>
        Db.UseAsync<PhoneVerificationService, PhoneVerificationResult>(v => v.RequestCodeAsync(customerId, phone));

    public Task<PhoneVerificationResult> ConfirmAsync(string customerId, string code) =>
        Db.UseAsync<PhoneVerificationService, PhoneVerificationResult>(v => v.ConfirmAsync(customerId, code));

    public Task<PhoneVerificationStatus> StatusAsync(string customerId) =>
        Db.UseAsync<PhoneVerificationService, PhoneVerificationStatus>(v => v.StatusAsync(customerId));

    /// <summary>The code in the last text to <paramref name="to"/>.</summary>
    public string LastCode(string to = "+966501234567") =>
        System.Text.RegularExpressions.Regex.Match(Texts.Sent.Last(t => t.To == to).Text, @"\b\d{6}\b").Value;

    /// <summary>A six-digit code that is not the right one.</summary>
    public string WrongCode(string to = "+966501234567") => LastCode(to) == "000000" ? "111111" : "000000";

    public Task<PhoneVerificationState?> StateAsync(string customerId) =>
        Db.UseAsync(sp => sp.GetRequiredService<PortalDbContext>().Set<PhoneVerificationState>().AsNoTracking().SingleOrDefaultAsync(s => s.CustomerId == customerId));

    public Task<PortalUser> UserAsync(string customerId) => Db.PersonAsync(customerId);

    public ValueTask DisposeAsync() => Db.DisposeAsync();
}

public sealed class RecordingSmsGateway : ISmsGateway
{
    public ConcurrentQueue<(string To, string Text, string Key)> Sent { get; } = new();

    public int FailNext { get; set; }

    public Task SendAsync(string to, string text, string idempotencyKey, CancellationToken ct = default)
    {
        if (FailNext > 0)
        {
            FailNext--;
            throw new SmsSendException("The SMS gateway answered 503.");
        }
        Sent.Enqueue((to, text, idempotencyKey));
        return Task.CompletedTask;
    }
}
