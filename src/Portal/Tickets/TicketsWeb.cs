using System.Net;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Portal.Core.Tickets;
using Portal.Customers.Staff;
using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Portal.Core.Demo;
using Portal.Shell;
using Portal.Shell.Modules;

namespace Portal.Tickets;

/// <summary>Support tickets: services, options, the auto-close worker, the staff profile panel and the contact form's rate limit.</summary>
public sealed class TicketsModule : PortalModule
{
    public override void AddServices(WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var config = builder.Configuration;
        services.AddSingleton(new TicketOptions
        {
            AttachmentsDirectory = Path.GetFullPath(config["Tickets:AttachmentsDirectory"] ?? "App_Data/attachments", builder.Environment.ContentRootPath),
            AutoCloseAfter = TimeSpan.FromDays(config.GetValue("Tickets:AutoCloseAfterDays", 7.0)),
        });
        services.AddSingleton<TicketAttachmentStore>();
        services.AddSingleton<ITicketEvents, NoTicketEvents>();
        services.AddScoped<TicketService>();
        services.AddScoped<TicketQueries>();
        services.AddScoped<CannedReplies>();
        services.AddScoped<TicketDemoData>();
        services.AddDemoData<TicketDemoData>();
        services.AddHostedService<TicketAutoCloser>();
        services.AddCustomerProfilePanel<TicketsPanel>();
        services.AddHomeSummary<TicketsHomeSummary>();
        services.Configure<RateLimiterOptions>(o => o.AddContactRateLimit(config));
        services.AddNavigation(
            new NavEntry("/tickets", "Tickets", NavAudience.Customer, NavGroups.Support, 20, Icons.Ticket, Policies.Customer),
            new NavEntry("/agent/tickets", "Ticket queue", NavAudience.Agent, NavGroups.Work, 10, Icons.Inbox, Policies.Agent));
    }

    public override void ConfigurePages(PageConventionCollection pages) =>
        pages.AuthorizeFolder("/Tickets/Agent", Policies.Agent);

    public override void MapApi(RouteGroupBuilder api, RouteGroupBuilder customer) => customer.MapTicketsApi();
}

public static class TicketsWeb
{
    public const string ContactRateLimit = "contact";

    /// <summary>Contact-form posts per IP (showing the form is free): <c>RateLimits:ContactPermitsPer10Minutes</c>, 5 by default.</summary>
    public static RateLimiterOptions AddContactRateLimit(this RateLimiterOptions options, IConfiguration config)
    {
        var permits = config.GetValue("RateLimits:ContactPermitsPer10Minutes", 5);
        return options.AddPolicy(ContactRateLimit, ctx => HttpMethods.IsPost(ctx.Request.Method)
            ? RateLimitPartition.GetFixedWindowLimiter(ctx.Connection.RemoteIpAddress ?? IPAddress.Loopback,
                _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(10) })
            : RateLimitPartition.GetNoLimiter(IPAddress.None));
    }

    /// <summary>The signed-in person as a customer: on customer pages and the API, even an agent sees only their own tickets.</summary>
    public static TicketActor AsTicketCustomer(this ClaimsPrincipal user) => new(user.UserId(), user.DisplayName(), IsAgent: false);

    /// <summary>The signed-in person as an agent (the /agent pages require the Agent policy).</summary>
    public static TicketActor AsTicketAgent(this ClaimsPrincipal user) => new(user.UserId(), user.DisplayName(), IsAgent: true);
}

/// <summary>Closes resolved tickets nobody answered within the configured time (7 days by default), every few minutes.</summary>
public sealed class TicketAutoCloser(IServiceScopeFactory scopes, TimeProvider clock, ILogger<TicketAutoCloser> log) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var closed = await scope.ServiceProvider.GetRequiredService<TicketService>()
                    .CloseStaleResolvedAsync(clock.GetUtcNow().UtcDateTime, stoppingToken);
                if (closed > 0) log.LogInformation("Closed {Count} resolved tickets nobody answered", closed);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Closing resolved tickets failed; trying again later");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}

/// <summary>The customer's tickets on the staff profile and beside every ticket an agent works on.</summary>
public sealed class TicketsPanel(TicketQueries queries) : ICustomerProfilePanel
{
    public string Id => "tickets";
    public string Title => "Support tickets";
    public string PartialName => "/Tickets/Agent/_ProfilePanel.cshtml";
    public int Order => 20;
    public bool IsVisibleTo(ClaimsPrincipal viewer) => viewer.IsInRole(Portal.Core.Customers.Roles.Agent) || viewer.IsInRole(Portal.Core.Customers.Roles.Admin);
    public async Task<object?> LoadAsync(Portal.Core.Customers.PersonDetails customer, CancellationToken ct) =>
        await queries.ForCustomerAsync(customer.Id, ct);
}
