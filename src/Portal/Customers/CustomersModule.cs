using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Portal.Core.Customers;
using Portal.Core.Data;
using Portal.Core.Events;
using Portal.Customers.Staff;
using Portal.Shell;
using Portal.Shell.Api;
using Portal.Shell.Modules;

namespace Portal.Customers;

/// <summary>Customers and their accounts: Identity, sign-in and registration, the card, security, the staff look-up, the auth API.</summary>
public sealed class CustomersModule : PortalModule
{
    public override void AddServices(WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddIdentity<PortalUser, IdentityRole>(o =>
            {
                // NIST SP 800-63B: length, not composition.
                o.Password.RequiredLength = PasswordPolicy.MinLength;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequiredUniqueChars = 1;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(5);
                o.Lockout.AllowedForNewUsers = true;
                o.User.RequireUniqueEmail = true;
                o.SignIn.RequireConfirmedAccount = false;
            })
            .AddEntityFrameworkStores<PortalDbContext>()
            .AddDefaultTokenProviders()
            .AddClaimsPrincipalFactory<PortalClaimsFactory>()
            .AddPasswordValidator<PasswordPolicyValidator>()
            .AddErrorDescriber<LocalizedIdentityErrors>();
        services.AddScoped<LocalizedIdentityErrors>();
        // After AddIdentity, which sets its own paths.
        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/account/login";
            o.LogoutPath = "/account/logout";
            o.AccessDeniedPath = "/account/access-denied";
            o.Cookie.Name = ".Portal.Auth";
            o.SlidingExpiration = true;
            // htmx follows a 302 inside its XHR and would swap the sign-in page into the results: tell it to navigate instead.
            static bool FromHtmx(HttpRequest request) => request.Headers["HX-Request"] == "true";
            static Task HtmxRedirect(HttpResponse response, string uri)
            {
                response.StatusCode = StatusCodes.Status204NoContent;
                response.Headers["HX-Redirect"] = uri;
                return Task.CompletedTask;
            }
            var toLogin = o.Events.OnRedirectToLogin;
            var toAccessDenied = o.Events.OnRedirectToAccessDenied;
            o.Events.OnRedirectToLogin = ctx => FromHtmx(ctx.Request) ? HtmxRedirect(ctx.Response, ctx.RedirectUri) : toLogin(ctx);
            o.Events.OnRedirectToAccessDenied = ctx => FromHtmx(ctx.Request) ? HtmxRedirect(ctx.Response, ctx.RedirectUri) : toAccessDenied(ctx);
        });
        // OWASP: 210,000 PBKDF2 iterations for HMAC-SHA512 (Identity v3 hashes).
        services.Configure<PasswordHasherOptions>(o => o.IterationCount = 210_000);
        services.AddTransient<IdentityEmailSender>();
        services.AddTransient<IEmailSender<PortalUser>>(sp => sp.GetRequiredService<IdentityEmailSender>());
        services.AddSingleton<PublicLinks>();
        services.AddScoped<AccountEventRecorder>();
        services.AddScoped<Account.AccountMail>();
        services.AddScoped<Portal.Core.Notifications.IAccountEmailRenderer, Account.AccountEmailRenderer>();
        services.AddEventHandler<AccountRegistered, Account.AccountMail>("account-mail.confirm");
        services.AddEventHandler<EmailConfirmationRequested, Account.AccountMail>("account-mail.confirm-again");
        services.AddEventHandler<PasswordResetRequested, Account.AccountMail>("account-mail.reset");
        services.AddEventHandler<RegistrationWithTakenEmail, Account.RegistrationAttemptMail>("account-mail.taken-email", HandlerTransaction.Own);
        // A lock, role change or password reset reaches open sessions within a minute.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));
        services.AddCustomerProfile();

        services.AddNavigation(
            new NavEntry("/", "My card", NavAudience.Customer, NavGroups.Card, 0, Icons.Card),
            new NavEntry("/security", "Security", NavAudience.Customer, NavGroups.Account, 90, Icons.Shield),
            new NavEntry("/staff/customers", "Customers", NavAudience.Staff, NavGroups.Customers, 0, Icons.Search, Policies.CustomerLookup));
    }

    public override void ConfigurePages(PageConventionCollection pages)
    {
        pages.AuthorizeFolder("/Customers/Security");
        pages.AuthorizePage("/Customers/Card");
        pages.AuthorizeFolder("/Customers/Staff", Policies.CustomerLookup);
    }

    public override void MapApi(RouteGroupBuilder api, RouteGroupBuilder customer)
    {
        api.MapCustomerIdAuthApi();
        customer.MapMe();
    }
}
