using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Core.Customers;

namespace Portal.Customers.Staff;

/// <summary>One customer as staff see them: a stack of panels, each from the feature that owns it.</summary>
public class ProfileModel(CustomerDirectory directory, CustomerProfileView view) : PageModel
{
    public PersonDetails Customer { get; private set; } = null!;
    public IReadOnlyList<ProfilePanel> Panels { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string customerNumber, CancellationToken ct)
    {
        if (!CustomerNumber.TryParse(customerNumber, out var number) || await directory.FindAsync(number, ct) is not { } customer)
            return NotFound();
        Customer = customer;
        Panels = await view.LoadAsync(customer, User, ct);
        return Page();
    }
}
