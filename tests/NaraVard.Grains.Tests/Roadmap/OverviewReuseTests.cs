using static NaraVard.Grains.Tests.Roadmap.Scenario;

namespace NaraVard.Grains.Tests.Roadmap;

/// <summary>The county's overview is computed once per change and reused for at most a second (a cluster of its own: it counts).</summary>
public sealed class OverviewReuseTests(RoadmapHostFixture fixture) : IClassFixture<RoadmapHostFixture>
{
    private Testing.GrainCluster Host => fixture.Host;

    [Fact]
    public async Task Overview_AfterAChangeOrASecond_IsRecomputed()
    {
        var first = await Host.County.GetOverviewAsync();

        await CreateAsync(Host, "0562", "K07");
        var changed = await Host.County.GetOverviewAsync();
        Assert.NotEqual(first.Position, changed.Position);
        Assert.Equal(first.County.Total + 1, changed.County.Total);

        Host.Time.Advance(TimeSpan.FromSeconds(1));
        var later = await Host.County.GetOverviewAsync();
        Assert.Equal(changed.AsOf.AddSeconds(1), later.AsOf);
    }
}
