using Microsoft.EntityFrameworkCore;
using Portal.Core.Common;
using Portal.Core.Data;

namespace Portal.Core.Customers;

/// <summary>One person in a list of search results.</summary>
public sealed record PersonSummary(
    string Id, string DisplayName, string? Email, string? PhoneNumber, string CustomerNumber,
    IReadOnlyList<string> Roles, bool IsLocked)
{
    /// <summary>The Customer ID grouped for reading (<c>4821 3390 17</c>).</summary>
    public string GroupedNumber => Customers.CustomerNumber.TryParse(CustomerNumber, out var n) ? n.Grouped : CustomerNumber;
}

/// <summary>Everything staff see about one person.</summary>
public sealed record PersonDetails(
    string Id, string DisplayName, string? Email, string? PhoneNumber, CustomerNumber Number,
    DateOnly? BirthDate, string PreferredLanguage, DateTime MemberSinceUtc, IReadOnlyList<string> Roles, bool IsLocked);

/// <summary>What the membership card on the home page needs of its owner.</summary>
public sealed record CardFacts(string DisplayName, CustomerNumber Number, DateTime MemberSinceUtc, bool EmailConfirmed);

/// <summary>How search text reads as a Customer ID.</summary>
public enum CustomerIdReading
{
    /// <summary>Not meant as a Customer ID: search names, emails and phone numbers.</summary>
    NotACustomerId,
    /// <summary>Ten digits whose check digit disagrees: a typing mistake.</summary>
    Invalid,
    /// <summary>A valid Customer ID that nobody has.</summary>
    Unknown,
    /// <summary>A valid Customer ID of someone on file.</summary>
    Found,
}

/// <summary>What <see cref="CustomerDirectory.InterpretAsync"/> made of the text; <see cref="Number"/> is set when valid.</summary>
public sealed record CustomerIdInterpretation(CustomerIdReading Reading, CustomerNumber? Number = null);

public sealed record DirectoryPage(IReadOnlyList<PersonSummary> People, int Page, int PageSize, int Total)
{
    public int PageCount => Total == 0 ? 1 : (Total + PageSize - 1) / PageSize;
    public bool HasPrevious => Page > 1;
    public bool HasNext => Page < PageCount;
}

/// <summary>Finds people for staff and admins: by Customer ID, or by part of a name, email or phone number.</summary>
public sealed class CustomerDirectory(PortalDbContext db, TimeProvider clock)
{
    public const int PageSize = 20;
    public const int MaxQueryLength = 100;

    /// <summary>
    /// The card's four facts, read on every visit to the home page as a plain command (the whole user row through
    /// Identity's store was 5% of the page); null when the account is gone.
    /// </summary>
    public Task<CardFacts?> CardAsync(string userId, CancellationToken ct = default) =>
        HotReads.FirstRowAsync<CardFacts?>(db, """
            SELECT "DisplayName", "CustomerNumber", "MemberSinceUtc", "EmailConfirmed" FROM "AspNetUsers" WHERE "Id" = @id
            """, r => new CardFacts(r.GetString(0), Customers.CustomerNumber.Parse(r.GetString(1)), r.GetUtc(2), r.GetBoolean(3)), ct, ("@id", userId));

