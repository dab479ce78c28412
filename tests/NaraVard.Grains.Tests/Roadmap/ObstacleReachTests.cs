using NaraVard.Domain;
using NaraVard.Domain.Initiatives;
using NaraVard.Domain.Obstacles;
using NaraVard.Grains.Initiatives;
using NaraVard.Grains.Obstacles;
using NaraVard.Grains.Organizations;
using NaraVard.Grains.Roadmaps;
using static NaraVard.Grains.Tests.Roadmap.Scenario;

namespace NaraVard.Grains.Tests.Roadmap;

/// <summary>
/// Issue 27's trial: a participant that accepts after an obstacle was flagged is reached by it at that moment, on
/// every read, and acknowledging, escalating or a restart of the county changes none of that.
/// </summary>
public sealed class ObstacleReachTests(RoadmapHostFixture fixture) : IClassFixture<RoadmapHostFixture>
{
    private Testing.GrainCluster Host => fixture.Host;

    [Fact]
    public async Task Obstacle_ParticipantAcceptsAfterTheFlag_CountsForItOnEveryReadThroughAcknowledgeAndRestart()
    {
        var before = await OpenObstaclesOfAsync("0583");
        var joint = await CreateAsync(Host, "05", "G03", InitiativeScope.Joint);
        var grain = Host.Grains.GetGrain<IInitiativeGrain>(joint);
        await grain.ExecuteAsync(new SetParticipants { By = Editor("05"), Participants = ["0580", "0581", "0583"] });
        await grain.ExecuteAsync(new AcceptParticipation { By = Editor("0580"), OrganizationCode = "0580" });
        await grain.ExecuteAsync(new AcceptParticipation { By = Editor("0581"), OrganizationCode = "0581" });
        var obstacle = await FlagAsync(Host, "tillit", Severity.High, [joint], []);
        Assert.Equal(["05", "0580", "0581"], (await Host.Grains.GetGrain<IObstacleGrain>(obstacle).GetAsync()).AffectedOrganizations);

        await grain.ExecuteAsync(new AcceptParticipation { By = Editor("0583"), OrganizationCode = "0583" });
        await AssertReachesAsync(obstacle, "0583", before + 1);

        await Host.Grains.GetGrain<IObstacleGrain>(obstacle).ExecuteAsync(new ChangeObstacleStatus { By = Planner, To = ObstacleStatus.Acknowledged });
        await AssertReachesAsync(obstacle, "0583", before + 1);

        await Host.DeactivateAsync(Host.County);
        await Host.DeactivateAsync(Host.Grains.GetGrain<IObstacleGrain>(obstacle));
        await AssertReachesAsync(obstacle, "0583", before + 1);

        // Leaving uncounts it at once, as accepting counted it.
        await grain.ExecuteAsync(new LeaveInitiative { By = Editor("0583"), OrganizationCode = "0583" });
        Assert.Equal(before, await OpenObstaclesOfAsync("0583"));
        Assert.DoesNotContain("0583", (await Host.Grains.GetGrain<IObstacleGrain>(obstacle).GetAsync()).AffectedOrganizations);
    }

    [Fact]
    public async Task Obstacle_OrganisationInvitedAndJoiningAfterTheFlag_StaysCountedWhenEscalated()
    {
        var before = await OpenObstaclesOfAsync("0562");
        var joint = await CreateAsync(Host, "05", "G05", InitiativeScope.Joint, "0580");
        var obstacle = await FlagAsync(Host, "styrning", Severity.Medium, [joint], []);
        var grain = Host.Grains.GetGrain<IInitiativeGrain>(joint);
        await grain.ExecuteAsync(new SetParticipants { By = Editor("05"), Participants = ["0580", "0562"] });
        Assert.Equal(before, await OpenObstaclesOfAsync("0562"));
        await grain.ExecuteAsync(new AcceptParticipation { By = Editor("0562"), OrganizationCode = "0562" });
        await AssertReachesAsync(obstacle, "0562", before + 1);

        await Host.Grains.GetGrain<IObstacleGrain>(obstacle).ExecuteAsync(new EscalateObstacle { By = Planner, Note = "Till LGVO" });
        await AssertReachesAsync(obstacle, "0562", before + 1);
    }

    private async Task<int> OpenObstaclesOfAsync(string org) =>
        (await Host.County.GetOverviewAsync()).Organizations.Single(o => o.Code == org).OpenObstacles;

    /// <summary>The county, the organisation, the filtered list, the list's own answer and GetObstacle all agree.</summary>
    private async Task AssertReachesAsync(string obstacle, string org, int open)
    {
        Assert.Equal(open, await OpenObstaclesOfAsync(org));
        Assert.Equal(open, (await Host.Grains.GetGrain<IOrganizationGrain>(org).GetAsync()).Progress.OpenObstacles);
        var listed = await Host.County.ListObstaclesAsync(new ObstacleQuery(OrganizationCode: org, PageSize: 500));
        Assert.Contains(org, Assert.Single(listed.Items, o => o.Id == obstacle).AffectedOrganizations);
        Assert.Contains(org, (await Host.Grains.GetGrain<IObstacleGrain>(obstacle).GetAsync()).AffectedOrganizations);
    }
}
