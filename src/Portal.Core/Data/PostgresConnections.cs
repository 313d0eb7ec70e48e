using System.Data.Common;
using Npgsql;

namespace Portal.Core.Data;

public static class PostgresConnections
{
    /// <summary>
    /// Lets Npgsql prepare the statements a connection runs again and again (every page's few reads), so PostgreSQL
    /// parses and plans them once per connection instead of on every request. A connection string that sets
    /// "Max Auto Prepare" itself keeps its choice (0 behind a pooler in transaction mode, which loses prepared statements).
    /// </summary>
    public static string WithAutoPrepare(string connectionString)
    {
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        if (given.ContainsKey("Max Auto Prepare") || given.ContainsKey("MaxAutoPrepare")) return connectionString;
        return new NpgsqlConnectionStringBuilder(connectionString) { MaxAutoPrepare = 64, AutoPrepareMinUsages = 2 }.ConnectionString;
    }
}
