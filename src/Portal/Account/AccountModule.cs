using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Portal.Core.Account;
using Portal.Core.Customers;
using Portal.Core.Events;
using Portal.Core.Jobs;
using Portal.Customers.Staff;
using Portal.Shell.Modules;

namespace Portal.Account;

/// <summary>My account: the customer's own details, email and password changes, links to two-step verification.</summary>
public sealed class AccountModule : PortalModule
{
    public override void AddServices(WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddScoped<AccountProfile>();
        services.AddSingleton(new DataExportOptions
        {
            Directory = Path.GetFullPath(builder.Configuration["Account:ExportsDirectory"] ?? "App_Data/exports", builder.Environment.ContentRootPath),
        });
        services.AddScoped<DataExports>();
        services.AddSingleton<IDataExportSummary, DataExportSummary>();
        services.AddEventHandler<DataExportRequested, DataExportBuilder>("account.export", HandlerTransaction.Own);
        services.AddPeriodicJob<DataExportPurgeJob>(DataExportPurgeJob.Schedule);
        services.AddSingleton(new AccountDeletionOptions
        {
            DelayDays = builder.Configuration.GetValue("Account:DeletionDelayDays", 14),
        });
        services.AddScoped<AccountDeletions>();
        services.AddPeriodicJob<AccountErasureJob>(AccountErasureJob.Schedule);
        services.AddCustomerProfilePanel<DeletionPanel>();
        services.AddEventHandler<EmailChangeRequested, Customers.Account.EmailChangeMail>("account-mail.change-email", HandlerTransaction.Own);
        services.AddNavigation(new NavEntry("/account", "My account", NavAudience.Customer, NavGroups.Account, 80, Icons.People, Policies.Customer));
    }

    public override void MapEndpoints(IEndpointRouteBuilder endpoints) => endpoints.MapDataExportDownload();

    public override void MapApi(RouteGroupBuilder api, RouteGroupBuilder customer) => customer.MapAccountApi();

    public override void ConfigurePages(PageConventionCollection pages)
    {
        pages.AuthorizePage("/Account/Index", Policies.Customer);
        pages.AllowAnonymousToPage("/Account/ConfirmEmailChange");
    }
}
