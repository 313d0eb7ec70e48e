namespace Portal.Core.Data;

/// <summary>Settings SQLite takes once per process, before its first connection.</summary>
public static class SqliteProcess
{
    private const int ConfigMemStatus = 9; // SQLITE_CONFIG_MEMSTATUS

    // sqlite3_config is not thread-safe: it runs once, however many hosts a process builds (the tests build many).
    private static readonly Lazy<bool> Configured = new(() =>
    {
        SQLitePCL.Batteries_V2.Init();
        return SQLitePCL.raw.sqlite3_config(ConfigMemStatus, 0) == SQLitePCL.raw.SQLITE_OK;
    });

    /// <summary>
    /// Turns off SQLite's memory statistics, which nothing here reads: with them on, every allocation takes one
    /// process-wide mutex, and parallel requests' queries queued on it (bench/README.md). False when SQLite had
    /// already started, which leaves it as it was.
    /// </summary>
    public static bool Configure() => Configured.Value;
}
