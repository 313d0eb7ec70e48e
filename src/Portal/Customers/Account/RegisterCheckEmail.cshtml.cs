using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Portal.Customers.Account;

[AllowAnonymous]
public class RegisterCheckEmailModel : PageModel
{
    public void OnGet() { }
}
