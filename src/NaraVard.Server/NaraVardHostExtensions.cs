using Microsoft.AspNetCore.Server.Kestrel.Core;
using NaraVard.Domain.Roadmap;
using NaraVard.Grains;
using NaraVard.Grpc.Health;
using NaraVard.Grpc.Reflection;
using NaraVard.Grpc.Server;
using NaraVard.Persistence;
using NaraVard.Persistence.Postgres;
using NaraVard.Persistence.Sqlite;
using NaraVard.Server.Access;
using NaraVard.Server.Feed;
using NaraVard.Server.Mapping;
using NaraVard.Server.Services;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace NaraVard.Server;

public static class NaraVardHostExtensions
{
    /// <summary>Registers the store, the grains, the gRPC gateway and the start-up work from the "NaraVard" section.</summary>
    public static WebApplicationBuilder AddNaraVard(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(NaraVardOptions.Section).Get<NaraVardOptions>() ?? new NaraVardOptions();
        var roadmap = RoadmapDefinition.Load(options.Roadmap);

        // gRPC needs HTTP/2: cleartext endpoints speak h2c with prior knowledge, TLS endpoints negotiate h2 by ALPN.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureEndpointDefaults(endpoint => endpoint.Protocols = HttpProtocols.Http2));

        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(roadmap);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddEventStore(options);
        builder.Services.AddHostedService<StoreStartup>();
        builder.Services.AddNaraVardGrains(roadmap.Id, runtime => runtime.IdleTimeout = options.GrainIdleTimeout);

        // The feed starts before the county is loaded: both fold the log at start, on different cores.
        builder.Services.AddSingleton<EventFeed>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<EventFeed>());
        builder.Services.AddHostedService<RoadmapStartup>();
        builder.Services.AddNaraVardGateway(options);
        builder.Services.AddSingleton(builder.Configuration.GetSection("NaraVard:Oidc").Get<OidcOptions>() ?? new OidcOptions());
        builder.Services.AddHttpClient("oidc", client => client.Timeout = TimeSpan.FromSeconds(10));
        builder.Services.AddSingleton<JwtValidator>();
        return builder;
    }

    /// <summary>PostgreSQL when a connection string is configured; the embedded SQLite file otherwise.</summary>
    public static IServiceCollection AddEventStore(this IServiceCollection services, NaraVardOptions options) =>
        options.UsesPostgres
            ? services.AddSingleton<IEventStore>(sp => new PostgresEventStore(options.PostgresConnectionString, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<PostgresEventStore>>()))
            : services.AddSingleton<IEventStore>(sp => new SqliteEventStore(options.SqlitePath, sp.GetRequiredService<TimeProvider>()));

    private static IServiceCollection AddNaraVardGateway(this IServiceCollection services, NaraVardOptions options)
    {
        services.AddGrpcProtocol(grpc =>
        {
            grpc.MaxReceiveMessageSize = options.MaxMessageSize;
            grpc.MaxSendMessageSize = options.MaxMessageSize;
        });
        services.AddSingleton<TokenRegistry>();
        services.AddSingleton<Authentication>();
        services.AddSingleton<HealthService>();
        services.AddSingleton<ReflectionService>();
        services.AddSingleton<RoadmapGrpcService>();
        services.AddSingleton<InitiativeGrpcService>();
        services.AddSingleton<ObstacleGrpcService>();
        return services;
    }

    public static WebApplication MapNaraVard(this WebApplication app)
    {
        var registry = app.Services.GetRequiredService<GrpcServiceRegistry>();
        app.Services.GetRequiredService<GrpcExceptionMapper>().AddNaraVardStatuses();
        app.Services.GetRequiredService<Authentication>().Register(registry);
        app.Services.GetRequiredService<RoadmapGrpcService>().Register(registry);
        app.Services.GetRequiredService<InitiativeGrpcService>().Register(registry);
        app.Services.GetRequiredService<ObstacleGrpcService>().Register(registry);
        var health = app.Services.GetRequiredService<HealthService>();
        health.Register(registry);
        app.Services.GetRequiredService<ReflectionService>().Register();

        // Not serving until the store is open and the roll-ups are loaded; not serving again while stopping.
        foreach (var service in registry.ServiceNames.Append(""))
        {
            health.SetStatus(service, ServingStatus.NotServing);
        }

        app.Lifetime.ApplicationStarted.Register(() => health.SetAll(ServingStatus.Serving));
        app.Lifetime.ApplicationStopping.Register(() => health.SetAll(ServingStatus.NotServing));

        app.UseGrpcProtocol();
        return app;
    }
}
