using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.ModelBinding.Metadata;
using Microsoft.Extensions.Localization;
using Portal.Core.Customers;

namespace Portal.Shell;

/// <summary>
/// Current guidance caps length rather than demanding character classes, and refuses the passwords attackers try
/// first and ones made of the account's own email name (<see cref="PasswordPolicy"/>). Identity runs it wherever a
/// password is set: registration, change, reset, and any staff path that goes through UserManager.
/// </summary>
public sealed class PasswordPolicyValidator(LocalizedIdentityErrors errors) : IPasswordValidator<PortalUser>
{
    public Task<IdentityResult> ValidateAsync(UserManager<PortalUser> manager, PortalUser user, string? password)
    {
        if (string.IsNullOrEmpty(password)) return Task.FromResult(IdentityResult.Success);
        if (password.Length > PasswordPolicy.MaxLength) return Task.FromResult(IdentityResult.Failed(errors.PasswordTooLong()));
        if (PasswordPolicy.IsCommon(password)) return Task.FromResult(IdentityResult.Failed(errors.PasswordTooCommon()));
        if (PasswordPolicy.ContainsEmailName(password, user.Email ?? user.UserName))
            return Task.FromResult(IdentityResult.Failed(errors.PasswordContainsEmail()));
        return Task.FromResult(IdentityResult.Success);
    }
}

/// <summary>Identity's messages in the request's language.</summary>
public sealed class LocalizedIdentityErrors(IStringLocalizer<SharedResource> s) : IdentityErrorDescriber
{
    private IdentityError E(string code, string key, params object[] args) => new() { Code = code, Description = s[key, args] };

    public IdentityError PasswordTooLong() => E("PasswordTooLong", "Passwords can be at most {0} characters.", PasswordPolicy.MaxLength);
    public IdentityError PasswordTooCommon() => E("PasswordTooCommon", "This password is one of the most common and easy to guess. Choose another.");
    public IdentityError PasswordContainsEmail() => E("PasswordContainsEmail", "Your password must not contain your email address or its name part.");
    public override IdentityError DefaultError() => E(nameof(DefaultError), "Something went wrong. Please try again.");
    public override IdentityError ConcurrencyFailure() => E(nameof(ConcurrencyFailure), "Someone else changed this at the same time. Please try again.");
    public override IdentityError PasswordMismatch() => E(nameof(PasswordMismatch), "The current password is not correct.");
    public override IdentityError InvalidToken() => E(nameof(InvalidToken), "This link or code is no longer valid. Please ask for a new one.");
    public override IdentityError InvalidEmail(string? email) => E(nameof(InvalidEmail), "Enter a valid email address.");
    public override IdentityError InvalidUserName(string? userName) => E(nameof(InvalidUserName), "Enter a valid email address.");
    public override IdentityError DuplicateEmail(string email) => E(nameof(DuplicateEmail), "An account with this email already exists.");
    public override IdentityError DuplicateUserName(string userName) => E(nameof(DuplicateUserName), "An account with this email already exists.");
    public override IdentityError PasswordTooShort(int length) => E(nameof(PasswordTooShort), "Passwords must be at least {0} characters.", length);
    public override IdentityError RecoveryCodeRedemptionFailed() => E(nameof(RecoveryCodeRedemptionFailed), "That recovery code is not valid.");
    public override IdentityError UserAlreadyHasPassword() => E(nameof(UserAlreadyHasPassword), "This account already has a password.");
    public override IdentityError UserLockoutNotEnabled() => E(nameof(UserLockoutNotEnabled), "Something went wrong. Please try again.");
    public override IdentityError UserAlreadyInRole(string role) => E(nameof(UserAlreadyInRole), "This person already has that role.");
    public override IdentityError UserNotInRole(string role) => E(nameof(UserNotInRole), "This person does not have that role.");
}

public static class LocalizedModelBinding
{
    public static void Configure(DefaultModelBindingMessageProvider p, IStringLocalizer s)
    {
        p.SetValueIsInvalidAccessor(v => s["The value '{0}' is not valid.", v]);
        p.SetValueMustBeANumberAccessor(f => s["The field {0} must be a number.", f]);
        p.SetValueMustNotBeNullAccessor(v => s["A value is required."]);
        p.SetAttemptedValueIsInvalidAccessor((v, f) => s["The value '{0}' is not valid for {1}.", v, f]);
        p.SetMissingBindRequiredValueAccessor(f => s["A value is required."]);
        p.SetMissingKeyOrValueAccessor(() => s["A value is required."]);
        p.SetMissingRequestBodyRequiredValueAccessor(() => s["A value is required."]);
        p.SetNonPropertyAttemptedValueIsInvalidAccessor(v => s["The value '{0}' is not valid.", v]);
        p.SetNonPropertyUnknownValueIsInvalidAccessor(() => s["The value is not valid."]);
        p.SetUnknownValueIsInvalidAccessor(f => s["The value is not valid."]);
        p.SetNonPropertyValueMustBeANumberAccessor(() => s["The value must be a number."]);
    }
}
