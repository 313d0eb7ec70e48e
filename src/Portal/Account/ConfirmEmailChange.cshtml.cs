using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Core.Account;
using Portal.Core.Customers;
using Portal.Customers.Account;

namespace Portal.Account;

/// <summary>The link mailed to the new address: opening it moves the account there (signed in or not).</summary>
public class ConfirmEmailChangeModel(AccountProfile profile, UserManager<PortalUser> users, SignInManager<PortalUser> signIn) : PageModel
{
    public bool Changed { get; private set; }

    public async Task OnGetAsync(string? userId, string? email, string? code)
    {
        var token = AccountMail.Decode(code);
        if (token is null || string.IsNullOrEmpty(userId) || string.IsNullOrEmpty(email)) return;
        Changed = await profile.ConfirmEmailChangeAsync(userId, email, token);
        // The security stamp changed: keep the person who opened it signed in when it is their own session.
        if (Changed && User.Identity?.IsAuthenticated == true && users.GetUserId(User) == userId && await users.FindByIdAsync(userId) is { } user)
            await signIn.RefreshSignInAsync(user);
    }
}
