using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Portal.Tests.Infrastructure;

/// <summary>
/// A throwaway PostgreSQL server on a free loopback port, in a temp folder, from the machine's PostgreSQL
/// binaries (.ci/run installs them). Runs as the postgres user when the tests run as root (initdb refuses root).
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "portal-pg-" + Guid.NewGuid().ToString("N"));
    private string _bin = "";
    private int _port;

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={_port};Username=portal;Database={database};Pooling=false";

    public async Task InitializeAsync()
    {
        _bin = FindBinaries();
        _port = FreePort();
        Directory.CreateDirectory(_folder);
        var data = Path.Combine(_folder, "data");
        if (AsRoot) await RunAsync("chown", ["-R", "postgres", _folder]);
        await PgAsync("initdb", ["-D", data, "-A", "trust", "-U", "portal", "-E", "UTF8", "--no-sync", "--no-instructions"]);
        await PgAsync("pg_ctl", ["-D", data, "-l", Path.Combine(_folder, "log"), "-w", "-t", "60", "start",
            "-o", $"-p {_port} -k {_folder} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off"]);
    }

    public async Task DisposeAsync()
    {
        Npgsql.NpgsqlConnection.ClearAllPools();
        await PgAsync("pg_ctl", ["-D", Path.Combine(_folder, "data"), "-m", "immediate", "-w", "stop"]);
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    private static bool AsRoot => Environment.UserName == "root";

    private Task PgAsync(string tool, string[] args) => AsRoot
        ? RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(_bin, tool), .. args])
        : RunAsync(Path.Combine(_bin, tool), args);

    private static async Task RunAsync(string file, string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited {process.ExitCode}: {await stderr}{await stdout}");
    }

    private static string FindBinaries()
    {
        var configured = Environment.GetEnvironmentVariable("PORTAL_PG_BIN");
        if (!string.IsNullOrEmpty(configured)) return configured;
        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "initdb"))).OrderByDescending(d => d, StringComparer.Ordinal).FirstOrDefault()
            : null;
        return bin ?? throw new InvalidOperationException("PostgreSQL binaries not found: apt-get install -y postgresql, or set PORTAL_PG_BIN.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
