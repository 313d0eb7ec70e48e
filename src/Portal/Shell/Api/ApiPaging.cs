using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace Portal.Shell.Api;

/// <summary>
/// The one way lists page under /api/customer-id (the points history's): newest first by id, <c>?before=</c> the
/// last id of the previous page and <c>?take=</c> 1–100 (20 by default); the answer's <c>nextBefore</c> is null at the end.
/// </summary>
public static class ApiPaging
{
    public const int DefaultTake = 20;
    public const int MaxTake = 100;
    public const string BeforeDescription = "nextBefore from the previous page; leave out for the newest.";
    public const string TakeDescription = "1–100; 20 by default.";

    public static ValidationProblem? Check(int take, IStringLocalizer s) =>
        take is < 1 or > MaxTake ? ApiProblems.Validation(new Dictionary<string, string[]> { ["take"] = [s["Ask for 1 to 100 entries."]] }) : null;

    /// <summary>A page from <paramref name="fetched"/>, which holds up to <c>take + 1</c> items newest first (one more tells there is a next page).</summary>
    public static Page<T> Of<T>(IReadOnlyList<T> fetched, int take, Func<T, long> id)
    {
        var items = fetched.Take(take).ToList();
        return new Page<T>(items, fetched.Count > take ? id(items[^1]) : null);
    }

    /// <summary>Pages a short list already in memory (the rewards catalog), by the same rule.</summary>
    public static Page<T> InMemory<T>(IEnumerable<T> all, long? before, int take, Func<T, long> id) =>
        Of(all.Where(x => before is null || id(x) < before).OrderByDescending(id).Take(take + 1).ToList(), take, id);
}

public sealed record Page<T>(
    IReadOnlyList<T> Items,
    [property: Description("Pass as ?before= for the next page; null at the end.")] long? NextBefore)
{
    public Page<TOut> Map<TOut>(Func<T, TOut> map) => new(Items.Select(map).ToList(), NextBefore);
}
