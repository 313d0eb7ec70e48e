using System.ComponentModel.DataAnnotations;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Portal.Core.Customers;
using Portal.Shell;
using Portal.Customers.Account;

namespace Portal.Customers.Security;

/// <summary>Turn authenticator-app sign-in on and off, and replace recovery codes.</summary>
[EnableRateLimiting(PortalWeb.AuthRateLimit)]
public class TwoFactorModel(
    UserManager<PortalUser> users, SignInManager<PortalUser> signIn, IUserStore<PortalUser> store, UrlEncoder urlEncoder, AccountEventRecorder events, IStringLocalizer<SharedResource> s) : PageModel
{
    private IUserAuthenticatorKeyStore<PortalUser> AuthenticatorKeys => (IUserAuthenticatorKeyStore<PortalUser>)store;

    public const int RecoveryCodeCount = 10;
    private const string Issuer = "CustomerPortal";

    [BindProperty]
    public InputModel Input { get; set; } = new();

    [TempData]
    public string? StatusMessage { get; set; }

    /// <summary>Asked again before 2FA is turned off or its codes replaced: a borrowed session is not enough.</summary>
    [BindProperty]
    public string? CurrentPassword { get; set; }

    public bool Enabled { get; private set; }
    public int RecoveryCodesLeft { get; private set; }
    public string SharedKey { get; private set; } = "";
    public string AuthenticatorUri { get; private set; } = "";

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter the 6-digit code from your authenticator app.")]
        [StringLength(12, ErrorMessage = "Enter the 6-digit code from your authenticator app.")]
        [Display(Name = "Verification code")]
        public string Code { get; set; } = "";
    }

    public async Task<IActionResult> OnGetAsync()
    {
        if (await users.GetUserAsync(User) is not { } user) return Challenge();
        await LoadAsync(user);
        return Page();
    }

    public async Task<IActionResult> OnPostEnableAsync()
    {
        if (await users.GetUserAsync(User) is not { } user) return Challenge();
        if (user.TwoFactorEnabled) return RedirectToPage();

        var code = OneTimeCodes.CleanAuthenticatorCode(Input.Code);
        if (ModelState.IsValid && (code.Length != 6 || !code.All(char.IsAsciiDigit)))
            ModelState.AddModelError("Input.Code", s["Enter the 6-digit code from your authenticator app."]);
        else if (ModelState.IsValid && !await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code))
            ModelState.AddModelError("Input.Code", s["That code is not correct. Check the time on your phone and try the newest code."]);
        if (!ModelState.IsValid)
        {
            await LoadAsync(user);
            return Page();
        }

        await events.WithAsync(new TwoFactorChanged(user.Id, true), () => users.SetTwoFactorEnabledAsync(user, true));
        await ShowNewRecoveryCodesAsync(user);
        await signIn.RefreshSignInAsync(user);
        StatusMessage = s["Two-step verification is on."];
        return RedirectToPage("./RecoveryCodes");
    }

    public async Task<IActionResult> OnPostDisableAsync()
    {
        if (await users.GetUserAsync(User) is not { } user) return Challenge();
        if (user.TwoFactorEnabled)
        {
            if (await PasswordRefusedAsync(user, "CurrentPassword-disable")) return await RedisplayAsync(user);
            await events.WithAsync(new TwoFactorChanged(user.Id, false), () => users.SetTwoFactorEnabledAsync(user, false));
            // A fresh key next time: the old one may be on a lost phone.
            await users.ResetAuthenticatorKeyAsync(user);
            await signIn.ForgetTwoFactorClientAsync();
            await signIn.RefreshSignInAsync(user);
            StatusMessage = s["Two-step verification is off."];
        }
        return RedirectToPage("./Index");
    }

    public async Task<IActionResult> OnPostRecoveryCodesAsync()
    {
        if (await users.GetUserAsync(User) is not { } user) return Challenge();
        if (!user.TwoFactorEnabled) return RedirectToPage();
        if (await PasswordRefusedAsync(user, "CurrentPassword-codes")) return await RedisplayAsync(user);
        await ShowNewRecoveryCodesAsync(user);
        StatusMessage = s["You have new recovery codes. The old ones no longer work."];
        return RedirectToPage("./RecoveryCodes");
    }

    private async Task ShowNewRecoveryCodesAsync(PortalUser user)
    {
        var codes = await users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount);
        TempData[RecoveryCodesModel.TempDataKey] = codes?.ToArray() ?? [];
    }

    /// <summary>Checks the password (wrong ones count towards lockout) and files the error under <paramref name="field"/>.</summary>
    private async Task<bool> PasswordRefusedAsync(PortalUser user, string field)
    {
        var check = string.IsNullOrEmpty(CurrentPassword)
            ? Microsoft.AspNetCore.Identity.SignInResult.Failed
            : await signIn.CheckPasswordSignInAsync(user, CurrentPassword, lockoutOnFailure: true);
        if (check.Succeeded) return false;
        ModelState.AddModelError(field, check.IsLockedOut ? LockoutMessage.For(user, s) : s["The current password is not correct."]);
        return true;
    }

    private async Task<IActionResult> RedisplayAsync(PortalUser user)
    {
        await LoadAsync(user);
        return Page();
    }

    private async Task LoadAsync(PortalUser user)
    {
        Enabled = user.TwoFactorEnabled;
        if (Enabled)
        {
            RecoveryCodesLeft = await users.CountRecoveryCodesAsync(user);
            return;
        }
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            // The first key is set through the store: ResetAuthenticatorKeyAsync would also change the
            // security stamp and end this person's sessions on other devices just for opening this page.
            key = users.GenerateNewAuthenticatorKey();
            await AuthenticatorKeys.SetAuthenticatorKeyAsync(user, key, HttpContext.RequestAborted);
            await users.UpdateAsync(user);
        }
        SharedKey = string.Join(' ', key.Chunk(4).Select(c => new string(c)));
        AuthenticatorUri = $"otpauth://totp/{Issuer}:{urlEncoder.Encode(user.Email ?? "")}?secret={key}&issuer={Issuer}&digits=6";
    }
}
