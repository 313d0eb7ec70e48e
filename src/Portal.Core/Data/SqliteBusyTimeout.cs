using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Portal.Core.Data;

/// <summary>
/// Lets SQLite itself wait for a busy writer. Without it Microsoft.Data.Sqlite retries in 150 ms sleeps, so racing
/// writes (20 redemptions at once) queue up in 150 ms steps; see bench/README.md.
/// </summary>
public sealed class SqliteBusyTimeout : DbConnectionInterceptor
{
    private const string Pragma = "PRAGMA busy_timeout = 5000;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragma;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragma;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
