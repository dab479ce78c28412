using NaraVard.Domain.Roadmap;
using NaraVard.Grains;
using NaraVard.Persistence;
using NaraVard.Persistence.Sqlite;

namespace NaraVard.Server;

public static class NaraVardHostExtensions
{
    /// <summary>Registers the store, the grains and the start-up work from the "NaraVard" configuration section.</summary>
    public static WebApplicationBuilder AddNaraVard(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(NaraVardOptions.Section).Get<NaraVardOptions>() ?? new NaraVardOptions();
        var roadmap = RoadmapDefinition.Load(options.Roadmap);

        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(roadmap);
        builder.Services.AddSingleton<IEventStore>(sp => new SqliteEventStore(options.SqlitePath, sp.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddHostedService<StoreStartup>();
        builder.Services.AddNaraVardGrains(roadmap.Id, runtime => runtime.IdleTimeout = options.GrainIdleTimeout);
        builder.Services.AddHostedService<RoadmapStartup>();
        return builder;
    }

    public static WebApplication MapNaraVard(this WebApplication app)
    {
        app.MapGet("/", () => "NaraVard serves gRPC on this address; use the naravard CLI or a gRPC client.");
        return app;
    }
}
