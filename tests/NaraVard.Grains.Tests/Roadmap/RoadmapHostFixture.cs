using NaraVard.Testing;

namespace NaraVard.Grains.Tests.Roadmap;

/// <summary>A fresh county per test class, so roll-up figures can be asserted exactly.</summary>
public sealed class RoadmapHostFixture : IAsyncLifetime
{
    public GrainTestHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await GrainTestHost.StartAsync(runtime: o => o.CollectionInterval = TimeSpan.FromHours(1));

    public async Task DisposeAsync() => await Host.DisposeAsync();
}
