using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portal.Core.Common;
using Portal.Core.Data;

namespace Portal.Shell.Api;

/// <summary>
/// Honours <c>Idempotency-Key</c> on the POSTs that award or spend (<see cref="ApiOpenApi.WithIdempotencyKey"/>):
/// the first answer (success or refusal, not a server error) is stored; a retry with the same key and the same
/// request gets it back with <c>Idempotent-Replayed: true</c>; the same key with a different request is a 422.
/// With <see cref="WithIdempotencyKeyInTransaction"/> the answer is stored in the same database transaction as the
/// call's own writes, for features whose effect has no natural key of its own (a new ticket, a comment).
/// </summary>
public static class IdempotencyKeys
{
    public const string ReplayedHeader = "Idempotent-Replayed";
    public const string ReusedCode = "idempotency_key_reused";
    public const int MaxKeyLength = 100;
    public static readonly TimeSpan KeptFor = TimeSpan.FromHours(24);

    /// <summary>Lets the filter read the body again after model binding (only for calls that carry a key).</summary>
    public static IApplicationBuilder UseIdempotencyKeyBuffering(this IApplicationBuilder app) =>
        app.Use((http, next) =>
        {
            if (HttpMethods.IsPost(http.Request.Method) && http.Request.Headers.ContainsKey(ApiOpenApi.IdempotencyKeyHeader)
                && http.Request.Path.StartsWithSegments("/api"))
                http.Request.EnableBuffering();
            return next(http);
        });

    /// <summary>
    /// Like <see cref="ApiOpenApi.WithIdempotencyKey"/>, and the call's writes commit together with the stored answer
    /// (one serializable transaction; the feature's services join it): a retry after a crash finds the key and gets
    /// the answer instead of acting again, and twin requests sent at once act once.
    /// </summary>
    public static TBuilder WithIdempotencyKeyInTransaction<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithIdempotencyKey().WithMetadata(InTransaction.Instance);

    private sealed class InTransaction
    {
        public static readonly InTransaction Instance = new();
    }

    internal static async ValueTask<object?> FilterAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var key = http.Request.Headers[ApiOpenApi.IdempotencyKeyHeader].FirstOrDefault();
        if (key is null || Scope(http.User) is not { } scope) return await next(context);
        var s = http.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
        if (key.Length is 0 or > MaxKeyLength)
            return ApiProblems.Validation(new Dictionary<string, string[]> { [ApiOpenApi.IdempotencyKeyHeader] = [s["The Idempotency-Key must be 1 to 100 characters."]] });

        var fingerprint = await FingerprintAsync(http.Request);
        var db = http.RequestServices.GetRequiredService<PortalDbContext>();
        var now = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        var since = now - KeptFor;
        var stored = await db.Set<IdempotentRequest>().AsNoTracking().FirstOrDefaultAsync(r => r.Scope == scope && r.Key == key, http.RequestAborted);
        if (stored is not null && stored.CreatedAtUtc < since)
        {
            // Expired: the key may be used afresh.
            await db.Set<IdempotentRequest>().Where(r => r.Id == stored.Id).ExecuteDeleteAsync(http.RequestAborted);
            stored = null;
        }
        if (stored is not null)
        {
            if (stored.Fingerprint != fingerprint)
                return ApiProblems.Problem(StatusCodes.Status422UnprocessableEntity, ReusedCode, s["This Idempotency-Key was already used for a different request."]);
            return new Replay(stored);
        }
        if (http.GetEndpoint()?.Metadata.GetMetadata<InTransaction>() is not null)
            return await InTransactionAsync(context, next, db, scope, key, fingerprint, now, s);

