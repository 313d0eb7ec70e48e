using System.IO.Compression;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Customers;
using Portal.Core.Data;
using Portal.Core.Events;
using Portal.Core.Tickets;

namespace Portal.Core.Account;

public sealed record DataExportRequested(Guid ExportId, string CustomerId) : IDomainEvent
{
    public string StreamKey => CustomerId;
}

public sealed class DataExportOptions
{
    /// <summary>Where finished ZIPs wait for their 24 hours (outside the web root).</summary>
    public string Directory { get; set; } = "App_Data/exports";
}

/// <summary>What the summary page lists in words besides the files: security activity and the devices signed in.</summary>
public sealed record DataExportSecurity(IReadOnlyList<Security.ActivityItem> Activity, IReadOnlyList<Security.SignInSession> Sessions);

/// <summary>The readable page in the ZIP, in the customer's language (written by the web project, which has the words).</summary>
public interface IDataExportSummary
{
    string Html(PortalUser customer, IReadOnlyList<(string File, int Count)> files, DataExportSecurity security, DateTime generatedUtc);
}

/// <summary>"Download my data": asked for on /account or the API, built by the event's handler, fetched by its customer only.</summary>
public sealed class DataExports(PortalDbContext db, Outbox outbox, TimeProvider clock, DataExportOptions options, IServiceProvider services)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Columns of the account row that are secrets or internal, not the customer's data.</summary>
    private static readonly HashSet<string> ProfileOmit =
    [
        "PasswordHash", "SecurityStamp", "ConcurrencyStamp", "NormalizedEmail", "NormalizedUserName", "AccessFailedCount", "LockoutEnd", "LockoutEnabled",
    ];

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>The customer's newest request, if any.</summary>
    public Task<DataExport?> LatestAsync(string customerId, CancellationToken ct = default) =>
        db.Set<DataExport>().AsNoTracking().Where(e => e.CustomerId == customerId).OrderByDescending(e => e.RequestedAtUtc).FirstOrDefaultAsync(ct);

    public Task<DataExport?> FindAsync(string customerId, Guid id, CancellationToken ct = default) =>
        db.Set<DataExport>().AsNoTracking().FirstOrDefaultAsync(e => e.Id == id && e.CustomerId == customerId, ct);

    /// <summary>Starts one, or gives back the one still being prepared (a double click makes one ZIP).</summary>
    public async Task<DataExport> RequestAsync(string customerId, CancellationToken ct = default)
    {
        var open = await db.Set<DataExport>().AsNoTracking()
            .Where(e => e.CustomerId == customerId && (e.State == DataExportState.Queued || e.State == DataExportState.Running)).FirstOrDefaultAsync(ct);
        if (open is not null) return open;
        var export = new DataExport { Id = Guid.NewGuid(), CustomerId = customerId, State = DataExportState.Queued, RequestedAtUtc = Now };
        db.Add(export);
        outbox.Raise(new DataExportRequested(export.Id, customerId));
        await db.SaveChangesAsync(ct);
        return export;
    }

    /// <summary>The ZIP's path when <paramref name="customerId"/> may download it now; null otherwise (someone else's, expired, not ready).</summary>
    public async Task<string?> DownloadPathAsync(string customerId, Guid id, CancellationToken ct = default)
    {
        var export = await FindAsync(customerId, id, ct);
        if (export is null || !export.IsDownloadable(Now)) return null;
        var path = PathOf(id);
        return File.Exists(path) ? path : null;
    }

    public string PathOf(Guid id) => Path.Combine(Path.GetFullPath(options.Directory), $"{id:N}.zip");

    /// <summary>Writes one JSON file per kind of record, the attachments' files and summary.html; moves the percentage as it goes.</summary>
    public async Task BuildAsync(Guid id, CancellationToken ct = default)
    {
        var export = await db.Set<DataExport>().FirstOrDefaultAsync(e => e.Id == id, ct);
        if (export is null || export.State is DataExportState.Ready) return;
        var customer = await db.Users.AsNoTracking().FirstAsync(u => u.Id == export.CustomerId, ct);
        export.State = DataExportState.Running;
        export.Percent = 0;
        await db.SaveChangesAsync(ct);

        Directory.CreateDirectory(Path.GetFullPath(options.Directory));
        var path = PathOf(id);
        var part = path + ".part";
        var counts = new List<(string File, int Count)>();
        var kinds = CustomerDataCatalog.Exported;
        await using (var stream = new FileStream(part, FileMode.Create, FileAccess.Write))
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create))
        {
            var profile = Row(db.Model.FindEntityType(typeof(PortalUser))!, customer, ProfileOmit);
            await WriteJsonAsync(zip, "profile.json", profile, ct);
            counts.Add(("profile.json", 1));
            for (var i = 0; i < kinds.Count; i++)
            {
                var kind = kinds[i];
                var type = db.Model.FindEntityType(kind.Entity)!;
                var rows = await kind.Rows(db, customer.Id).AsNoTracking().ToListAsync(ct);
                await WriteJsonAsync(zip, kind.File + ".json", rows.Select(r => kind.Shape is { } shape ? shape(r) : Row(type, r, kind.Omit)).ToList(), ct);
                counts.Add((kind.File + ".json", rows.Count));
                if (kind.Entity == typeof(TicketAttachment)) AddAttachments(zip, rows.Cast<TicketAttachment>());
                export.Percent = (i + 1) * 95 / kinds.Count;
                await db.SaveChangesAsync(ct);
            }
            var security = new DataExportSecurity(
                await services.GetRequiredService<Security.SecurityActivity>().AllAsync(customer.Id, ct),
                await db.Set<Security.SignInSession>().AsNoTracking().Where(s => s.UserId == customer.Id).OrderByDescending(s => s.CreatedAtUtc).ToListAsync(ct));
            var summary = services.GetRequiredService<IDataExportSummary>().Html(customer, counts, security, Now);
            await using var html = zip.CreateEntry("summary.html").Open();
            await html.WriteAsync(System.Text.Encoding.UTF8.GetBytes(summary), ct);
        }
        File.Move(part, path, overwrite: true);
        export.State = DataExportState.Ready;
        export.Percent = 100;
        export.ReadyAtUtc = Now;
        export.ExpiresAtUtc = Now + DataExport.Lifetime;
        export.SizeBytes = new FileInfo(path).Length;
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Deletes the ZIPs whose 24 hours are over; the request rows stay as a record that they were made.</summary>
    public async Task<int> PurgeExpiredAsync(CancellationToken ct = default)
    {
        var now = Now;
        var expired = await db.Set<DataExport>().Where(e => e.State == DataExportState.Ready && e.ExpiresAtUtc <= now).Select(e => e.Id).ToListAsync(ct);
        var removed = 0;
        foreach (var id in expired)
            if (File.Exists(PathOf(id))) { File.Delete(PathOf(id)); removed++; }
        return removed;
    }

    private void AddAttachments(ZipArchive zip, IEnumerable<TicketAttachment> attachments)
    {
        if (services.GetService<TicketOptions>() is not { } tickets) return;
        foreach (var a in attachments)
        {
            var file = Path.Combine(tickets.AttachmentsDirectory, a.StoredName);
            if (!File.Exists(file)) continue;
            zip.CreateEntryFromFile(file, $"attachments/{a.Id}-{Path.GetFileName(a.OriginalName)}");
        }
    }

    private static async Task WriteJsonAsync(ZipArchive zip, string name, object value, CancellationToken ct)
    {
        await using var entry = zip.CreateEntry(name).Open();
        await JsonSerializer.SerializeAsync(entry, value, Json, ct);
    }

    /// <summary>The row's mapped columns by name (private setters and all), minus <paramref name="omit"/>.</summary>
    private static Dictionary<string, object?> Row(Microsoft.EntityFrameworkCore.Metadata.IEntityType type, object row, IReadOnlySet<string> omit) =>
        type.GetProperties().Where(p => !p.IsShadowProperty() && !omit.Contains(p.Name))
            .ToDictionary(p => p.Name, p => p.PropertyInfo?.GetValue(row) ?? p.FieldInfo?.GetValue(row));
}
