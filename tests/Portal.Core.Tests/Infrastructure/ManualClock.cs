namespace Portal.Core.Tests.Infrastructure;

/// <summary>
/// A clock that stands still until a test moves it. Shared by the Core and web tests (Portal.Tests links this file);
/// the server reads it on other threads, so the time is kept in one 64-bit field.
/// </summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private long _utcTicks = start.UtcTicks;

    public DateTimeOffset Now
    {
        get => new(Interlocked.Read(ref _utcTicks), TimeSpan.Zero);
        set => Interlocked.Exchange(ref _utcTicks, value.UtcTicks);
    }

    public void Advance(TimeSpan by) => Interlocked.Add(ref _utcTicks, by.Ticks);

    public override DateTimeOffset GetUtcNow() => Now;
}
