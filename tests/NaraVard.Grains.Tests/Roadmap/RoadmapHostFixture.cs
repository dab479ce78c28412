using NaraVard.Testing;

namespace NaraVard.Grains.Tests.Roadmap;

/// <summary>A fresh county per test class, so roll-up figures can be asserted exactly.</summary>
public sealed class RoadmapHostFixture : IAsyncLifetime
{
    public GrainCluster Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await GrainCluster.StartAsync();

    public async Task DisposeAsync() => await Host.DisposeAsync();
}
