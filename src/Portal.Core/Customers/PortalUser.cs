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
