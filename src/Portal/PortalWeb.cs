using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Portal.Customers;
using Portal.Shell.Api;
using Portal.Core;
using Portal.Core.Customers;
using Portal.Core.Data;
using Portal.Core.Demo;
using Portal.Core.Email;
using Portal.Customers.Staff;
using Portal.Shell;
using Portal.Core.Jobs;
using Portal.Shell.Modules;
using Portal.Shell.Health;
using Portal.Shell.ScaleOut;
using Scalar.AspNetCore;

namespace Portal;

public static class PortalWeb
{
    public const string AuthRateLimit = PortalRateLimits.Auth;

    public static WebApplicationBuilder AddPortalWeb(this WebApplicationBuilder builder, IReadOnlyList<PortalModule> modules)
    {
        builder.Services.AddSingleton(modules);
        builder.AddPortalTelemetry();
        var services = builder.Services;
        var config = builder.Configuration;
        var contentRoot = builder.Environment.ContentRootPath;
        if (!builder.Environment.IsDevelopment()) PublicLinks.RequireConfiguredOrigin(config);

        // Checked first, so a value MailKit does not know stops start-up naming the choices, not with a binder error.
        var security = EmailOptions.ParseSecurity(config["Email:Security"]);
        var email = config.GetSection("Email").Get<EmailOptions>() ?? new EmailOptions();
        email.Security = security;
        email.PickupDirectory = Path.GetFullPath(email.PickupDirectory, contentRoot);
        var provider = config.GetValue("Database:Provider", DatabaseProvider.Sqlite);
        services.AddPortalCore(new PortalCoreOptions
        {
            Provider = provider,
            ConnectionString = provider == DatabaseProvider.Sqlite
                ? SqliteConnectionString(config.GetConnectionString("Portal"), contentRoot)
                : config.GetConnectionString("Portal") ?? throw new InvalidOperationException("ConnectionStrings:Portal is required for PostgreSQL."),
            Email = email,
            Business = config.GetSection(BusinessOptions.Section).Get<BusinessOptions>() ?? new BusinessOptions(),
            Sessions = config.GetSection(Portal.Core.Security.SessionOptions.Section).Get<Portal.Core.Security.SessionOptions>() ?? new(),
            Fraud = config.GetSection(Portal.Core.Security.FraudOptions.Section).Get<Portal.Core.Security.FraudOptions>() ?? new(),
        });

        services.AddAuthentication().AddBearerToken(IdentityConstants.BearerScheme);
        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Customer, p => p.RequireRole(Roles.Customer))
            .AddPolicy(Policies.Agent, p => p.RequireRole(Roles.Agent, Roles.Admin))
            .AddPolicy(Policies.Staff, p => p.RequireRole(Roles.Staff, Roles.Admin))
            .AddPolicy(Policies.CustomerLookup, p => p.RequireRole(Roles.Agent, Roles.Staff, Roles.Admin))
            .AddPolicy(Policies.Admin, p => p.RequireRole(Roles.Admin))
            .AddPolicy(Policies.Api, p => p.AddAuthenticationSchemes(IdentityConstants.BearerScheme).RequireAuthenticatedUser());

        // On PostgreSQL the key ring is in the database, so every instance signs and reads the same cookies, antiforgery
        // tokens and emailed links; SQLite means one machine, where a folder is enough.
        var dataProtection = services.AddDataProtection().SetApplicationName("CustomerPortal");
        if (provider == DatabaseProvider.Postgres)
            dataProtection.PersistKeysToDbContext<PortalDbContext>();
        else
            dataProtection.PersistKeysToFileSystem(new DirectoryInfo(Path.GetFullPath(config["DataProtection:KeysDirectory"] ?? "App_Data/keys", contentRoot)));
        services.AddPortalRedis(config);

