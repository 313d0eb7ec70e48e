using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Localization;

namespace Portal.Shell;

/// <summary>
/// Remembers each looked-up string per culture. A page asks for a hundred or more; ResourceManager takes a lock on
/// every lookup, and under load the threads queued on it (profiles showed it among the largest waits of a page).
/// </summary>
public sealed class CachedStringLocalizerFactory(ResourceManagerStringLocalizerFactory inner) : IStringLocalizerFactory
{
    private readonly ConcurrentDictionary<Type, IStringLocalizer> _byType = new();
    private readonly ConcurrentDictionary<(string BaseName, string Location), IStringLocalizer> _byName = new();

    public IStringLocalizer Create(Type resourceSource) =>
        _byType.GetOrAdd(resourceSource, static (type, f) => new CachedStringLocalizer(f.Create(type)), inner);

    public IStringLocalizer Create(string baseName, string location) =>
        _byName.GetOrAdd((baseName, location), static (key, f) => new CachedStringLocalizer(f.Create(key.BaseName, key.Location)), inner);
}

public sealed class CachedStringLocalizer(IStringLocalizer inner) : IStringLocalizer
{
    // Names are the strings written in code; the cap only guards against a caller passing free text as a name.
    private const int MaxEntries = 50_000;
    private readonly ConcurrentDictionary<(string Culture, string Name), LocalizedString> _strings = new();

    public LocalizedString this[string name]
    {
        get
        {
            var key = (CultureInfo.CurrentUICulture.Name, name);
            if (_strings.TryGetValue(key, out var found)) return found;
            var value = inner[name];
            if (_strings.Count < MaxEntries) _strings.TryAdd(key, value);
            return value;
        }
    }

    // The same formatting as ResourceManagerStringLocalizer: the current culture, the name itself when not found.
    public LocalizedString this[string name, params object[] arguments]
    {
        get
        {
            var format = this[name];
            return new LocalizedString(name, string.Format(CultureInfo.CurrentCulture, format.Value, arguments), format.ResourceNotFound, format.SearchedLocation);
        }
    }

    public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) => inner.GetAllStrings(includeParentCultures);
}
