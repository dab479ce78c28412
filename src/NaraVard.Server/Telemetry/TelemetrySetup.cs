using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace NaraVard.Server.Telemetry;

/// <summary>
/// Metrics and traces of the gateway (ASP.NET Core, Kestrel, gRPC), the cluster (Orleans) and the database
/// (Npgsql), exported over OTLP to the collector named by the standard OTEL_EXPORTER_OTLP_ENDPOINT variable
/// (Prometheus, Grafana, Jaeger and the like read from there). Nothing is exported when it is not set.
/// </summary>
public static class TelemetrySetup
{
    public static WebApplicationBuilder AddNaraVardTelemetry(this WebApplicationBuilder builder)
    {
        if (string.IsNullOrEmpty(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            return builder;
        }

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("naravard-server"))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddMeter("Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.Hosting", "Grpc.AspNetCore.Server", "Microsoft.Orleans", "Npgsql"))
            .WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation()
                .AddSource("Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application", "Npgsql"))
            .UseOtlpExporter();
        return builder;
    }
}
