using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;

namespace Portal.Core.Tickets;

public enum CannedReplyError { NotFound, InvalidCode, DuplicateCode, EmptyTitle, TitleTooLong, EmptyBody, BodyTooLong }

public sealed record CannedReplyInput(string ShortCode, string Title, string BodyEn, string? BodyAr);

/// <summary>Agents' ready answers. Short codes look like <c>/refund</c>: a slash, then lowercase letters, digits or dashes.</summary>
public sealed partial class CannedReplies(PortalDbContext db, TimeProvider clock)
{
    public async Task<IReadOnlyList<CannedReply>> ListAsync(CancellationToken ct = default) =>
        await db.Set<CannedReply>().AsNoTracking().OrderBy(c => c.ShortCode).ToListAsync(ct);

    public Task<CannedReply?> FindAsync(int id, CancellationToken ct = default) =>
        db.Set<CannedReply>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct);

    /// <summary>Adds (<paramref name="id"/> null) or changes a canned reply.</summary>
    public async Task<(CannedReply? Reply, CannedReplyError? Error)> SaveAsync(int? id, CannedReplyInput input, CancellationToken ct = default)
    {
        var code = Normalize(input.ShortCode);
        var title = input.Title?.Trim() ?? "";
        var bodyEn = input.BodyEn?.Trim() ?? "";
        var bodyAr = input.BodyAr?.Trim() ?? "";
        if (!CodePattern().IsMatch(code)) return (null, CannedReplyError.InvalidCode);
        if (title.Length == 0) return (null, CannedReplyError.EmptyTitle);
        if (title.Length > CannedReply.MaxTitleLength) return (null, CannedReplyError.TitleTooLong);
        if (bodyEn.Length == 0) return (null, CannedReplyError.EmptyBody);
        if (bodyEn.Length > CannedReply.MaxBodyLength || bodyAr.Length > CannedReply.MaxBodyLength) return (null, CannedReplyError.BodyTooLong);

        CannedReply reply;
        if (id is { } existing)
        {
            if (await db.Set<CannedReply>().FirstOrDefaultAsync(c => c.Id == existing, ct) is not { } found) return (null, CannedReplyError.NotFound);
            reply = found;
        }
        else
        {
            reply = new CannedReply();
            db.Add(reply);
        }
        if (await db.Set<CannedReply>().AnyAsync(c => c.ShortCode == code && c.Id != (id ?? 0), ct))
        {
            db.ChangeTracker.Clear();
            return (null, CannedReplyError.DuplicateCode);
        }
        reply.ShortCode = code;
        reply.Title = title;
        reply.BodyEn = bodyEn;
        reply.BodyAr = bodyAr;
        reply.UpdatedAtUtc = clock.GetUtcNow().UtcDateTime;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Two agents adding the same code at once: the unique index keeps one.
            db.ChangeTracker.Clear();
            return (null, CannedReplyError.DuplicateCode);
        }
        return (reply, null);
    }

    public async Task<bool> DeleteAsync(int id, CancellationToken ct = default) =>
        await db.Set<CannedReply>().Where(c => c.Id == id).ExecuteDeleteAsync(ct) > 0;

    /// <summary>"Refund" and "/refund" are the same code.</summary>
    public static string Normalize(string? code)
    {
        code = (code ?? "").Trim().ToLowerInvariant();
        return code.StartsWith('/') ? code : "/" + code;
    }

    [GeneratedRegex("^/[a-z0-9][a-z0-9-]{0,28}$")]
    private static partial Regex CodePattern();
}
