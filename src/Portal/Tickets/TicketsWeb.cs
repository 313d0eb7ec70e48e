using System.Net;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Portal.Core.Events;
using Portal.Core.Jobs;
using Portal.Core.Tickets;
using Portal.Customers.Staff;
using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Portal.Core.Demo;
using Portal.Shell;
using Portal.Shell.Modules;

namespace Portal.Tickets;

/// <summary>Support tickets: services, options, the auto-close and attachment sweep jobs, the staff profile panel and the contact form's rate limit.</summary>
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
        services.AddScoped<TicketService>();
        services.AddScoped<TicketQueries>();
        services.AddScoped<CannedReplies>();
        services.AddScoped<TicketDemoData>();
        services.AddSingleton<Guest.TicketGuestLinks>();
        // Mail only, no writes: the handler runs outside the dispatcher's transaction (HandlerTransaction.Own).
        services.AddEventHandler<TicketCreated, Guest.VisitorTicketMail>("tickets.visitor-mail.created", HandlerTransaction.Own);
        services.AddEventHandler<TicketAgentReplied, Guest.VisitorTicketMail>("tickets.visitor-mail.reply", HandlerTransaction.Own);
        services.AddEventHandler<TicketStatusChanged, Guest.VisitorTicketMail>("tickets.visitor-mail.status", HandlerTransaction.Own);
        services.AddDemoData<TicketDemoData>();
        services.AddPeriodicJob<TicketAutoCloseJob>(TicketAutoCloseJob.Schedule);
        services.AddPeriodicJob<TicketAttachmentSweepJob>(TicketAttachmentSweepJob.Schedule);
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

    /// <summary>
    /// Contact-form posts per IP (showing the form is free): <c>RateLimits:ContactPermitsPer10Minutes</c>, 5 by default.
    /// Counted in the shared windows (Redis when configured), so several instances hold one limit.
    /// </summary>
    public static RateLimiterOptions AddContactRateLimit(this RateLimiterOptions options, IConfiguration config)
    {
        var permits = config.GetValue("RateLimits:ContactPermitsPer10Minutes", 5);
        return options.AddPolicy(ContactRateLimit, ctx => HttpMethods.IsPost(ctx.Request.Method)
            ? ctx.RequestServices.GetRequiredService<Portal.Shell.Api.FixedWindows>()
                .Partition("contact:" + (ctx.Connection.RemoteIpAddress ?? IPAddress.Loopback), permits, TimeSpan.FromMinutes(10))
            : RateLimitPartition.GetNoLimiter(""));
    }

    /// <summary>The signed-in person as a customer: on customer pages and the API, even an agent sees only their own tickets.</summary>
    public static TicketActor AsTicketCustomer(this ClaimsPrincipal user) => new(user.UserId(), user.DisplayName(), IsAgent: false);

    /// <summary>The signed-in person as an agent (the /agent pages require the Agent policy).</summary>
    public static TicketActor AsTicketAgent(this ClaimsPrincipal user) => new(user.UserId(), user.DisplayName(), IsAgent: true);
}

/// <summary>The periodic job "ticket-auto-close": closes resolved tickets nobody answered within the configured time (7 days by default).</summary>
public sealed class TicketAutoCloseJob(TicketService tickets, TimeProvider clock, ILogger<TicketAutoCloseJob> log) : IPeriodicJob
{
    public const string Name = "ticket-auto-close";

    public static readonly JobSchedule Schedule = new(Name, TimeSpan.FromMinutes(10), Jitter: TimeSpan.FromMinutes(1), TimeLimit: TimeSpan.FromMinutes(5));

    public async Task RunAsync(CancellationToken ct)
    {
        try
        {
            var closed = await tickets.CloseStaleResolvedAsync(clock.GetUtcNow().UtcDateTime, ct);
            if (closed > 0) log.LogInformation("Closed {Count} resolved tickets nobody answered", closed);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogError(e, "Closing resolved tickets failed; trying again later");
            throw;
        }
    }
}

/// <summary>The periodic job "ticket-attachment-sweep": deletes uploads an interrupted or failed ticket save left behind.</summary>
public sealed class TicketAttachmentSweepJob(TicketService tickets, TimeProvider clock, ILogger<TicketAttachmentSweepJob> log) : IPeriodicJob
{
    public const string Name = "ticket-attachment-sweep";

    public static readonly JobSchedule Schedule = new(Name, TimeSpan.FromHours(1), Jitter: TimeSpan.FromMinutes(5), TimeLimit: TimeSpan.FromMinutes(10));

    public async Task RunAsync(CancellationToken ct)
    {
        try
        {
            var removed = await tickets.RemoveLeftoverFilesAsync(clock.GetUtcNow().UtcDateTime, ct);
            if (removed > 0) log.LogInformation("Removed {Count} attachment files no ticket kept", removed);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogError(e, "Sweeping attachment files failed; trying again later");
            throw;
        }
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
