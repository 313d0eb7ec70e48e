using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Core.Customers;

namespace Portal.Customers.Account;

[AllowAnonymous]
public class ConfirmEmailModel(UserManager<PortalUser> users) : PageModel
{
    public bool Confirmed { get; private set; }

    public async Task OnGetAsync(string? userId, string? code)
    {
        var token = AccountMail.Decode(code);
        if (token is null || string.IsNullOrEmpty(userId) || await users.FindByIdAsync(userId) is not { } user) return;
        Confirmed = (await users.ConfirmEmailAsync(user, token)).Succeeded;
    }
}
