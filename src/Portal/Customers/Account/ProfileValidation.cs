using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Localization;
using Portal.Core.Customers;

namespace Portal.Customers.Account;

/// <summary>
/// MVC localizes only the attributes it has adapters for; these look their English key up themselves,
/// in the request's language.
/// </summary>
public abstract class LocalizedValidationAttribute : ValidationAttribute
{
    public override bool RequiresValidationContext => true;

    protected abstract bool Accepts(object? value, IServiceProvider services);

    protected sealed override ValidationResult? IsValid(object? value, ValidationContext context)
    {
        if (Accepts(value, context)) return ValidationResult.Success;
        var s = context.GetService(typeof(IStringLocalizer<SharedResource>)) as IStringLocalizer;
        var message = s is null || ErrorMessage is null ? FormatErrorMessage(context.DisplayName) : s[ErrorMessage, context.DisplayName].Value;
        return new ValidationResult(message, context.MemberName is { } member ? [member] : null);
    }
}

/// <summary>An optional phone number that follows <see cref="ProfileRules.TryNormalizePhone"/>.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class PlausiblePhoneAttribute : LocalizedValidationAttribute
{
    protected override bool Accepts(object? value, IServiceProvider services) =>
        value is not string s || string.IsNullOrWhiteSpace(s) || ProfileRules.TryNormalizePhone(s, out _);
}

/// <summary>An optional birth date that is neither in the future nor more than 120 years ago.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class PlausibleBirthDateAttribute : LocalizedValidationAttribute
{
    protected override bool Accepts(object? value, IServiceProvider services)
    {
        if (value is not DateOnly date) return true;
        var clock = services.GetService(typeof(TimeProvider)) as TimeProvider ?? TimeProvider.System;
        return ProfileRules.IsPlausibleBirthDate(date, DateOnly.FromDateTime(clock.GetLocalNow().DateTime));
    }
}

/// <summary>One of the portal's languages.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class SupportedLanguageAttribute : LocalizedValidationAttribute
{
    protected override bool Accepts(object? value, IServiceProvider services) => value is null || Languages.IsSupported(value as string);
}
