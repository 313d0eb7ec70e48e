using Microsoft.AspNetCore.Identity;

namespace Portal.Core.Customers;

/// <summary>Anyone who signs in: customers, agents, staff and admins. Every account has a Customer ID.</summary>
public class PortalUser : IdentityUser
{
    public string DisplayName { get; set; } = "";

    /// <summary>Ten digits (see <see cref="Customers.CustomerNumber"/>); unique.</summary>
    public string CustomerNumber { get; set; } = "";

    public DateOnly? BirthDate { get; set; }

    /// <summary>"en" or "ar".</summary>
    public string PreferredLanguage { get; set; } = Languages.English;

    public DateTime MemberSinceUtc { get; set; }

    /// <summary>IANA id (for example "Asia/Riyadh"); null means the business time zone (<see cref="CustomerTimeZones"/>).</summary>
    public string? TimeZoneId { get; set; }

    /// <summary>
    /// Where an admin's lock ends: never, in practice. Failed sign-ins lock for minutes. Not
    /// <see cref="DateTimeOffset.MaxValue"/>: PostgreSQL keeps microseconds and would round it past year 9999.
    /// </summary>
    public static readonly DateTimeOffset AdminLockEnd = new(9999, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Locked by an admin (not by failed attempts): only an admin's unlock ends it.</summary>
    public bool IsLockedByAdmin => LockoutEnd >= AdminLockEnd;

    public CustomerNumber Number => Customers.CustomerNumber.Parse(CustomerNumber);
}

public static class Languages
{
    public const string English = "en";
    public const string Arabic = "ar";
    public static readonly IReadOnlyList<string> All = [English, Arabic];

    public static bool IsSupported(string? code) => code is English or Arabic;
}

public static class Roles
{
    public const string Customer = "Customer";
    public const string Agent = "Agent";
    public const string Staff = "Staff";
    public const string Admin = "Admin";
    public static readonly IReadOnlyList<string> All = [Customer, Agent, Staff, Admin];
}
