using Microsoft.AspNetCore.Mvc;
using Portal.Core.Notifications;
using Portal.Core.Notifications.Push;
using Portal.Shell;

namespace Portal.Notifications.Push;

/// <param name="Message">What just happened ("Notifications are on for this browser."), shown once.</param>
/// <param name="TurnedOn">Topics the first browser turned push on for: the script ticks them in the matrix above.</param>
public sealed record PushSectionModel(IReadOnlyList<PushDevice> Devices, string PublicKey, string? Message = null, bool IsError = false,
    IReadOnlyList<NotificationTopic>? TurnedOn = null)
{
    public const string View = "/Notifications/Push/_Push.cshtml";

    public static async Task<PushSectionModel> LoadAsync(string customerId, PushSubscriptions subscriptions, VapidKeys keys,
        string? message = null, bool isError = false, IReadOnlyList<NotificationTopic>? turnedOn = null, CancellationToken ct = default) =>
        new(await subscriptions.ListAsync(customerId, ct), await subscriptions.PublicKeyAsync(keys, ct), message, isError, turnedOn);
}

/// <summary>"Notifications on this browser" on /notifications: <c>@await Component.InvokeAsync(typeof(PushSection))</c>.</summary>
public sealed class PushSection(PushSubscriptions subscriptions, VapidKeys keys) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync() =>
        View(PushSectionModel.View, await PushSectionModel.LoadAsync(UserClaimsPrincipal.UserId(), subscriptions, keys, ct: HttpContext.RequestAborted));
}
