using System.Security.Claims;

namespace Portal.Shell.Modules;

/// <summary>
/// One line about a section on the customer's home (points, open tickets…), shown with the navigation entry of the
/// same <paramref name="Href"/>. <paramref name="Label"/> may be empty. The ids, when given, name the link and its
/// two parts for tests and page objects.
/// </summary>
public sealed record HomeSummary(string Href, string Label, string Value, int Order)
{
    public string? LinkId { get; init; }
    public string? LabelId { get; init; }
    public string? ValueId { get; init; }

    /// <summary>A line under the summary that asks for attention ("4,123 points expire on 24 December").</summary>
    public string? Note { get; init; }
    public string? NoteId { get; init; }
}

/// <summary>A section's live line on the home page; null when it has nothing to say for this person.</summary>
public interface IHomeSummaryProvider
{
    Task<HomeSummary?> SummarizeAsync(ClaimsPrincipal user, CancellationToken ct);
}

public static class HomeSummaryRegistration
{
    public static IServiceCollection AddHomeSummary<T>(this IServiceCollection services) where T : class, IHomeSummaryProvider =>
        services.AddScoped<IHomeSummaryProvider, T>();
}
