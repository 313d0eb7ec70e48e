using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Data;
using Portal.Core.Notifications.Sms;
using static Portal.Core.Notifications.Sms.PhoneVerificationOutcome;

namespace Portal.Core.Tests.Notifications.Sms;

public class PhoneVerificationTests
{
    private const string Phone = "+966501234567";

    [Fact]
    public async Task The_right_code_verifies_the_number_in_E164_and_changes_the_security_stamp()
    {
        await using var kit = await SmsKit.CreateAsync();
        var customer = await kit.AddCustomerAsync(phone: "050 123 4567");
        var stamp = (await kit.UserAsync(customer)).SecurityStamp;

        var sent = await kit.RequestAsync(customer, "٠٥٠ ١٢٣ ٤٥٦٧");
        Assert.Equal((CodeSent, Phone), (sent.Outcome, sent.PhoneNumber));
        Assert.Equal(kit.Db.UtcNow.AddMinutes(10), sent.ExpiresAtUtc);
        var text = kit.Texts.Sent.Single();
        Assert.Equal(Phone, text.To);
        Assert.Matches(@"^\d{6} is your CustomerPortal verification code\. It expires in 10 minutes\.", text.Text);

        var verified = await kit.ConfirmAsync(customer, kit.LastCode());
        Assert.Equal((Verified, Phone), (verified.Outcome, verified.PhoneNumber));
        var user = await kit.UserAsync(customer);
        Assert.Equal((Phone, true), (user.PhoneNumber, user.PhoneNumberConfirmed));
        Assert.NotEqual(stamp, user.SecurityStamp);
        Assert.Equal(Phone, (await kit.StatusAsync(customer)).VerifiedPhone);
        Assert.Equal(AlreadyVerified, (await kit.RequestAsync(customer, "+966 50 123 4567")).Outcome);
    }

