using System.Text.RegularExpressions;

namespace Portal.Shell;

/// <summary>Page routes in kebab-case: Pages/SpecialDates/Index → /special-dates.</summary>
public sealed partial class KebabCaseRoutes : IOutboundParameterTransformer
{
    public string? TransformOutbound(object? value) =>
        value?.ToString() is { } s ? Boundary().Replace(s, "$1-$2").ToLowerInvariant() : null;

    [GeneratedRegex("([a-z0-9])([A-Z])")]
    private static partial Regex Boundary();
}
