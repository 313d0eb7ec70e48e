using Portal.Core.Data;

namespace Portal.Core.Notifications;

/// <summary>
/// One read of the version of everything /notifications shows a customer: their choices, frequencies and quiet hours,
/// phone, time zone and verification state, deliveries and attempts, and browsers for push. Equal stamps mean the page
/// made under the first still holds, so the page can be kept per stamp. Each instance reads it from the database, so a
/// change made on another instance shows on the next request. What changes with the clock alone (a code or lock
/// running out, a digest slot passing) is not in it: the page keeps that time beside what it keeps.
/// </summary>
public sealed class NotificationPageStamp(PortalDbContext db)
{
    public Task<string> ForAsync(string customerId, CancellationToken ct = default) =>
        HotReads.StampAsync(db, Sql, ct, ("@customerId", customerId));

    // Every write of a choice or frequency sets its UpdatedAtUtc. A delivery's status only moves on, and the names'
    // lengths differ, so LENGTH(Status) weighted by the id changes with any one move; Attempts only grows.
    private const string Sql = """
        SELECT u."TimeZoneId", u."PhoneNumber", u."PhoneNumberConfirmed",
            v."PhoneNumber", v."CodeExpiresAtUtc", v."LockedUntilUtc", v."FailedAttempts", v."Version",
            q."Start", q."End",
            p.c, p.e, p.t, f.c, f.t, d.c, d.m, d.s, d.a, d.x, d.w, a.c, a.m, a.o, a.d, s.c, s.m, s.l, s.t
        FROM "AspNetUsers" u
            LEFT JOIN "PhoneVerifications" v ON v."CustomerId" = u."Id"
            LEFT JOIN "NotificationQuietHours" q ON q."CustomerId" = u."Id",
            (SELECT CAST(COUNT(*) AS BIGINT) AS c, CAST(COALESCE(SUM(CASE WHEN "Enabled" THEN 1 ELSE 0 END), 0) AS BIGINT) AS e, MAX("UpdatedAtUtc") AS t
                FROM "NotificationPreference" WHERE "CustomerId" = @customerId) p,
            (SELECT CAST(COUNT(*) AS BIGINT) AS c, MAX("UpdatedAtUtc") AS t FROM "NotificationTopicSetting" WHERE "CustomerId" = @customerId) f,
            (SELECT CAST(COUNT(*) AS BIGINT) AS c, CAST(COALESCE(MAX("Id"), 0) AS BIGINT) AS m,
                CAST(COALESCE(SUM(LENGTH("Status") * ("Id" % 9973)), 0) AS BIGINT) AS s, CAST(COALESCE(SUM("Attempts"), 0) AS BIGINT) AS a,
                MAX("SentAtUtc") AS x, MAX(CASE WHEN "Status" = 'WaitingForQuietHours' THEN "NextAttemptAtUtc" END) AS w
                FROM "NotificationDelivery" WHERE "CustomerId" = @customerId) d,
            (SELECT CAST(COUNT(*) AS BIGINT) AS c, CAST(COALESCE(MAX("Id"), 0) AS BIGINT) AS m, CAST(COUNT("Outcome") AS BIGINT) AS o,
                CAST(COALESCE(SUM("DurationMs"), 0) AS BIGINT) AS d
                FROM "NotificationDeliveryAttempt" WHERE "CustomerId" = @customerId) a,
            (SELECT CAST(COUNT(*) AS BIGINT) AS c, CAST(COALESCE(MAX("Id"), 0) AS BIGINT) AS m,
                CAST(COALESCE(SUM(LENGTH("Label")), 0) AS BIGINT) AS l, MAX("LastSuccessAtUtc") AS t
                FROM "PushSubscriptions" WHERE "CustomerId" = @customerId) s
        WHERE u."Id" = @customerId
        """;
}
