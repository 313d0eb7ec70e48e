using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Portal.Core.Account;
using Portal.Core.Customers;
using Portal.Shell;
using Portal.Shell.Api;

namespace Portal.Account;

/// <summary>The signed-in customer's own account: details and "download my data".</summary>
public static class AccountApi
{
    public static RouteGroupBuilder MapAccountApi(this RouteGroupBuilder secured)
    {
        var account = secured.MapGroup("/account").WithTags("Account");

        account.MapGet("", async (HttpContext http, UserManager<PortalUser> users, AccountProfile profile) =>
                await users.GetUserAsync(http.User) is { } user ? TypedResults.Ok(await AccountResponse.FromAsync(user, profile)) : Results.NotFound())
            .WithName("GetAccount")
            .WithSummary("The customer's details as they can edit them, their email address and a pending change of it.")
            .Produces<AccountResponse>();

        account.MapPut("", UpdateAsync)
            .WithName("UpdateAccount")
            .WithSummary("Replaces the customer's name, phone, birth date, language and time zone, all together or not at all.")
            .WithDescription("A new phone number is no longer verified (verify it on /notifications). The birth date can be changed once a year; " +
                "a refused change answers `400` with the reason per field and saves nothing. The email address changes through /account " +
                "(a link to the new address), not here.")
            .ProducesProblems(StatusCodes.Status400BadRequest);

        account.MapPost("/export", async (HttpContext http, DataExports exports, TimeProvider clock, CancellationToken ct) =>
            {
                var export = await exports.RequestAsync(http.User.UserId(), ct);
                return TypedResults.Accepted($"/api/customer-id/account/export/{export.Id}", ExportResponse.From(export, clock.GetUtcNow().UtcDateTime));
            })
            .WithName("RequestDataExport")
            .WithSummary("Starts preparing a ZIP of everything kept about the customer; while one is being prepared, gives that one back.")
            .WithDescription("Poll the job (`Location`) until `state` is `Ready`; its `downloadUrl` works for 24 hours, for this customer only.");

        account.MapGet("/export/{id:guid}", async Task<Results<Ok<ExportResponse>, ProblemHttpResult>> (
                Guid id, HttpContext http, DataExports exports, TimeProvider clock, IStringLocalizer<SharedResource> s, CancellationToken ct) =>
                await exports.FindAsync(http.User.UserId(), id, ct) is { } export
                    ? TypedResults.Ok(ExportResponse.From(export, clock.GetUtcNow().UtcDateTime))
                    : ApiProblems.Problem(StatusCodes.Status404NotFound, "export_not_found", s["Not found"]))
            .WithName("GetDataExport")
            .WithSummary("A data export job: its state, progress and, once ready, the download link.")
            .ProducesProblems(StatusCodes.Status404NotFound);

        account.MapDelete("", RequestDeletionAsync)
            .WithName("RequestAccountDeletion")
            .WithSummary("Schedules the erasure of the account, 14 days out; signing in before then cancels it.")
            .WithDescription("Send the current password in the `X-Password` header (and the authenticator code in `X-Two-Factor-Code` when " +
                "two-step verification is on). `403` `wrong_password`, `two_factor_code_required` or `wrong_two_factor_code` changes nothing. " +
                "Asking again while one is scheduled gives that one back.")
            .Produces<DeletionResponse>(StatusCodes.Status202Accepted)
            .ProducesProblems(StatusCodes.Status403Forbidden);

        account.MapPost("/deletion/cancel", async Task<Results<Ok<DeletionResponse>, ProblemHttpResult>> (
                HttpContext http, AccountDeletions deletions, IStringLocalizer<SharedResource> s, CancellationToken ct) =>
            {
                if (!await deletions.CancelAsync(http.User.UserId(), DeletionCancelledBy.Customer, ct))
                    return ApiProblems.Problem(StatusCodes.Status404NotFound, "no_deletion_scheduled", s["Your account is not scheduled for deletion."]);
                return TypedResults.Ok(DeletionResponse.From((await deletions.LatestAsync(http.User.UserId(), ct))!));
            })
            .WithName("CancelAccountDeletion")
            .WithSummary("Stops a scheduled deletion.")
            .ProducesProblems(StatusCodes.Status404NotFound);

        account.MapGet("/deletion", async Task<Results<Ok<DeletionResponse>, ProblemHttpResult>> (
                HttpContext http, AccountDeletions deletions, IStringLocalizer<SharedResource> s, CancellationToken ct) =>
                await deletions.LatestAsync(http.User.UserId(), ct) is { } d
                    ? TypedResults.Ok(DeletionResponse.From(d))
                    : ApiProblems.Problem(StatusCodes.Status404NotFound, "no_deletion_requested", s["Your account is not scheduled for deletion."]))
            .WithName("GetAccountDeletion")
            .WithSummary("The newest deletion request and its state (Scheduled, Cancelled).")
            .ProducesProblems(StatusCodes.Status404NotFound);
        return secured;
    }

