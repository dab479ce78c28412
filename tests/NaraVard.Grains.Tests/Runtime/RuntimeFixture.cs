using NaraVard.Grains.Runtime;
using NaraVard.Testing;

namespace NaraVard.Grains.Tests.Runtime;

/// <summary>One runtime for all runtime tests (like Orleans' TestCluster fixture).</summary>
public sealed class RuntimeFixture : IAsyncLifetime
{
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromMinutes(10);

    public GrainTestHost Host { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Host = await GrainTestHost.StartAsync(services => services.AddGrainRuntime(
            grains => grains
                .AddGrain<ITurnGrain, TurnGrain>()
                .AddGrain<IGateGrain, GateGrain>()
                .AddGrain<IMemoryGrain, MemoryGrain>()
                .AddGrain<IPingGrain, PingGrain>(),
            options =>
            {
                options.IdleTimeout = IdleTimeout;
                options.CollectionInterval = TimeSpan.FromHours(1); // tests collect explicitly
            }));

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class RuntimeCollection : ICollectionFixture<RuntimeFixture>
{
    public const string Name = "runtime";
}
