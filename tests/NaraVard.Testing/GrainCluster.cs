using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NaraVard.Domain.Roadmap;
using NaraVard.Grains;
using NaraVard.Grains.Roadmaps;
using NaraVard.Persistence;
using NaraVard.Persistence.Sqlite;
using NaraVard.Server.Cluster;
using Orleans.Serialization;
using Orleans.Storage;
using Orleans.TestingHost;

namespace NaraVard.Testing;

/// <summary>
/// Orleans' in-process test cluster with NaraVard's grains: two silos (so calls cross silos and values are
/// serialized), a client host outside them, one fresh store (a SQLite file in a temp folder), a clock the test
/// moves, and the roadmap loaded. Share it across a test collection with a fixture; use a fresh key per test.
/// </summary>
public sealed class GrainCluster : IAsyncDisposable
{
    private readonly TempDirectory _folder;
    private readonly InProcessTestCluster _cluster;

    private GrainCluster(TempDirectory folder, InProcessTestCluster cluster, IEventStore store, ManualTimeProvider time, RoadmapDefinition roadmap)
    {
        _folder = folder;
        _cluster = cluster;
        Store = store;
        Time = time;
        Roadmap = roadmap;
    }

    public IGrainFactory Grains => _cluster.Client;

    public IEventStore Store { get; }

    public ManualTimeProvider Time { get; }

    public RoadmapDefinition Roadmap { get; }

    public IRoadmapGrain County => Grains.GetGrain<IRoadmapGrain>(Roadmap.Id);

    /// <summary>Where the silos keep snapshots (one SQLite file for all, as one database serves a real cluster).</summary>
    public IGrainStorage SnapshotStorage => _cluster.Silos[0].SiloHost.Services.GetRequiredKeyedService<IGrainStorage>(Snapshots.Storage);

    /// <summary>Each silo's activations that its own gateway may read without a grain call.</summary>
    public IReadOnlyList<ResidentGrains> Residents => [.. _cluster.Silos.Select(silo => silo.SiloHost.Services.GetRequiredService<ResidentGrains>())];

    /// <param name="events">The event store, on the cluster's clock; a SQLite file in the cluster's folder when not given.</param>
    public static async Task<GrainCluster> StartAsync(short silos = 2, Func<TimeProvider, IEventStore>? events = null)
    {
        var folder = new TempDirectory("naravard-grains");
        var time = new ManualTimeProvider();
        var roadmap = TestRoadmap.Ostergotland;
        var store = events?.Invoke(time) ?? new SqliteEventStore(folder.File("naravard.db"), time);
        await store.InitializeAsync();

        var builder = new InProcessTestClusterBuilder(silos);
        builder.ConfigureSiloHost((_, host) => host.Logging.SetMinimumLevel(LogLevel.Warning));
        builder.ConfigureSilo((_, silo) =>
        {
            // One store object for every silo, as every silo of a real cluster shares one database.
            silo.Services.AddSingleton<IEventStore>(store);
            silo.Services.AddKeyedSingleton<IGrainStorage>(Snapshots.Storage, (_, _) => new SqliteGrainStorage(folder.File("naravard.db")));
            silo.AddNaraVardGrains(roadmap.Id, TimeSpan.FromHours(1), time);

            // Every activation's fold is saved, so tests see the county restart from a snapshot and a tail.
            silo.Services.Configure<RoadmapOptions>(o => o.SnapshotAfterEvents = 1);
        });
        builder.ConfigureClientHost(host => host.Logging.SetMinimumLevel(LogLevel.Warning));
        builder.ConfigureClient(client => client.Services.AddSerializer(serializer => serializer.AddNaraVardSerialization()));
        var cluster = builder.Build();
        await cluster.DeployAsync();
        var grains = new GrainCluster(folder, cluster, store, time, roadmap);
        await grains.County.DefineAsync(roadmap);
        return grains;
    }

    /// <summary>Deactivates a grain (as when it was idle or its silo went away) and waits until it is gone.</summary>
    public Task DeactivateAsync(IAddressable grain) => _cluster.DeactivateAsync(grain);

    /// <summary>Stops the last silo and starts it again, as a node is redeployed: its activations start anew.</summary>
    public async Task RestartLastSiloAsync()
    {
        await _cluster.RestartSiloAsync(_cluster.Silos[^1]);
        await _cluster.WaitForLivenessToStabilizeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _cluster.DisposeAsync();
        await Store.DisposeAsync();
        _folder.Dispose();
    }
}