    private static async Task<Results<Accepted<DeletionResponse>, ProblemHttpResult>> RequestDeletionAsync(
        HttpContext http, AccountDeletions deletions, IStringLocalizer<SharedResource> s,
        [FromHeader(Name = "X-Password")] string? password, [FromHeader(Name = "X-Two-Factor-Code")] string? twoFactorCode, CancellationToken ct)
    {
        var (deletion, problem) = await deletions.RequestAsync(http.User.UserId(), password, twoFactorCode, ct);
        if (problem is { } p)
            return ApiProblems.Problem(StatusCodes.Status403Forbidden, p switch
            {
                DeletionProblem.WrongPassword => "wrong_password",
                DeletionProblem.TwoFactorCodeRequired => "two_factor_code_required",
                _ => "wrong_two_factor_code",
            }, s.DeletionError(p));
        return TypedResults.Accepted("/api/customer-id/account/deletion", DeletionResponse.From(deletion!));
    }

    private static async Task<Results<Ok<AccountResponse>, ValidationProblem>> UpdateAsync(
        AccountUpdateRequest request, HttpContext http, AccountProfile profile, UserManager<PortalUser> users, IStringLocalizer<SharedResource> s, CancellationToken ct)
    {
        var result = await profile.UpdateAsync(http.User.UserId(),
            new ProfileChange(request.DisplayName ?? "", request.PhoneNumber, request.BirthDate, request.PreferredLanguage ?? "", request.TimeZoneId), ct);
        if (!result.Succeeded)
            return ApiProblems.Validation(result.Errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => s.ProfileError(e)).ToArray()));
        var user = (await users.FindByIdAsync(http.User.UserId()))!;
        return TypedResults.Ok(await AccountResponse.FromAsync(user, profile));
    }
}

public sealed record AccountUpdateRequest(
    string? DisplayName,
    [property: Description("7–20 digits, spaces, + or -; empty or null removes it.")] string? PhoneNumber,
    DateOnly? BirthDate,
    [property: Description("\"en\" or \"ar\".")] string? PreferredLanguage,
    [property: Description("An IANA time zone such as \"Asia/Riyadh\"; null uses the business's.")] string? TimeZoneId);

public sealed record AccountResponse(
    string CustomerId,
    string DisplayName,
    string Email,
    bool EmailConfirmed,
    [property: Description("An address waiting for its confirmation link to be opened.")] string? PendingEmail,
    string? PhoneNumber,
    bool PhoneNumberConfirmed,
    DateOnly? BirthDate,
    string PreferredLanguage,
    string? TimeZoneId,
    bool TwoFactorEnabled,
    DateTime MemberSince)
{
    public static async Task<AccountResponse> FromAsync(PortalUser u, AccountProfile profile) => new(
        u.CustomerNumber, u.DisplayName, u.Email ?? "", u.EmailConfirmed, await profile.PendingEmailAsync(u), u.PhoneNumber, u.PhoneNumberConfirmed,
        u.BirthDate, u.PreferredLanguage, u.TimeZoneId, u.TwoFactorEnabled, u.MemberSinceUtc);
}

public sealed record DeletionResponse(
    AccountDeletionState State,
    DateTime RequestedAt,
    [property: Description("When the account is erased unless the customer signs in or cancels before.")] DateTime ScheduledFor,
    DateTime? CancelledAt,
    DeletionCancelledBy? CancelledBy)
{
    public static DeletionResponse From(AccountDeletion d) => new(d.State, d.RequestedAtUtc, d.ScheduledForUtc, d.CancelledAtUtc, d.CancelledBy);
}

public sealed record ExportResponse(
    Guid Id,
    DataExportState State,
    [property: Description("0–100.")] int Percent,
    DateTime RequestedAt,
    [property: Description("Set when ready: the ZIP, for this customer, until expiresAt.")] string? DownloadUrl,
    DateTime? ExpiresAt)
{
    public static ExportResponse From(DataExport e, DateTime utcNow) => new(
        e.Id, e.State, e.Percent, e.RequestedAtUtc, e.IsDownloadable(utcNow) ? $"/account/export/{e.Id}" : null, e.ExpiresAtUtc);
}