    [Fact]
    public async Task The_code_is_stored_only_as_a_salted_hash()
    {
        await using var kit = await SmsKit.CreateAsync();
        var customer = await kit.AddCustomerAsync();

        await kit.RequestAsync(customer);

        var code = kit.LastCode();
        var state = (await kit.StateAsync(customer))!;
        Assert.DoesNotContain(code, state.CodeHash);
        Assert.Matches(@"^[A-Za-z0-9+/=]{24}\.[A-Za-z0-9+/=]{44}$", state.CodeHash!);
        // Nothing in the table holds the code in any column.
        var row = await kit.Db.UseAsync(async sp =>
        {
            var db = sp.GetRequiredService<PortalDbContext>();
            var connection = db.Database.GetDbConnection();
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT * FROM PhoneVerifications";
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            return string.Join("|", Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "" : Convert.ToString(reader.GetValue(i))));
        });
        Assert.DoesNotContain(code, row);
        // The same code hashes differently each time (salt), and only the right code matches.
        Assert.NotEqual(PhoneVerificationService.Hash(customer, Phone, code), PhoneVerificationService.Hash(customer, Phone, code));
        Assert.True(PhoneVerificationService.Matches(state.CodeHash!, customer, Phone, code));
        Assert.False(PhoneVerificationService.Matches(state.CodeHash!, customer, "+966501234568", code));
    }

    [Fact]
    public async Task A_code_works_at_9_59_and_has_expired_at_10_00()
    {
        await using var kit = await SmsKit.CreateAsync();
        var early = await kit.AddCustomerAsync();
        var late = await kit.AddCustomerAsync();
        await kit.RequestAsync(early);
        var earlyCode = kit.LastCode();
        await kit.RequestAsync(late, "+966 50 765 4321");
        var lateCode = kit.LastCode("+966507654321");

        kit.Clock.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromSeconds(1));
        Assert.Equal(Verified, (await kit.ConfirmAsync(early, earlyCode)).Outcome);

        kit.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(Expired, (await kit.ConfirmAsync(late, lateCode)).Outcome);
        Assert.Null((await kit.StatusAsync(late)).PendingPhone);
        Assert.False((await kit.UserAsync(late)).PhoneNumberConfirmed);
    }

    [Fact]
    public async Task Four_wrong_codes_count_down_and_the_fifth_locks_verification_for_15_minutes()
    {
        await using var kit = await SmsKit.CreateAsync();
        var customer = await kit.AddCustomerAsync();
        await kit.RequestAsync(customer);
        var wrong = kit.WrongCode();

        for (var left = 4; left >= 1; left--)
        {
            var result = await kit.ConfirmAsync(customer, wrong);
            Assert.Equal((WrongCode, left), (result.Outcome, result.AttemptsLeft));
        }
        var fifth = await kit.ConfirmAsync(customer, wrong);
        Assert.Equal((Locked, kit.Db.UtcNow.AddMinutes(15)), (fifth.Outcome, fifth.RetryAtUtc));

        // Locked: even the right code and a new code are refused.
        Assert.Equal(Locked, (await kit.ConfirmAsync(customer, kit.LastCode())).Outcome);
        kit.Clock.Advance(TimeSpan.FromMinutes(15) - TimeSpan.FromSeconds(1));
        Assert.Equal(Locked, (await kit.RequestAsync(customer)).Outcome);
        Assert.NotNull((await kit.StatusAsync(customer)).LockedUntilUtc);
    }

    [Fact]
    public async Task After_the_15_minute_lock_a_new_code_can_be_sent_and_confirmed_with_five_tries_again()
    {
        await using var kit = await SmsKit.CreateAsync();
        var customer = await kit.AddCustomerAsync();
        await kit.RequestAsync(customer);
        for (var i = 0; i < 5; i++) await kit.ConfirmAsync(customer, kit.WrongCode());

        kit.Clock.Advance(TimeSpan.FromMinutes(15));
        Assert.Equal(NoCodePending, (await kit.ConfirmAsync(customer, kit.LastCode())).Outcome);
        Assert.Equal(CodeSent, (await kit.RequestAsync(customer)).Outcome);
        var status = await kit.StatusAsync(customer);
        Assert.Equal((null, 5, Phone), (status.LockedUntilUtc, status.AttemptsLeft, status.PendingPhone));
        Assert.Equal(4, (await kit.ConfirmAsync(customer, kit.WrongCode())).AttemptsLeft);
        Assert.Equal(Verified, (await kit.ConfirmAsync(customer, kit.LastCode())).Outcome);
    }

    [Fact]
    public async Task A_new_code_waits_60_seconds_after_the_last()
    {
        await using var kit = await SmsKit.CreateAsync();
        var customer = await kit.AddCustomerAsync();
        await kit.RequestAsync(customer);
        var first = kit.Db.UtcNow;

        kit.Clock.Advance(TimeSpan.FromSeconds(59));
        var tooSoon = await kit.RequestAsync(customer);
        Assert.Equal((TooSoon, first.AddSeconds(60)), (tooSoon.Outcome, tooSoon.RetryAtUtc));
        Assert.Single(kit.Texts.Sent);

        kit.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(CodeSent, (await kit.RequestAsync(customer)).Outcome);
        Assert.Equal(2, kit.Texts.Sent.Count);
    }

    [Fact]
    public async Task Five_codes_an_hour_then_the_sixth_waits_for_the_hour_to_end()
    {
        await using var kit = await SmsKit.CreateAsync();
        var customer = await kit.AddCustomerAsync();
        var start = kit.Db.UtcNow;
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(CodeSent, (await kit.RequestAsync(customer)).Outcome);
            kit.Clock.Advance(TimeSpan.FromMinutes(1));
        }

        var sixth = await kit.RequestAsync(customer);
        Assert.Equal((TooManyCodes, start.AddHours(1)), (sixth.Outcome, sixth.RetryAtUtc));
        kit.Clock.Now = new DateTimeOffset(start.AddHours(1).AddTicks(-1), TimeSpan.Zero);
        Assert.Equal(TooManyCodes, (await kit.RequestAsync(customer)).Outcome);
        kit.Clock.Now = new DateTimeOffset(start.AddHours(1), TimeSpan.Zero);
        Assert.Equal(CodeSent, (await kit.RequestAsync(customer)).Outcome);
        Assert.Equal(6, kit.Texts.Sent.Count);
    }

    [Fact]
    public async Task A_number_that_cannot_be_texted_is_refused_and_sends_nothing()
    {
        await using var kit = await SmsKit.CreateAsync();
        var customer = await kit.AddCustomerAsync();

        foreach (var bad in new[] { "", "12ab567", "+0501234567", "123", "+1234567890123456" })
            Assert.Equal(InvalidNumber, (await kit.RequestAsync(customer, bad)).Outcome);
        Assert.Empty(kit.Texts.Sent);
        Assert.Null(await kit.StateAsync(customer));
    }

    [Fact]
    public async Task A_gateway_failure_is_reported_and_still_counts_towards_the_limit()
    {
        await using var kit = await SmsKit.CreateAsync();
        var customer = await kit.AddCustomerAsync();
        kit.Texts.FailNext = 1;

        Assert.Equal(SendFailed, (await kit.RequestAsync(customer)).Outcome);
        Assert.Equal(TooSoon, (await kit.RequestAsync(customer)).Outcome);
    }

    [Fact]
    public async Task Codes_in_Arabic_digits_with_spaces_are_accepted_and_a_short_code_does_not_count()
    {
        await using var kit = await SmsKit.CreateAsync();
        var customer = await kit.AddCustomerAsync();
        await kit.RequestAsync(customer);

        Assert.Equal(MalformedCode, (await kit.ConfirmAsync(customer, "12345")).Outcome);
        Assert.Equal(5, (await kit.StatusAsync(customer)).AttemptsLeft);
        var arabic = string.Concat(kit.LastCode().Select(c => (char)('٠' + (c - '0'))));
        Assert.Equal(Verified, (await kit.ConfirmAsync(customer, arabic[..3] + " " + arabic[3..])).Outcome);
    }

    [Fact]
    public async Task Confirming_without_a_code_sent_says_so()
    {
        await using var kit = await SmsKit.CreateAsync();
        var customer = await kit.AddCustomerAsync();

        Assert.Equal(NoCodePending, (await kit.ConfirmAsync(customer, "123456")).Outcome);
    }
}