        var result = await next(context);
        if (result is not IResult answer) return result;
        // Run the result into a buffer to keep a copy, then send it on.
        var original = http.Response.Body;
        using var buffer = new MemoryStream();
        http.Response.Body = buffer;
        try { await answer.ExecuteAsync(http); }
        finally { http.Response.Body = original; }
        if (http.Response.StatusCode < 500)
        {
            db.ChangeTracker.Clear();
            db.Add(new IdempotentRequest
            {
                Scope = scope, Key = key, Fingerprint = fingerprint, StatusCode = http.Response.StatusCode,
                ContentType = http.Response.ContentType, Body = System.Text.Encoding.UTF8.GetString(buffer.ToArray()),
                CreatedAtUtc = now,
            });
            // A twin request racing this one may have stored first; the feature made the effect happen once either way.
            try { await db.SaveChangesAsync(CancellationToken.None); }
            catch (DbUpdateException e) when (DatabaseErrors.IsUniqueViolation(e)) { }
        }
        buffer.Position = 0;
        await buffer.CopyToAsync(original, http.RequestAborted);
        return Results.Empty;
    }

    private static async ValueTask<object?> InTransactionAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next,
        PortalDbContext db, string scope, string key, string fingerprint, DateTime now, IStringLocalizer s)
    {
        var http = context.HttpContext;
        for (var attempt = 1; ; attempt++)
        {
            // Serializable: SQLite takes its write lock at once (BEGIN IMMEDIATE), so a twin waits here and then finds
            // the key; on PostgreSQL the loser of a race fails on commit and comes round again.
            await using var tx = await db.Database.BeginTransactionAsync(System.Data.IsolationLevel.Serializable, http.RequestAborted);
            var original = http.Response.Body;
            using var buffer = new MemoryStream();
            try
            {
                if (await db.Set<IdempotentRequest>().AsNoTracking().FirstOrDefaultAsync(r => r.Scope == scope && r.Key == key, http.RequestAborted) is { } twin)
                {
                    await tx.RollbackAsync(CancellationToken.None);
                    return twin.Fingerprint == fingerprint ? new Replay(twin)
                        : ApiProblems.Problem(StatusCodes.Status422UnprocessableEntity, ReusedCode, s["This Idempotency-Key was already used for a different request."]);
                }
                var result = await next(context);
                if (result is not IResult answer)
                {
                    await tx.CommitAsync(CancellationToken.None);
                    return result;
                }
                http.Response.Body = buffer;
                try { await answer.ExecuteAsync(http); }
                finally { http.Response.Body = original; }
                if (http.Response.StatusCode >= 500)
                {
                    await tx.RollbackAsync(CancellationToken.None);
                }
                else
                {
                    db.ChangeTracker.Clear();
                    db.Add(new IdempotentRequest
                    {
                        Scope = scope, Key = key, Fingerprint = fingerprint, StatusCode = http.Response.StatusCode,
                        ContentType = http.Response.ContentType, Body = System.Text.Encoding.UTF8.GetString(buffer.ToArray()),
                        CreatedAtUtc = now,
                    });
                    await db.SaveChangesAsync(CancellationToken.None);
                    await tx.CommitAsync(CancellationToken.None);
                }
            }
            // Npgsql's serialization failures arrive wrapped as "likely due to a transient failure".
            catch (Exception e) when (attempt < 5 && (e is DbUpdateException or System.Data.Common.DbException
                || e.InnerException is DbUpdateException or System.Data.Common.DbException))
            {
                // A twin or another ticket won a race (PostgreSQL): nothing of this attempt was kept; start again.
                try { await tx.RollbackAsync(CancellationToken.None); }
                catch (InvalidOperationException) { } // the failed commit already ended it
                db.ChangeTracker.Clear();
                http.Response.Clear();
                continue;
            }
            buffer.Position = 0;
            await buffer.CopyToAsync(original, http.RequestAborted);
            return Results.Empty;
        }
    }

    /// <summary>Forgets answers older than <see cref="KeptFor"/> (the daily job calls this).</summary>
    public static Task<int> PurgeAsync(PortalDbContext db, DateTime nowUtc, CancellationToken ct)
    {
        var before = nowUtc - KeptFor;
        return db.Set<IdempotentRequest>().Where(r => r.CreatedAtUtc < before).ExecuteDeleteAsync(ct);
    }

    private static string? Scope(ClaimsPrincipal user) =>
        user.FindFirstValue(Portal.Loyalty.IntegrationKeyAuthentication.KeyIdClaim) is { } keyId ? "key:" + keyId
        : user.FindFirstValue(ClaimTypes.NameIdentifier) is { } userId ? "user:" + userId
        : null;

    private static async Task<string> FingerprintAsync(HttpRequest request)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(System.Text.Encoding.UTF8.GetBytes($"{request.Method} {request.Path}{request.QueryString}\n"));
        if (request.Body.CanSeek)
        {
            request.Body.Position = 0;
            var chunk = new byte[8192];
            int read;
            while ((read = await request.Body.ReadAsync(chunk)) > 0) sha.AppendData(chunk, 0, read);
        }
        return Convert.ToHexString(sha.GetHashAndReset());
    }

    private sealed class Replay(IdempotentRequest stored) : IResult
    {
        public async Task ExecuteAsync(HttpContext http)
        {
            http.Response.StatusCode = stored.StatusCode;
            if (stored.ContentType is not null) http.Response.ContentType = stored.ContentType;
            http.Response.Headers[ReplayedHeader] = "true";
            await http.Response.WriteAsync(stored.Body);
        }
    }
}
