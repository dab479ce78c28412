using NaraVard.Grains.Initiatives;
using static NaraVard.Grains.Tests.Roadmap.Scenario;

namespace NaraVard.Grains.Tests.Roadmap;

/// <summary>
/// What a gateway reads from an activation in its own silo is what the grain answers, at once after a write,
/// and only while the activation is there: never a copy that could fall behind.
/// </summary>
public sealed class ResidentGrainsTests(RoadmapHostFixture fixture) : IClassFixture<RoadmapHostFixture>
{
    private Testing.GrainCluster Host => fixture.Host;

    [Fact]
    public async Task Initiative_ActiveInOneSilo_IsReadThereAsTheGrainAnswers_AndNowhereElse()
    {
        var id = await CreateAsync(Host, "0580", "K02");

        var grain = await Host.Grains.GetGrain<IInitiativeGrain>(id).GetAsync();
        var found = Host.Residents.Select(r => r.Initiative(id)).OfType<InitiativeView>().ToList();

        var resident = Assert.Single(found);
        Assert.Equal((grain.State.Id, grain.State.Title, grain.State.Version, grain.Position, grain.Stale), (resident.State.Id, resident.State.Title, resident.State.Version, resident.Position, resident.Stale));
    }

    [Fact]
    public async Task Initiative_AfterAnAcknowledgedReport_IsReadWithTheReport()
    {
        var id = await CreateAsync(Host, "0581", "K03");

        var written = await ReportAsync(Host, id, 55);
        var resident = Host.Residents.Select(r => r.Initiative(id)).OfType<InitiativeView>().Single();

        Assert.Equal((written.State.Version, 55, written.Position), (resident.State.Version, resident.State.ProgressPercent, resident.Position));
    }

    [Fact]
    public async Task Initiative_Deactivated_IsReadInNoSilo()
    {
        var id = await CreateAsync(Host, "0583", "K04");
        var grain = Host.Grains.GetGrain<IInitiativeGrain>(id);

        await Host.DeactivateAsync(grain);

        Assert.All(Host.Residents, r => Assert.Null(r.Initiative(id)));
        Assert.Equal(1, (await grain.GetAsync()).State.Version);
    }

    [Fact]
    public async Task Initiative_NeverCreated_IsReadInNoSilo()
    {
        await Assert.ThrowsAsync<Domain.DomainException>(() => Host.Grains.GetGrain<IInitiativeGrain>("i-nothere").GetAsync());

        Assert.All(Host.Residents, r => Assert.Null(r.Initiative("i-nothere")));
    }

    [Fact]
    public async Task Overview_ReadInTheCountysSilo_IsTheGrainsUntilTheFiguresChange()
    {
        // (The test's client is outside the silos, so it gets copies: compared by what identifies one overview.)
        var computed = await Host.County.GetOverviewAsync();
        var resident = Host.Residents.Select(r => r.Overview(Host.Roadmap.Id)).OfType<Domain.Rollups.CountyOverview>().Single();
        Assert.Equal((computed.Position, computed.AsOf, computed.County.Total), (resident.Position, resident.AsOf, resident.County.Total));

        await CreateAsync(Host, "0584", "K05");

        // The change is acknowledged, so the resident answer must not be the one from before it.
        Assert.All(Host.Residents, r => Assert.Null(r.Overview(Host.Roadmap.Id)));
        var after = await Host.County.GetOverviewAsync();
        Assert.True(after.Position > computed.Position);
        resident = Host.Residents.Select(r => r.Overview(Host.Roadmap.Id)).OfType<Domain.Rollups.CountyOverview>().Single();
        Assert.Equal((after.Position, after.County.Total), (resident.Position, resident.County.Total));
        Assert.Equal(computed.County.Total + 1, after.County.Total);
    }

    [Fact]
    public async Task Overview_OlderThanItsReuse_IsComputedAnewByTheGrain()
    {
        await Host.County.GetOverviewAsync();

        Host.Time.Advance(TimeSpan.FromSeconds(1));

        Assert.All(Host.Residents, r => Assert.Null(r.Overview(Host.Roadmap.Id)));
    }
}
