using Portal;
using Portal.Core.Data;

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

public partial class Program;
