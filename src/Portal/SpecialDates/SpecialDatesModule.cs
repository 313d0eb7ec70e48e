using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Portal.Core.Demo;
using Portal.Core.Jobs;
using Portal.Core.SpecialDates;
using Portal.Shell.Modules;

namespace Portal.SpecialDates;

/// <summary>Birthday and anniversary rewards: the customer's dates, rewards that open around them, claims through the ledger.</summary>
public sealed class SpecialDatesModule : PortalModule
{
    public override void AddServices(WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSpecialDates(builder.Configuration.GetSection(SpecialDateOptions.Section).Get<SpecialDateOptions>() ?? new());
        services.AddPeriodicJob<SpecialDatesJob>(SpecialDatesJob.Schedule(builder.Configuration));
        services.AddDemoData<DemoSpecialDates>();
        services.AddNavigation(
            new NavEntry("/special-dates", "Birthdays and anniversaries", NavAudience.Customer, NavGroups.Rewards, 30, Icons.Gift, Policies.Customer));
    }

    public override void ConfigurePages(PageConventionCollection pages) => pages.AuthorizePage("/SpecialDates/Index", Policies.Customer);

    public override void MapApi(RouteGroupBuilder api, RouteGroupBuilder customer) => customer.MapSpecialDatesApi();
}

/// <summary>
/// The job "special-dates" (SpecialDates:JobHours, daily by default): closes the windows that ended and makes the
/// rewards of those that opened, each in the customer's own calendar. Pages and the API also make a customer's due
/// rewards when they look, so a late run is never seen.
/// </summary>
public sealed class SpecialDatesJob(SpecialDatesProgram program, ILogger<SpecialDatesJob> log) : IPeriodicJob
{
    public const string Name = "special-dates";

    public static JobSchedule Schedule(IConfiguration config) => new(Name,
        TimeSpan.FromHours(config.GetValue($"{SpecialDateOptions.Section}:JobHours", 24.0)),
        Jitter: TimeSpan.FromMinutes(10),
        TimeLimit: TimeSpan.FromMinutes(30));

    public async Task RunAsync(CancellationToken ct)
    {
        var (made, expired) = await program.RunDailyAsync(ct);
        if (made + expired > 0) log.LogInformation("Special dates: {Made} rewards available, {Expired} expired", made, expired);
    }
}
