using Grpc.AspNetCore.Server;
using Grpc.AspNetCore.Server.Model;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NaraVard.Grains;
using NaraVard.Domain.Roadmap;
using NaraVard.Persistence;
using NaraVard.Persistence.Postgres;
using NaraVard.Persistence.Sqlite;
using NaraVard.Server.Access;
using NaraVard.Server.Cluster;
using NaraVard.Server.Dashboard;
using NaraVard.Server.Feed;
using NaraVard.Server.Indicators;
using NaraVard.Server.Quotas;
using NaraVard.Server.Services;
using NaraVard.Server.Telemetry;
using NaraVard.Web;

namespace NaraVard.Server;

public static class NaraVardHostExtensions
{
    /// <summary>Registers the store, the grains, the gRPC gateway and the start-up work from the "NaraVard" section.</summary>
    public static WebApplicationBuilder AddNaraVard(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(NaraVardOptions.Section).Get<NaraVardOptions>() ?? new NaraVardOptions();
        var roadmap = RoadmapDefinition.Load(options.Roadmap);

        builder.AddNaraVardDashboardEndpoint(options);
        builder.AddNaraVardCallLimits(options);
        builder.Logging.AddNaraVardDefaults();

        builder.Services.AddSingleton(options);
        Persistence.WriteTrace.Enabled = options.TraceWrites;
        builder.Services.AddSingleton(roadmap);
        // Orleans and ASP.NET Core keep the system clock; what stamps NaraVard's events (the grains, the store, the
        // meeting book) reads the event clock, which a demo start pins to the past while it writes the demo county.
        var clock = options.Demo ? new Demo.DemoClock() : TimeProvider.System;
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddKeyedSingleton(Grains.Clock.Key, clock);
        DataFolder.Secure(options.DataDirectory);
        builder.Services.AddEventStore(options);
        // The store is open (and migrated) before the silo starts: clustering on PostgreSQL needs its tables.
        builder.Services.AddHostedService<StoreStartup>();
        builder.AddNaraVardCluster(options, roadmap.Id, clock);

        // The feed starts before the county is loaded: both fold the log at start, on different cores.
        builder.Services.AddSingleton<FeedSnapshots>();
        builder.Services.AddSingleton<EventFeed>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<EventFeed>());
        builder.Services.AddSingleton<Grains.Roadmaps.ILogFollower>(sp => sp.GetRequiredService<EventFeed>());
        builder.Services.AddHostedService<RoadmapStartup>();
        if (clock is Demo.DemoClock demo)
        {
            // After the roadmap is loaded: the demo county is written through the grains, as users would.
            builder.Services.AddSingleton(demo);
            builder.Services.AddHostedService<Demo.DemoCounty>();
        }

        // Leadership's first visit should not fold the log's checkpoints itself.
        builder.Services.AddHostedService<FollowUp.FollowUpWarmUp>();

