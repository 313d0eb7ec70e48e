using System.ComponentModel.DataAnnotations;
using Portal.Core.Customers;

namespace Portal.Pages.Account;

/// <summary>An optional phone number that follows <see cref="ProfileRules.TryNormalizePhone"/>.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class PlausiblePhoneAttribute : ValidationAttribute
{
    public override bool IsValid(object? value) =>
        value is not string s || string.IsNullOrWhiteSpace(s) || ProfileRules.TryNormalizePhone(s, out _);
}

/// <summary>An optional birth date that is neither in the future nor more than 120 years ago.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class PlausibleBirthDateAttribute : ValidationAttribute
{
    protected override ValidationResult? IsValid(object? value, ValidationContext context)
    {
        if (value is not DateOnly date) return ValidationResult.Success;
        var clock = context.GetService(typeof(TimeProvider)) as TimeProvider ?? TimeProvider.System;
        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        return ProfileRules.IsPlausibleBirthDate(date, today)
            ? ValidationResult.Success
            : new ValidationResult(FormatErrorMessage(context.DisplayName), [context.MemberName ?? ""]);
    }
}
