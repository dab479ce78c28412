using NaraVard.Grains.Roadmaps;

namespace NaraVard.Grains.Tests.Roadmap;

/// <summary>The county's snapshot when another activation of it saved one meanwhile (a cluster of its own: it redefines the roadmap).</summary>
public sealed class CountySnapshotTests(RoadmapHostFixture fixture) : IClassFixture<RoadmapHostFixture>
{
    private Testing.GrainCluster Host => fixture.Host;

    [Fact]
    public async Task County_SnapshotSavedByAnotherActivationMeanwhile_KeepsServingAndSavesAgain()
    {
        // Two silos that start together can both activate the county until the grain directory agrees; the other
        // activation saves its snapshot after this one read its own.
        var county = Snapshots.CountyGrain(Host.Roadmap.Id);
        var other = new GrainState<CountySnapshot>();
        await Host.SnapshotStorage.ReadStateAsync(Snapshots.County, county, other);
        await Host.SnapshotStorage.WriteStateAsync(Snapshots.County, county, other);

        // A changed definition makes the county fold the log and save again: its save meets the other one's.
        var revised = Host.Roadmap with { Name = Host.Roadmap.Name + " (reviderad)" };
        Assert.True(await Host.County.DefineAsync(revised));
        Assert.Equal(revised.Name, (await Host.County.GetDefinitionAsync()).Name);

        // It read the stored version again, so its next save goes through, and a new activation restores from it.
        Assert.True(await Host.County.DefineAsync(Host.Roadmap));
        var before = await Host.County.GetOverviewAsync();
        await Host.DeactivateAsync(Host.County);
        var restored = await Host.County.GetOverviewAsync();
        Assert.Equal(Host.Roadmap.Name, (await Host.County.GetDefinitionAsync()).Name);
        Assert.Equal(before.Organizations.Count, restored.Organizations.Count);
    }
}
