using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NaraVard.Domain.Roadmap;
using NaraVard.Grains;
using NaraVard.Grains.Roadmaps;
using NaraVard.Grains.Runtime;
using NaraVard.Persistence;
using NaraVard.Persistence.Sqlite;

namespace NaraVard.Testing;

/// <summary>
/// What Orleans' TestCluster gives: one call starts a grain runtime in-process with a fresh store (a SQLite
/// file in a temp folder) and the roadmap loaded. Share it across a test collection with a fixture; use a
/// fresh key per test.
/// </summary>
public sealed class GrainTestHost : IAsyncDisposable
{
    private readonly TempDirectory _folder;
    private readonly IHost _host;

    private GrainTestHost(TempDirectory folder, IHost host)
    {
        _folder = folder;
        _host = host;
    }

    public IServiceProvider Services => _host.Services;

    public IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();

    public GrainRuntime Runtime => _host.Services.GetRequiredService<GrainRuntime>();

    public IEventStore Store => _host.Services.GetRequiredService<IEventStore>();

    public ManualTimeProvider Time { get; private set; } = null!;

    public RoadmapDefinition Roadmap { get; private set; } = null!;

    public IRoadmapGrain County => Grains.GetGrain<IRoadmapGrain>(Roadmap.Id);

    public string StorePath => _folder.File("naravard.db");

    public static async Task<GrainTestHost> StartAsync(Action<IServiceCollection>? configure = null, Action<GrainRuntimeOptions>? runtime = null)
    {
        var folder = new TempDirectory("naravard-grains");
        var time = new ManualTimeProvider();
        var roadmap = TestRoadmap.Ostergotland;
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddSingleton<IEventStore>(_ => new SqliteEventStore(folder.File("naravard.db"), time));
        builder.Services.AddNaraVardGrains(roadmap.Id, runtime);
        configure?.Invoke(builder.Services);
        var host = builder.Build();
        await host.Services.GetRequiredService<IEventStore>().InitializeAsync();
        await host.StartAsync();
        var testHost = new GrainTestHost(folder, host) { Time = time, Roadmap = roadmap };
        await testHost.County.DefineAsync(roadmap);
        return testHost;
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        await ((IAsyncDisposable)_host).DisposeAsync(); // disposes the store too
        _folder.Dispose();
    }
}
