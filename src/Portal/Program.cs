using Portal;
using Portal.Core.Data;
using Portal.Shell;

// `seed` fills a database for benchmarks and exits; anything else starts the web server.
if (SeedCommand.Matches(args)) return await SeedCommand.RunAsync(args);

var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    WebRootPath = PortalPaths.WebRoot(),
});

builder.AddPortalWeb(PortalModules.All);

var app = builder.Build();
app.UsePortal();

await PortalDatabase.InitializeAsync(app.Services);
await app.SeedDemoDataAsync();

app.Run();
return 0;

public partial class Program;