        builder.Services.AddHostedService<LocalServerFile>();
        builder.Services.AddSingleton<TokenRegistry>();
        var oidc = builder.Configuration.GetSection("NaraVard:Oidc").Get<OidcOptions>() ?? new OidcOptions();
        builder.Services.AddSingleton(oidc);
        var authentication = builder.Services.AddNaraVardAuthentication(oidc);
        builder.Services.AddNaraVardDashboard(authentication, options, oidc);
        builder.Services.AddNaraVardGateway(options);
        builder.Services.AddKoladaSync(builder.Configuration);
        builder.AddNaraVardTelemetry();
        return builder;
    }

    /// <summary>PostgreSQL when a connection string is configured; the embedded SQLite file otherwise.</summary>
    public static IServiceCollection AddEventStore(this IServiceCollection services, NaraVardOptions options) =>
        options.UsesPostgres
            ? services.AddSingleton<IEventStore>(sp => new PostgresEventStore(options.PostgresConnectionString, sp.GetRequiredKeyedService<TimeProvider>(Grains.Clock.Key), sp.GetRequiredService<ILogger<PostgresEventStore>>()))
            : services.AddSingleton<IEventStore>(sp => new SqliteEventStore(options.SqlitePath, sp.GetRequiredKeyedService<TimeProvider>(Grains.Clock.Key)));

    private static IServiceCollection AddNaraVardGateway(this IServiceCollection services, NaraVardOptions options)
    {
        services
            .AddGrpc(grpc =>
            {
                grpc.MaxReceiveMessageSize = options.MaxMessageSize;
                grpc.MaxSendMessageSize = options.MaxMessageSize;
            })
            .AddServiceOptions<RoadmapGrpcService>(service => service.Interceptors.Add<CallGate>())
            .AddServiceOptions<InitiativeGrpcService>(service => service.Interceptors.Add<CallGate>())
            .AddServiceOptions<ObstacleGrpcService>(service => service.Interceptors.Add<CallGate>())
            .AddServiceOptions<FollowUpGrpcService>(service => service.Interceptors.Add<CallGate>())
            .AddServiceOptions<ExchangeGrpcService>(service => service.Interceptors.Add<CallGate>());
        // One gate for every call (it keeps no per-call state); otherwise the framework builds one per call.
        services.AddSingleton<CallGate>();
        services.AddGrpcReflection();
        services.AddGrpcHealthChecks(health =>
        {
            // The overall status and each service's: all are ready when the store answers and the county is loaded.
            foreach (var service in Readiness.Services)
            {
                health.Services.Map(service, _ => true);
            }
        }).AddCheck<Readiness>("naravard");

        // The services are singletons: the read side keeps the last overview it mapped.
        services.AddSingleton<RoadmapGrpcService>();
        services.AddSingleton<IServiceMethodProvider<RoadmapGrpcService>, EncodedOverview>();
        services.AddSingleton<InitiativeGrpcService>();
        services.AddSingleton<ExistingGrains>();
        services.AddSingleton<InitiativeAnswers>();
        services.TryAddSingleton<ResidentGrains>(); // empty in a gateway without a silo
        services.AddSingleton<FollowUp.LogCheckpoints>();
        services.AddSingleton(sp => new FollowUp.MeetingBook(sp.GetRequiredService<IEventStore>(), sp.GetRequiredKeyedService<TimeProvider>(Grains.Clock.Key)));
        services.AddSingleton<FollowUp.ChangeReports>();
        services.AddSingleton<FollowUp.AsOfReads>();
        services.AddSingleton<FollowUp.PhaseTrend>();
        services.AddSingleton<FollowUpGrpcService>();
        services.AddSingleton<ObstacleGrpcService>();
        services.AddSingleton<Exchange.PlanImports>();
        services.AddSingleton<Exchange.Exports>();
        services.AddSingleton<ExchangeGrpcService>();
        return services;
    }

    public static WebApplication MapNaraVard(this WebApplication app)
    {
        // Authenticated first, once per request: the call limits are per identity.
        app.UseNaraVardAuthentication(IsApiCall);
        app.UseRateLimiter();
        app.UseUndecodableRequestsAsInternal(IsApiCall);

        // gRPC-Web for browsers, on the same services and the same port.
        app.UseGrpcWeb(new GrpcWebOptions { DefaultEnabled = true });
        app.MapGrpcService<RoadmapGrpcService>().Add(EncodedOverview.PreferEncoded);
        app.MapGrpcService<InitiativeGrpcService>();
        app.MapGrpcService<ObstacleGrpcService>();
        app.MapGrpcService<FollowUpGrpcService>();
        app.MapGrpcService<ExchangeGrpcService>();
        app.MapGrpcHealthChecksService();
        app.MapGrpcReflectionService();
        app.UseDashboardProxy(app.Services.GetRequiredService<NaraVardOptions>());
        app.MapNaraVardDashboard(IsApiCall);
        return app;
    }

    /// <summary>A request routed to a gRPC method: it needs none of the browser's middlewares.</summary>
    private static bool IsApiCall(HttpContext context) => context.GetEndpoint()?.Metadata.GetMetadata<GrpcMethodMetadata>() is not null;

    /// <summary>Start-up, warnings and errors at Information; one line per request only at Debug.</summary>
    private static ILoggingBuilder AddNaraVardDefaults(this ILoggingBuilder logging) => logging
        // Off, not Warning: while it is on, ASP.NET Core opens a log scope for every request (a tenth of a read's
        // cost) for lines it writes only at Information. Failures are logged by Kestrel and by CallGate.
        .AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None)
        .AddFilter("Microsoft.AspNetCore.Routing", LogLevel.Warning)

        // "The application completed without reading the entire request body" at Information for every refused or
        // malformed call whose body was never read: one line per request, so a flood writes one per request too.
        .AddFilter("Microsoft.AspNetCore.Server.Kestrel", LogLevel.Warning)
        .AddFilter("Microsoft.AspNetCore.Authentication", LogLevel.Warning)

        // "Authorization failed" at Information for every request without a session: 210 bytes a request, 13 GB an
        // hour from one client looping on the dashboard (issue 31). The refusal is the answer; a flood is not news.
        .AddFilter("Microsoft.AspNetCore.Authorization", LogLevel.Warning)
        .AddFilter("NaraVard.Server.Access", LogLevel.Warning)
        .AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Warning)

        // "No XML encryptor configured … may be persisted unencrypted" at every first start: the keys live in a 0700
        // folder of the data folder by design (DashboardAnnouncement says so once, at Information); a real failure
        // of the key ring is still an Error.
        .AddFilter("Microsoft.AspNetCore.DataProtection.KeyManagement.XmlKeyManager", LogLevel.Error)

        // A file answer (an export, a print, an asset) is not news: two lines per download at Information.
        .AddFilter("Microsoft.AspNetCore.Http.Result", LogLevel.Warning)
        .AddFilter("Microsoft.AspNetCore.Mvc.Infrastructure", LogLevel.Warning)
        .AddFilter("Microsoft.AspNetCore.StaticFiles", LogLevel.Warning)
        .AddFilter("Microsoft.AspNetCore.StaticAssets", LogLevel.Warning)
        .AddFilter("Grpc.AspNetCore.Server", LogLevel.Warning)

        // This one logs an error with a stack trace for every request body that does not decode: a caller's
        // mistake, not the server's, and a way for anyone to flood the log. Failures of NaraVard's own code are
        // logged once by CallGate.
        .AddFilter("Grpc.AspNetCore.Server.ServerCallHandler", LogLevel.None)
        .AddFilter("Orleans", LogLevel.Warning)
        .AddFilter("Polly", LogLevel.Warning);
}
