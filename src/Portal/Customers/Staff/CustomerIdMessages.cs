using Microsoft.Extensions.Localization;
using Portal.Core.Customers;

namespace Portal.Customers.Staff;

/// <summary>The words for a search text that was meant as a Customer ID but cannot be used (staff and admin searches).</summary>
public static class CustomerIdMessages
{
    /// <summary>Null when there is nothing to say: not a Customer ID, or someone's.</summary>
    public static string? For(IStringLocalizer s, CustomerIdReading reading) => reading switch
    {
        CustomerIdReading.Invalid => s["This Customer ID is not valid: check the digits"].Value,
        CustomerIdReading.Unknown => s["No customer has this Customer ID."].Value,
        _ => null,
    };
}