    /// <summary>
    /// A valid Customer ID finds that one person; any other text matches names, emails and phone numbers
    /// containing it (ignoring case). Empty text lists everyone. Ordered by name, <see cref="PageSize"/> a page.
    /// </summary>
    public async Task<DirectoryPage> SearchAsync(string? text, int page = 1, CancellationToken ct = default)
    {
        page = Math.Max(1, page);
        var query = Filter(db.Users.AsNoTracking(), text?.Trim() ?? "", db.Database.IsNpgsql());
        var total = await query.CountAsync(ct);
        var rows = await query
            .OrderBy(u => u.DisplayName).ThenBy(u => u.Email).ThenBy(u => u.Id)
            .Skip((page - 1) * PageSize).Take(PageSize)
            .Select(u => new
            {
                u.Id, u.DisplayName, u.Email, u.PhoneNumber, u.CustomerNumber, u.LockoutEnd,
                Roles = db.UserRoles.Where(ur => ur.UserId == u.Id)
                    .Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name!).ToList(),
            })
            .ToListAsync(ct);
        var now = clock.GetUtcNow();
        var people = rows.Select(r => new PersonSummary(
            r.Id, r.DisplayName, r.Email, r.PhoneNumber, r.CustomerNumber, Ordered(r.Roles), r.LockoutEnd > now)).ToList();
        return new DirectoryPage(people, page, PageSize, total);
    }

    /// <summary>
    /// Ten digits and nothing else but spaces or dashes: meant as a Customer ID, whether or not the check digit agrees.
    /// Digits are those <see cref="CustomerNumber.TryParse"/> reads (Western and Arabic-Indic).
    /// </summary>
    public static bool LooksLikeCustomerId(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return false;
        var digits = 0;
        foreach (var c in text)
        {
            if (c is ' ' or '-' or '\u00A0') continue;
            if (Digits.Value(c) < 0) return false;
            digits++;
        }
        return digits == CustomerNumber.Length;
    }

    /// <summary>
    /// Whether <paramref name="text"/> is meant as a Customer ID and, if so, whether it is mistyped,
    /// valid but nobody's, or someone's.
    /// </summary>
    public async Task<CustomerIdInterpretation> InterpretAsync(string? text, CancellationToken ct = default)
    {
        if (!LooksLikeCustomerId(text)) return new(CustomerIdReading.NotACustomerId);
        if (!CustomerNumber.TryParse(text, out var number)) return new(CustomerIdReading.Invalid);
        var known = await db.Users.AnyAsync(u => u.CustomerNumber == number.Value, ct);
        return new(known ? CustomerIdReading.Found : CustomerIdReading.Unknown, number);
    }

    public Task<PersonDetails?> FindAsync(CustomerNumber number, CancellationToken ct = default) =>
        DetailsAsync(db.Users.Where(u => u.CustomerNumber == number.Value), ct);

    public Task<PersonDetails?> FindByIdAsync(string id, CancellationToken ct = default) =>
        DetailsAsync(db.Users.Where(u => u.Id == id), ct);

    private async Task<PersonDetails?> DetailsAsync(IQueryable<PortalUser> users, CancellationToken ct)
    {
        var row = await users.AsNoTracking()
            .Select(u => new
            {
                u.Id, u.DisplayName, u.Email, u.PhoneNumber, u.CustomerNumber, u.BirthDate, u.PreferredLanguage,
                u.MemberSinceUtc, u.LockoutEnd,
                Roles = db.UserRoles.Where(ur => ur.UserId == u.Id)
                    .Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name!).ToList(),
            })
            .FirstOrDefaultAsync(ct);
        if (row is null || !CustomerNumber.TryParse(row.CustomerNumber, out var number)) return null;
        return new PersonDetails(row.Id, row.DisplayName, row.Email, row.PhoneNumber, number, row.BirthDate,
            row.PreferredLanguage, row.MemberSinceUtc, Ordered(row.Roles), row.LockoutEnd > clock.GetUtcNow());
    }

    private static IQueryable<PortalUser> Filter(IQueryable<PortalUser> users, string text, bool ignoreCaseWithILike)
    {
        if (text.Length == 0) return users;
        if (CustomerNumber.TryParse(text, out var number))
            return users.Where(u => u.CustomerNumber == number.Value);
        if (text.Length > MaxQueryLength) text = text[..MaxQueryLength];
        // Case-insensitive on both providers (SQLite's LIKE ignores ASCII case; Arabic has none).
        // The input is escaped so % and _ are literal.
        var pattern = "%" + EscapeLike(text) + "%";
        if (ignoreCaseWithILike)
            return users.Where(u =>
                EF.Functions.ILike(u.DisplayName, pattern, "\\") ||
                EF.Functions.ILike(u.Email!, pattern, "\\") ||
                EF.Functions.ILike(u.PhoneNumber!, pattern, "\\"));
        return users.Where(u =>
            EF.Functions.Like(u.DisplayName, pattern, "\\") ||
            EF.Functions.Like(u.Email!, pattern, "\\") ||
            EF.Functions.Like(u.PhoneNumber!, pattern, "\\"));
    }

    internal static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");

    /// <summary>Roles in their usual order (Customer, Agent, Staff, Admin), not the database's.</summary>
    private static IReadOnlyList<string> Ordered(IEnumerable<string> roles) =>
        roles.OrderBy(Rank).ThenBy(r => r, StringComparer.Ordinal).ToList();

    private static int Rank(string role)
    {
        for (var i = 0; i < Roles.All.Count; i++)
            if (Roles.All[i] == role) return i;
        return int.MaxValue;
    }
}
