using Microsoft.Extensions.DependencyInjection;

namespace Portal.Core.Common;

/// <summary>
/// A scoped service resolved on first use. For a costly dependency that one rare path needs: pages that only read
/// (offers, rewards) still build the services that can raise a security alert, and UserManager's constructor alone
/// (its store, validators and every token provider) cost about 1% of each such page's CPU.
/// </summary>
public sealed class Deferred<T>(IServiceProvider services) where T : notnull
{
    private T? _value;

    public T Value => _value ??= services.GetRequiredService<T>();
}
