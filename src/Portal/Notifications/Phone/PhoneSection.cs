using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Customers;
using Portal.Core.Notifications.Sms;
using Portal.Shell;

namespace Portal.Notifications.Phone;

/// <summary>What the "Phone for text messages" section shows (/notifications, and /account may reuse it).</summary>
public sealed class PhoneSection
{
    public const string View = "/Notifications/Phone/_Phone.cshtml";
    public const string SectionView = "/Notifications/Phone/_PhoneSection.cshtml";
    public const string MessageKey = "PhoneMessage";
    public const string ErrorKey = "PhoneMessageIsError";
    public const string EnteredKey = "PhoneEntered";

    public required PhoneVerificationStatus Status { get; init; }
    public required TimeZoneInfo Zone { get; init; }

    /// <summary>The number in the profile, offered when none is verified.</summary>
    public string? ProfilePhone { get; init; }
    public string? Message { get; set; }
    public bool IsError { get; set; }

    /// <summary>The customer asked to enter a different number.</summary>
    public bool Changing { get; set; }
    public string? EnteredNumber { get; set; }

    public bool Locked => Status.LockedUntilUtc is not null;
    public bool AwaitingCode => Status.PendingPhone is not null && !Changing && !Locked;

    public static async Task<PhoneSection> LoadAsync(string customerId, PhoneVerificationService verification, CustomerTimeZones zones,
        CancellationToken ct = default)
    {
        // The status read brings the profile's number and time zone: the section is on every visit to /notifications.
        var status = await verification.StatusAsync(customerId, ct);
        return new PhoneSection { Status = status, Zone = zones.For(status.TimeZoneId), ProfilePhone = status.ProfilePhone };
    }
}

/// <summary>Renders the phone section where a page includes it: <c>@await Component.InvokeAsync("PhoneSection")</c>.</summary>
public sealed class PhoneSectionViewComponent(PhoneVerificationService verification, CustomerTimeZones zones)
    : ViewComponent
{
    /// <param name="section">Already read by the page (/notifications reads it once for the SMS column and here).</param>
    public async Task<IViewComponentResult> InvokeAsync(PhoneSection? section = null)
    {
        section ??= await PhoneSection.LoadAsync(UserClaimsPrincipal.UserId(), verification, zones, HttpContext.RequestAborted);
        // A plain form post (no JavaScript) redirects back here with its answer.
        if (TempData[PhoneSection.MessageKey] is string message)
            (section.Message, section.IsError) = (message, TempData[PhoneSection.ErrorKey] is true);
        if (TempData[PhoneSection.EnteredKey] is string entered) (section.EnteredNumber, section.Changing) = (entered, true);
        return View(PhoneSection.SectionView, section);
    }
}
