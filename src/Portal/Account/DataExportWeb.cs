using System.Net;
using System.Text;
using Microsoft.Extensions.Localization;
using Portal.Core.Account;
using Portal.Core.Customers;
using Portal.Core.Events;
using Portal.Shell;

namespace Portal.Account;

/// <summary>Builds the ZIP out of the request that asked for it.</summary>
public sealed class DataExportBuilder(DataExports exports) : IHandle<DataExportRequested>
{
    public Task HandleAsync(DataExportRequested e, EventContext context, CancellationToken ct) => exports.BuildAsync(e.ExportId, ct);
}

/// <summary>Removes the ZIPs whose 24 hours are over.</summary>
public sealed class DataExportPurgeJob(DataExports exports) : Core.Jobs.IPeriodicJob
{
    public static readonly Core.Jobs.JobSchedule Schedule = new("data-export-purge", TimeSpan.FromHours(1), Jitter: TimeSpan.FromMinutes(5), TimeLimit: TimeSpan.FromMinutes(10));

    public Task RunAsync(CancellationToken ct) => exports.PurgeExpiredAsync(ct);
}

/// <summary>summary.html: what each file holds, in the customer's language, readable without anything else.</summary>
public sealed class DataExportSummary(IStringLocalizerFactory factory, CustomerTimeZones zones) : IDataExportSummary
{
    public string Html(PortalUser customer, IReadOnlyList<(string File, int Count)> files, DataExportSecurity security, DateTime generatedUtc)
    {
        var previous = (System.Globalization.CultureInfo.CurrentCulture, System.Globalization.CultureInfo.CurrentUICulture);
        System.Globalization.CultureInfo.CurrentCulture = System.Globalization.CultureInfo.CurrentUICulture = Cultures.For(customer.PreferredLanguage);
        try
        {
            var s = factory.Create(typeof(SharedResource));
            static string E(string text) => WebUtility.HtmlEncode(text);
            var html = new StringBuilder();
            html.Append($"<!doctype html><html lang=\"{customer.PreferredLanguage}\" dir=\"{Cultures.Dir}\"><head><meta charset=\"utf-8\"><title>{E(s["Your data"])}</title></head><body>");
            html.Append($"<h1>{E(s["Your data"])}</h1>");
            html.Append($"<p>{E(s["Prepared for {0} (Customer ID {1}) on {2}.", customer.DisplayName, customer.Number.Grouped, Formats.LongDate(generatedUtc)])}</p>");
            html.Append($"<p>{E(s["Each file holds one kind of record, in JSON. Files for attachments you sent us are in the attachments folder."])}</p>");
            html.Append($"<table><thead><tr><th>{E(s["File"])}</th><th>{E(s["Records"])}</th></tr></thead><tbody>");
            foreach (var (file, count) in files)
                html.Append($"<tr><td dir=\"ltr\">{E(file)}</td><td>{E(Formats.Number(count))}</td></tr>");
            html.Append("</tbody></table>");

            // The same words as /security, for the account's whole life.
            var zone = zones.For(customer);
            html.Append($"<h2>{E(s["Devices and sessions"])}</h2>");
            if (security.Sessions.Count == 0) html.Append($"<p>{E(s["Nothing recorded."])}</p>");
            else
            {
                html.Append($"<table id=\"sessions\"><thead><tr><th>{E(s["Device"])}</th><th>{E(s["IP address"])}</th><th>{E(s["Started"])}</th><th>{E(s["Last seen"])}</th><th>{E(s["Ended"])}</th></tr></thead><tbody>");
                foreach (var x in security.Sessions)
                    html.Append($"<tr><td>{E(Portal.Security.SecurityText.Device(s, x.UserAgent, x.Kind == Core.Security.SessionKind.App))}</td><td dir=\"ltr\">{E(x.IpAddress ?? "")}</td>")
                        .Append($"<td>{E(Portal.Security.SecurityText.When(x.CreatedAtUtc, zone))}</td><td>{E(Portal.Security.SecurityText.When(x.LastSeenAtUtc, zone))}</td>")
                        .Append($"<td>{E(Ended(x, generatedUtc) is DateTime ended ? Portal.Security.SecurityText.When(ended, zone) : s["Still signed in"])}</td></tr>");
                html.Append("</tbody></table>");
            }
            html.Append($"<h2>{E(s["Security activity"])}</h2><p>{E(s["Sign-ins, failed attempts and changes to how you sign in, since your account was made."])}</p>");
            if (security.Activity.Count == 0) html.Append($"<p>{E(s["Nothing recorded."])}</p>");
            else
            {
                html.Append($"<table id=\"activity\"><thead><tr><th>{E(s["When"])}</th><th>{E(s["What"])}</th><th>{E(s["IP address"])}</th><th>{E(s["Device"])}</th></tr></thead><tbody>");
                foreach (var a in security.Activity)
                    html.Append($"<tr><td>{E(Portal.Security.SecurityText.When(a.AtUtc, zone))}</td><td>{E(Portal.Security.SecurityText.Activity(s, a))}</td>")
                        .Append($"<td dir=\"ltr\">{E(a.IpAddress ?? "")}</td><td>{E(a.UserAgent is null ? "" : Portal.Security.SecurityText.Device(s, a.UserAgent, a.App))}</td></tr>");
                html.Append("</tbody></table>");
            }
            html.Append("</body></html>");
            return html.ToString();
        }
        finally
        {
            (System.Globalization.CultureInfo.CurrentCulture, System.Globalization.CultureInfo.CurrentUICulture) = previous;
        }
    }

    /// <summary>Signed out, or past its expiry.</summary>
    private static DateTime? Ended(Core.Security.SignInSession session, DateTime now) =>
        session.RevokedAtUtc ?? (session.ExpiresAtUtc <= now ? session.ExpiresAtUtc : null);
}

public static class DataExportEndpoints
{
    /// <summary>The ZIP, for its customer within 24 hours; anyone else (or later) gets 404.</summary>
    public static void MapDataExportDownload(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/account/export/{id:guid}", async (Guid id, HttpContext http, DataExports exports, CancellationToken ct) =>
        {
            if (http.User.Identity?.IsAuthenticated != true) return Results.NotFound();
            var path = await exports.DownloadPathAsync(http.User.UserId(), id, ct);
            return path is null ? Results.NotFound() : Results.File(path, "application/zip", "my-data.zip");
        }).RequireAuthorization(Policies.Customer).ExcludeFromDescription();
}
