using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;
using Portal.Core.Customers;
using Portal.Core.Demo;
using Portal.Core.Events;
using Portal.Core.Security;
using Portal.Shell.Modules;
using Portal.Customers.Staff;

namespace Portal.Security;

/// <summary>
/// Account security: server-side sessions behind every cookie and token (with rotating refresh tokens), the
/// customer's devices, activity and security status on /security, and their API.
/// </summary>
public sealed class SecurityModule : Shell.Modules.PortalModule
{
    public override void AddServices(WebApplicationBuilder builder)
    {
        var services = builder.Services;
        // Replaces the SignInManager AddIdentity registered (the last registration is the one resolved).
        services.AddScoped<SignInManager<PortalUser>, PortalSignInManager>();
        var sessions = builder.Configuration.GetSection(Portal.Core.Security.SessionOptions.Section).Get<Portal.Core.Security.SessionOptions>() ?? new();
        services.ConfigureApplicationCookie(o =>
        {
            o.CheckSessions();
            // Idle timeout: the cookie slides with use; the session's own lifetime is the absolute limit.
            o.ExpireTimeSpan = sessions.BrowserIdleTimeout;
            o.SlidingExpiration = true;
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            // __Host- binds the cookie to this exact host over HTTPS. Development (and the browser tests) is served over
            // plain http, where a browser drops Secure cookies, so there it keeps its plain name.
            if (!builder.Environment.IsDevelopment())
            {
                o.Cookie.Name = "__Host-Portal.Auth";
                o.Cookie.SecurePolicy = Microsoft.AspNetCore.Http.CookieSecurePolicy.Always;
                o.Cookie.Path = "/";
            }
        });
        RememberedTickets.RememberCookieTickets(services);
        // PostConfigure: outermost, so a token another section reads from the query string is checked too.
        services.PostConfigure<BearerTokenOptions>(IdentityConstants.BearerScheme, o => o.CheckSessions());
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, SessionEndedResponses>();
        services.Configure<SecurityStampValidatorOptions>(o => o.OnRefreshingPrincipal = SessionValidation.KeepSession);

        // Fraud rules run on the recorded sign-in events; alerts reach staff at /staff/security.
        services.AddEventHandler<SignInFailed, FraudSignInRules>("security.failed-sign-ins");
        services.AddEventHandler<SignInSucceeded, FraudSignInRules>("security.new-device");
        services.AddEventHandler<RedemptionHeld, FraudRedemptionRules>("security.redemption-held");
        services.AddEventHandler<ItemHeld, FraudRedemptionRules>("security.item-held");
        services.AddCustomerProfilePanel<Staff.SecurityPanel>();
        services.AddDemoData<SecurityDemo>();
        services.AddNavigation(new NavEntry("/staff/security", "Security alerts", NavAudience.Staff, NavGroups.Customers, 30, Icons.Shield, Policies.Staff));
    }

    public override void ConfigurePages(Microsoft.AspNetCore.Mvc.ApplicationModels.PageConventionCollection pages) =>
        pages.AuthorizeFolder("/Security/Staff", Policies.Staff);

    public override void MapApi(RouteGroupBuilder api, RouteGroupBuilder customer) => customer.MapSecurityApi();
}
