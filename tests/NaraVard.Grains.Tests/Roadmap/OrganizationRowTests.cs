using NaraVard.Domain.Obstacles;
using NaraVard.Grains.Organizations;
using static NaraVard.Grains.Tests.Roadmap.Scenario;

namespace NaraVard.Grains.Tests.Roadmap;

/// <summary>An organisation's own matrix row (GetOrganization) is the county matrix's row: one rule for both.</summary>
public sealed class OrganizationRowTests(RoadmapHostFixture fixture) : IClassFixture<RoadmapHostFixture>
{
    private Testing.GrainCluster Host => fixture.Host;

    [Fact]
    public async Task OrganizationRow_ObstacleBlocksItsInitiative_CountsItAsTheCountyMatrixDoes()
    {
        var joint = await CreateAsync(Host, "05", "G05", Domain.InitiativeScope.Joint, "0562");
        await FlagAsync(Host, "styrning", Severity.High, [joint], []);

        var row = (await Host.Grains.GetGrain<IOrganizationGrain>("0562").GetAsync()).Row;
        var county = (await Host.County.GetOverviewAsync()).Matrix.Where(c => c.OrganizationCode == "0562");

        Assert.Equal(county, row);
        Assert.InRange(row.Single(c => c.RoadmapItem == "G05").OpenObstacles, 1, int.MaxValue);
    }
}
