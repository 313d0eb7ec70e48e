using System.Data.Common;
using Npgsql;

namespace Portal.Core.Data;

public static class PostgresConnections
{
    /// <summary>
    /// Connections per instance unless the connection string says otherwise. Npgsql's 100 let two instances under
    /// a chat burst open 200 backends on a two-core server, which then answered a third as fast as with 8 or 16 each,
    /// and ran past PostgreSQL's default max_connections of 100 (bench/README.md). Four instances of 20 fit under it.
    /// </summary>
    public const int DefaultMaxPoolSize = 20;

    /// <summary>
    /// The connection string with the portal's defaults where it sets nothing itself:
    /// <list type="bullet">
    /// <item>Npgsql prepares the statements a connection runs again and again (every page's few reads), so PostgreSQL
    /// parses and plans them once per connection instead of on every request ("Max Auto Prepare=0" behind a pooler in
    /// transaction mode, which loses prepared statements, keeps its 0);</item>
    /// <item>at most <see cref="DefaultMaxPoolSize"/> connections.</item>
    /// </list>
    /// </summary>
    public static string WithDefaults(string connectionString)
    {
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        var tuned = new NpgsqlConnectionStringBuilder(connectionString);
        if (!Sets(given, "Max Auto Prepare", "MaxAutoPrepare"))
        {
            tuned.MaxAutoPrepare = 64;
            tuned.AutoPrepareMinUsages = 2;
        }
        if (!Sets(given, "Maximum Pool Size", "MaxPoolSize")) tuned.MaxPoolSize = DefaultMaxPoolSize;
        return tuned.ConnectionString;
    }

    private static bool Sets(DbConnectionStringBuilder given, params string[] keys) => keys.Any(given.ContainsKey);
}
