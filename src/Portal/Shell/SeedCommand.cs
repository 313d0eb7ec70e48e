using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;
using Portal.Core.Demo;

namespace Portal.Shell;

/// <summary>
/// <c>Portal seed --customers N --purchases N [--database path|connection string] [--provider sqlite|postgres] [--seed N] [--as-of yyyy-MM-dd] [--force]</c>:
/// fills a database for benchmarks with <see cref="ScaleSeed"/>, then exits without starting the web server.
/// </summary>
public static class SeedCommand
{
    public static bool Matches(string[] args) => args is ["seed", ..];

    private static readonly string Usage = $"""
        Usage: Portal seed [--customers 100000] [--purchases 2000000] [--database <file or connection string>]
                           [--provider sqlite|postgres] [--seed 12] [--as-of yyyy-MM-dd] [--force] [--Section:Key=value]
          Fills the database (by default ConnectionStrings:Portal) with customers and purchases for benchmarks.
          Every seeded customer signs in with {ScaleSeed.Password}; {ScaleSeed.Bench200Email} has exactly 200 purchases.
          Refuses a database that already holds seeded customers or real ones, unless --force
          (which removes an earlier seed first). A relative --database path is taken from src/Portal
          (dotnet run's working directory), like the default App_Data/portal.db. --provider postgres (the same as
          --Database:Provider=Postgres) with --database "Host=…;Database=…" seeds PostgreSQL, with binary COPY;
          its migrations are applied first. --Section:Key=value sets any other configuration value, as for the portal.
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        if (!TryParse(args[1..], out var options, out var database, out var settings, out var error))
        {
            if (error is not null) Console.Error.WriteLine(error);
            Console.Error.WriteLine(Usage);
            return error is null ? 0 : 2;
        }

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { WebRootPath = PortalPaths.WebRoot() });
        foreach (var (key, value) in settings) builder.Configuration[key] = value;
        if (database is not null)
            builder.Configuration["ConnectionStrings:Portal"] = database.Contains('=') ? database : $"Data Source={Path.GetFullPath(database)}";
        // Only what goes wrong: the bars are the output.
        builder.Configuration["Logging:LogLevel:Default"] = "Warning";
        builder.AddPortalWeb(PortalModules.All);
        await using var app = builder.Build();

        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
        try
        {
            await using var scope = app.Services.CreateAsyncScope();
            var facade = scope.ServiceProvider.GetRequiredService<PortalDbContext>().Database;
            await PortalDatabase.InitializeAsync(app.Services, cancel.Token);
            Console.WriteLine($"Seeding {options.Customers:N0} customers and {options.Purchases:N0} purchases (seed {options.Seed}) into {Describe(facade)}");
            var bars = new ProgressBars();
            var result = await scope.ServiceProvider.GetRequiredService<ScaleSeed>().RunAsync(options, bars, cancel.Token);
            bars.Finish();
            Console.WriteLine(
                $"Done in {result.Elapsed.TotalSeconds:N1} s: {result.Customers:N0} customers, {result.Purchases:N0} purchases, {result.Lines:N0} lines, {result.Refunds:N0} refunds, history up to {result.AsOfUtc:yyyy-MM-dd}.");
            if (result.SharedDatabase) Console.WriteLine("Another connection (a running portal?) had the database open, so the load went through WAL, which is slower: stop it before seeding.");
            if (result.RemovedEarlierSeed > 0) Console.WriteLine($"Removed the earlier seed's {result.RemovedEarlierSeed:N0} customers first.");
            Console.WriteLine("Buyers: " + string.Join(", ", result.Mix.OrderBy(m => m.Key).Select(m => $"{m.Key} {m.Value:N0} ({100.0 * m.Value / result.Customers:N1}%)")));
            Console.WriteLine($"Sign in as any seeded customer with the password {ScaleSeed.Password}; 200 purchases: {string.Join(", ", result.Bench200Emails)}");
            return 0;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine();
            Console.Error.WriteLine("Cancelled: nothing was written.");
            return 130;
        }
        catch (Exception e) when (e is ScaleSeedRefusedException or NotSupportedException or ArgumentException)
        {
            Console.Error.WriteLine(e.Message);
            return 1;
        }
    }

    private static string Describe(Microsoft.EntityFrameworkCore.Infrastructure.DatabaseFacade facade)
    {
        var connectionString = facade.GetConnectionString();
        try
        {
            if (facade.IsNpgsql())
            {
                var postgres = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
                return $"PostgreSQL database {postgres.Database} on {postgres.Host}:{postgres.Port}";
            }
            return new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connectionString).DataSource;
        }
        catch (ArgumentException) { return "the configured database"; }
    }

    internal static bool TryParse(string[] args, out ScaleSeedOptions options, out string? database, out Dictionary<string, string> settings, out string? error)
    {
        options = new ScaleSeedOptions();
        database = null;
        settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        error = null;
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            if (name is "--help" or "-h") return false;
            if (name == "--force") { options = options with { Force = true }; continue; }
            // Configuration as the portal takes it (--Database:Provider=Postgres), so one set of arguments serves both.
            if (name.StartsWith("--", StringComparison.Ordinal) && name.Contains(':') && name.Contains('='))
            {
                var equals = name.IndexOf('=');
                settings[name[2..equals]] = name[(equals + 1)..];
                continue;
            }
            if (i + 1 >= args.Length) { error = $"{name} needs a value."; return false; }
            var value = args[++i];
            if (name.StartsWith("--", StringComparison.Ordinal) && name.Contains(':'))
            {
                settings[name[2..]] = value;
                continue;
            }
            switch (name)
            {
                case "--provider" when Enum.TryParse<Portal.Core.DatabaseProvider>(value, ignoreCase: true, out var provider):
                    settings["Database:Provider"] = provider.ToString(); break;
                case "--customers" when int.TryParse(value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var customers) && customers > 0:
                    options = options with { Customers = customers }; break;
                case "--purchases" when int.TryParse(value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var purchases) && purchases >= 0:
                    options = options with { Purchases = purchases }; break;
                case "--seed" when int.TryParse(value, CultureInfo.InvariantCulture, out var seed):
                    options = options with { Seed = seed }; break;
                case "--as-of" when DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var asOf):
                    options = options with { AsOf = asOf }; break;
                case "--database" when !string.IsNullOrWhiteSpace(value):
                    database = value; break;
                default:
                    error = $"Unknown option or bad value: {name} {value}"; return false;
            }
        }
        return true;
    }

    /// <summary>One bar per phase, redrawn in place on a terminal; a line per quarter when the output is a file.</summary>
    private sealed class ProgressBars : IProgress<ScaleSeedProgress>
    {
        private const int Width = 30;
        private readonly Stopwatch _phase = Stopwatch.StartNew();
        private ScaleSeedPhase? _current;
        private int _lastDrawn = -1;

        public void Report(ScaleSeedProgress value)
        {
            if (_current != value.Phase)
            {
                if (_current is not null && !Console.IsOutputRedirected) Console.WriteLine();
                _current = value.Phase;
                _lastDrawn = -1;
                _phase.Restart();
            }
            var percent = value.Total == 0 ? 100 : (int)(100 * value.Done / value.Total);
            var step = Console.IsOutputRedirected ? percent / 25 * 25 : percent;
            if (step == _lastDrawn) return;
            _lastDrawn = step;
            var filled = Width * percent / 100;
            var label = value.Phase switch
            {
                ScaleSeedPhase.Customers => "customers",
                ScaleSeedPhase.Purchases => "purchases and lines",
                _ => "indexes",
            };
            var line = $"{label,-20} [{new string('#', filled)}{new string('.', Width - filled)}] {percent,3}% {value.Done,10:N0}/{value.Total:N0} {_phase.Elapsed.TotalSeconds,6:N1} s";
            if (Console.IsOutputRedirected) Console.WriteLine(line);
            else Console.Write("\r" + line);
        }

        public void Finish()
        {
            if (_current is not null && !Console.IsOutputRedirected) Console.WriteLine();
        }
    }
}
