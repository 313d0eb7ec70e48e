using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Portal.Core.Common;

namespace Portal.Shell;

/// <summary>
/// Traces, metrics and logs over OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set (nothing is collected otherwise);
/// outside Development the console log is JSON with the trace and span ids, one object per line.
/// </summary>
public static class Telemetry
{
    public const string EndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static WebApplicationBuilder AddPortalTelemetry(this WebApplicationBuilder builder)
    {
        builder.Logging.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);
        if (!builder.Environment.IsDevelopment())
        {
            // The console provider is already there: this switches its formatter to JSON.
            builder.Logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
        }

        if (string.IsNullOrWhiteSpace(builder.Configuration[EndpointSetting])) return builder;

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(builder.Configuration["OTEL_SERVICE_NAME"] ?? "CustomerPortal",
                serviceVersion: typeof(Telemetry).Assembly.GetName().Version?.ToString(), serviceInstanceId: Environment.MachineName))
            .WithTracing(t => t
                // Health probes every few seconds would drown the traces that matter.
                .AddAspNetCoreInstrumentation(o => o.Filter = http => !http.Request.Path.StartsWithSegments("/healthz"))
                .AddHttpClientInstrumentation()
                .AddEntityFrameworkCoreInstrumentation()
                .AddSource(PortalTelemetry.Name, "Microsoft.AspNetCore.SignalR.Server"))
            .WithMetrics(m => m
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(PortalTelemetry.Name, "Microsoft.AspNetCore.Http.Connections", "Microsoft.AspNetCore.SignalR",
                    "Microsoft.EntityFrameworkCore", "Microsoft.AspNetCore.RateLimiting"))
            .WithLogging()
            .UseOtlpExporter();
        return builder;
    }
}