        services.AddResponseCompression(o =>
        {
            // Pages carry per-request masked antiforgery tokens, so compressing HTTPS responses does not expose them to BREACH.
            o.EnableForHttps = true;
            o.Providers.Add<Microsoft.AspNetCore.ResponseCompression.BrotliCompressionProvider>();
            o.Providers.Add<Microsoft.AspNetCore.ResponseCompression.GzipCompressionProvider>();
            o.MimeTypes = Microsoft.AspNetCore.ResponseCompression.ResponseCompressionDefaults.MimeTypes
                .Concat(["image/svg+xml", "application/manifest+json", "application/problem+json"]);
        });
        services.Configure<Microsoft.AspNetCore.ResponseCompression.BrotliCompressionProviderOptions>(o =>
            o.Level = System.IO.Compression.CompressionLevel.Fastest);
        services.AddLocalization(o => o.ResourcesPath = "Localization");
        services.AddSingleton<ResourceManagerStringLocalizerFactory>();
        services.AddSingleton<IStringLocalizerFactory, CachedStringLocalizerFactory>();
        services.Configure<RequestLocalizationOptions>(Cultures.Configure);
        // Pages live in their section's folder (Loyalty/Staff/Rewards/Index.cshtml) with explicit routes.
        // Arabic pages carry Arabic as text, not as &#x…; entities (a third of the bytes); markup characters are still encoded.
        services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
            o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        services.AddRazorPages(o =>
            {
                o.RootDirectory = "/";
                foreach (var module in modules) module.ConfigurePages(o.Conventions);
                o.Conventions.Add(new Microsoft.AspNetCore.Mvc.ApplicationModels.PageRouteTransformerConvention(new KebabCaseRoutes()));
            })
            // No jQuery validation here: without this, a valid page's summary renders <li style="display:none">,
            // which the strict CSP (no inline styles) reports.
            .AddViewOptions(o => o.HtmlHelperOptions.ClientValidationEnabled = false)
            .AddViewLocalization()
            .AddDataAnnotationsLocalization(o =>
                o.DataAnnotationLocalizerProvider = (_, factory) => factory.Create(typeof(SharedResource)));
        services.AddOptions<MvcOptions>().Configure<IStringLocalizerFactory>((mvc, factory) =>
            LocalizedModelBinding.Configure(mvc.ModelBindingMessageProvider, factory.Create(typeof(SharedResource))));
        services.Configure<MvcOptions>(UserTextModelBinderProvider.Register);
        services.Configure<Microsoft.AspNetCore.Mvc.Razor.RazorViewEngineOptions>(o => o.PageViewLocationFormats.Add("/Shell/{0}.cshtml"));
        services.AddRouting(o => o.LowercaseUrls = true);
        services.AddAntiforgery(o => o.HeaderName = "RequestVerificationToken");
        KeptMarkup.Register(services);
        Portal.Security.RememberedAntiforgeryTokens.Register(services);

        services.AddPortalJobs(o => o.RunInBackground = config.GetValue("Jobs:RunInBackground", true));
        services.AddPeriodicJob<IdempotencyPurgeJob>(IdempotencyPurgeJob.Schedule);
        services.AddSingleton<NavigationCache>();
        services.AddScoped<PortalNavigation>();
        foreach (var module in modules) module.AddServices(builder);

        services.AddPortalRateLimits(config);
        services.AddApiCors(config);

