using NaraVard.Domain;
using NaraVard.Domain.Obstacles;
using NaraVard.Domain.Rollups;
using NaraVard.Grains.Obstacles;
using NaraVard.Grains.Organizations;
using static NaraVard.Grains.Tests.Roadmap.Scenario;

namespace NaraVard.Grains.Tests.Roadmap;

public sealed class RollupTests(RoadmapHostFixture fixture) : IClassFixture<RoadmapHostFixture>
{
    private Testing.GrainCluster Host => fixture.Host;

    [Fact]
    public async Task CountyRollup_AfterChanges_ShowsSpreadMatrixCoverageObstaclesAndStaleness()
    {
        // Linköping reaches implementation on K01, Motala is in strategy and off track, Norrköping only plans.
        var linkoping = await CreateAsync(Host, "0580", "K01");
        await AdvanceToAsync(Host, linkoping, Phase.Genomforande);
        await ReportAsync(Host, linkoping, 60);
        var motala = await CreateAsync(Host, "0583", "K01");
        await AdvanceToAsync(Host, motala, Phase.Strategi);
        await ReportAsync(Host, motala, 20, InitiativeStatus.OffTrack);
        var norrkoping = await CreateAsync(Host, "0581", "K01");
        var joint = await CreateAsync(Host, "05", "G03", Domain.InitiativeScope.Joint, "0580", "0586");

        await FlagAsync(Host, "tillit", Severity.High, [norrkoping], ["0583"]);
        var resolved = await FlagAsync(Host, "rekrytering", Severity.Low, [], ["0580"]);
        await Host.Grains.GetGrain<IObstacleGrain>(resolved).ExecuteAsync(new ChangeObstacleStatus { By = Planner, To = ObstacleStatus.Resolved });

        var overview = await Host.County.GetOverviewAsync();

        Assert.Equal(4, overview.County.Total);
        Assert.Equal(2, overview.County.ByPhase[Phase.Planering]);
        Assert.Equal(1, overview.County.ByPhase[Phase.Strategi]);
        Assert.Equal(1, overview.County.ByPhase[Phase.Genomforande]);
        Assert.Equal(1, overview.County.ByStatus[InitiativeStatus.OffTrack]);

        var cell = overview.Matrix.Single(c => c.RoadmapItem == "K01" && c.OrganizationCode == "0583");
        Assert.Equal((Phase?)Phase.Strategi, cell.Phase);
        Assert.Equal((InitiativeStatus?)InitiativeStatus.OffTrack, cell.Status);
        Assert.Equal(0, overview.Matrix.Single(c => c.RoadmapItem == "K01" && c.OrganizationCode == "0509").Initiatives);

        // A joint initiative counts in the matrix row of the owner and of every participant.
        Assert.Equal(1, overview.Matrix.Single(c => c.RoadmapItem == "G03" && c.OrganizationCode == "0586").Initiatives);

        // Only Linköping has reached implementation on K01: its share of the municipal inhabitants.
        var coverage = overview.Coverage.Single(c => c.RoadmapItem == "K01");
        Assert.Equal(1, coverage.MunicipalitiesReached);
        Assert.Equal(163_051.0 / 465_495.0, coverage.PopulationShare, 6);

        // One open obstacle: it blocks Norrköping (through its initiative) and Motala; the resolved one is gone.
        Assert.Equal(1, overview.OpenObstacles);
        var reach = Assert.Single(overview.ObstacleReach);
        Assert.Equal(("tillit", 1, 2), (reach.Category, reach.Open, reach.MunicipalitiesBlocked));
        Assert.Equal(new ObstacleCount("tillit", Severity.High, 1), Assert.Single(overview.Obstacles));

        // Nobody reports for 46 days: everything still on the road is stale, then one report freshens one.
        Assert.Equal(0, overview.County.Stale);
        Host.Time.Advance(TimeSpan.FromDays(46));
        Assert.Equal(4, (await Host.County.GetOverviewAsync()).County.Stale);
        await ReportAsync(Host, norrkoping, 5);
        var later = await Host.County.GetOverviewAsync();
        Assert.Equal(3, later.County.Stale);
        Assert.True(later.Matrix.Single(c => c.RoadmapItem == "K01" && c.OrganizationCode == "0583").Stale);
        Assert.False(later.Matrix.Single(c => c.RoadmapItem == "K01" && c.OrganizationCode == "0581").Stale);

        // The organisation grain keeps its own roll-up of the same facts.
        var motalaView = await Host.Grains.GetGrain<IOrganizationGrain>("0583").GetAsync();
        Assert.Equal(1, motalaView.Progress.Spread.Total);
        Assert.Equal(1, motalaView.Progress.OpenObstacles);
        Assert.Equal((Phase?)Phase.Strategi, motalaView.Row.Single(c => c.RoadmapItem == "K01").Phase);
        var mjolby = await Host.Grains.GetGrain<IOrganizationGrain>("0586").GetAsync();
        Assert.Equal([joint], mjolby.InitiativeIds);

        // After the county left memory, the county rebuilt from the log shows exactly the same.
        var before = await Host.County.GetOverviewAsync();
        await Host.DeactivateAsync(Host.County);
        var rebuilt = await Host.County.GetOverviewAsync();
        Assert.Equivalent(before with { AsOf = rebuilt.AsOf, Position = rebuilt.Position }, rebuilt, strict: true);

        // The rebuilt county read the whole log; before, its own grains' changes had reached it without a read.
        Assert.True(rebuilt.Position >= before.Position);
    }

    [Fact]
    public async Task County_RestartedFromASnapshotAndTheTailAfterIt_ShowsTheSameFigures()
    {
        var first = await CreateAsync(Host, "0509", "K08");
        await ReportAsync(Host, first, 20);
        await Host.DeactivateAsync(Host.County);
        await Host.County.GetOverviewAsync(); // this activation folds the tail and saves a snapshot after it

        // After the snapshot: a report on an initiative the snapshot knows (its stream's start is before it),
        // a new initiative, and an obstacle on both.
        await ReportAsync(Host, first, 60, InitiativeStatus.AtRisk);
        var second = await CreateAsync(Host, "0512", "K08");
        await FlagAsync(Host, "rekrytering", Severity.High, [first, second], []);
        var before = await Host.County.GetOverviewAsync();
        await Host.DeactivateAsync(Host.County);

        var restored = await Host.County.GetOverviewAsync();
        Assert.Equivalent(before with { AsOf = restored.AsOf, Position = restored.Position }, restored, strict: true);
        var cell = restored.Matrix.Single(c => c.RoadmapItem == "K08" && c.OrganizationCode == "0509");
        Assert.Equal((1, InitiativeStatus.AtRisk, 60), (cell.Initiatives, cell.Status, cell.AverageProgress));
    }
}