        services.AddProblemDetails(ApiProblems.Configure);
        services.AddExceptionHandler<ApiExceptionHandler>();
        services.ConfigureHttpJsonOptions(o => ApiJson.Configure(o.SerializerOptions));
        // Binding failures throw, so ApiExceptionHandler can answer them as validation problems naming the field.
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddOpenApi(ApiOpenApi.Configure);
        services.AddPortalHealthChecks(config);
        // Behind a TLS-terminating proxy (on loopback by default) the scheme comes from X-Forwarded-Proto.
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedFor | Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedProto;
            // A proxy elsewhere (a container network, a load balancer) is trusted only when listed.
            foreach (var network in config.GetSection("ForwardedHeaders:KnownNetworks").Get<string[]>() ?? [])
                o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
        });
        if (!builder.Environment.IsDevelopment())
        {
            services.AddHsts(o => o.MaxAge = TimeSpan.FromDays(365));
            services.AddHttpsRedirection(o => o.HttpsPort = config.GetValue("HttpsPort", 443));
        }
        return builder;
    }

    public static WebApplication UsePortal(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseResponseCompression();
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
            app.UseHttpsRedirection();
        }
        app.UseExceptionHandler(new ExceptionHandlerOptions { StatusCodeSelector = RequestLimits.StatusFor, ExceptionHandlingPath = "/error" });
        // Culture is settled before status-code pages re-execute, so an error page speaks the request's language.
        app.UseRetryAfterOnEvery429();
        app.UseApiCors();
        app.UseOneConnectionPerSignedInRequest();
        app.UseAuthentication();
        app.UseRequestLocalization();
        app.UseViewerTimeZone();
        app.UseWhen(ApiCors.AnswersAsApi, api => api.UseStatusCodePages(ApiProblems.WriteStatusCodeAsync));
        app.UseWhen(c => !ApiCors.AnswersAsApi(c), pages => pages.UseStatusCodePagesWithReExecute("/error", "?code={0}"));
        app.UseSecurityHeaders();
        app.UsePrecompressedAssets();
        app.UseStaticFiles(new StaticFileOptions
        {
            ContentTypeProvider = PrecompressedAssets.ContentTypes,
            // asp-append-version puts the content hash in ?v=: such a URL never changes content, so it is cached for good.
            OnPrepareResponse = ctx =>
            {
                if (ctx.Context.Request.Query.ContainsKey("v"))
                    ctx.Context.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
            },
        });
        app.UseRouting();
        app.UseBodyLimits();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.UseIdempotencyKeyBuffering();
        app.UseAntiforgery();

        app.MapStaticAssets();
        app.MapRazorPages().WithStaticAssets();
        var modules = app.Services.GetRequiredService<IReadOnlyList<PortalModule>>();
        app.MapCustomerIdApi(modules);
        foreach (var module in modules) module.MapEndpoints(app);
        app.MapOpenApi("/openapi/{documentName}.json");
        if (app.Environment.IsDevelopment())
            app.MapScalarApiReference("/scalar", o => o.WithTitle("CustomerPortal API").WithOpenApiRoutePattern("/openapi/{documentName}.json").DisableDefaultFonts());
        app.MapPortalHealthChecks();
        app.MapWebManifest();
        if (!app.Environment.IsDevelopment()) WarnAboutMissingProductionSettings(app);
        return app;
    }

    public static async Task SeedDemoDataAsync(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment() || app.Configuration.GetValue("DemoData:Disabled", false)) return;
        await app.Services.SeedDemoDataAsync(new DemoDataOptions(
            app.Configuration.GetValue("DemoData:LoyaltyHistory", true), app.Configuration.GetValue("DemoData:Shoppers", 200)));
    }

    private static void WarnAboutMissingProductionSettings(WebApplication app)
    {
        var config = app.Configuration;
        if (string.IsNullOrWhiteSpace(config["Email:SmtpHost"]))
            app.Logger.LogWarning("Email:SmtpHost is not set: confirmation and reset emails are written to a folder, not sent.");
    }

    private static string SqliteConnectionString(string? configured, string contentRoot)
    {
        var csb = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(configured ?? "Data Source=App_Data/portal.db");
        if (csb.DataSource != ":memory:" && !Path.IsPathRooted(csb.DataSource))
            csb.DataSource = Path.GetFullPath(csb.DataSource, contentRoot);
        return csb.ToString();
    }
}

public static class Policies
{
    public const string Customer = "Customer";
    public const string Agent = "Agent";
    public const string Staff = "Staff";
    public const string CustomerLookup = "CustomerLookup";
    public const string Admin = "Admin";
    public const string Api = "Api";

    /// <summary>Shops and tills with an integration key (X-Api-Key).</summary>
    public const string Integration = "Integration";
}
