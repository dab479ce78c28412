using NaraVard.Domain;
using NaraVard.Domain.Initiatives;
using NaraVard.Domain.Obstacles;
using NaraVard.Grains.Initiatives;
using NaraVard.Grains.Organizations;
using NaraVard.Grains.Roadmaps;
using NaraVard.Testing;
using Orleans.Runtime;
using static NaraVard.Grains.Tests.Roadmap.Scenario;

namespace NaraVard.Grains.Tests.Roadmap;

public sealed class InitiativeGrainTests(RoadmapHostFixture fixture) : IClassFixture<RoadmapHostFixture>
{
    private Testing.GrainCluster Host => fixture.Host;

    [Fact]
    public async Task Report_IsPersistedBeforeItReturns_AndInTheHistoryWithWhoAndWhen()
    {
        var id = await CreateAsync(Host, "0580", "K02");

        var view = await Host.Grains.GetGrain<IInitiativeGrain>(id).ExecuteAsync(new ReportProgress { By = Editor("0580"), ProgressPercent = 30, Status = InitiativeStatus.AtRisk, Comment = "Sensorer levererade", RequestId = "r-1" });

        var stored = await Host.Store.ReadStreamAsync(Storage.Streams.Initiative(id));
        Assert.Equal(2, stored.Count);
        Assert.Equal(2, view.State.Version);
        var history = await Host.Grains.GetGrain<IInitiativeGrain>(id).GetHistoryAsync(0, int.MaxValue);
        var report = Assert.IsType<ProgressReported>(history[^1].Event);
        Assert.Equal(("Redaktör 0580", "0580", "editor"), (report.By.Name, report.By.OrganizationCode, report.By.Role));
        Assert.Equal(Host.Time.GetUtcNow(), report.At);
        Assert.Equal("r-1", report.RequestId);
        Assert.Equal(stored[^1].Position, history[^1].Position);
    }

    [Fact]
    public async Task ConcurrentReports_OnOneInitiative_AreAllKept()
    {
        var id = await CreateAsync(Host, "0581", "K03");

        await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(() => ReportAsync(Host, id, i % 101))));

        var view = await Host.Grains.GetGrain<IInitiativeGrain>(id).GetAsync();
        Assert.Equal(201, view.State.Version);
        Assert.Equal(201, (await Host.Store.ReadStreamAsync(Storage.Streams.Initiative(id))).Count);
    }

    [Fact]
    public async Task Report_StaleExpectedVersion_IsConflictWithCurrentVersion()
    {
        var id = await CreateAsync(Host, "0583", "K04");
        await ReportAsync(Host, id, 10, expectedVersion: 1);

        var error = await Assert.ThrowsAsync<DomainException>(() => ReportAsync(Host, id, 20, expectedVersion: 1));

        Assert.Equal(ErrorKind.Conflict, error.Kind);
        Assert.Contains("at version 2", error.Message, StringComparison.Ordinal);
        Assert.Equal(10, (await Host.Grains.GetGrain<IInitiativeGrain>(id).GetAsync()).State.ProgressPercent);
    }

    [Fact]
    public async Task RejectedCommand_WritesNothing_AndTheGrainKeepsWorking()
    {
        var id = await CreateAsync(Host, "0584", "K05");

        await Assert.ThrowsAsync<DomainException>(() => ReportAsync(Host, id, 150));
        await ReportAsync(Host, id, 50);

        Assert.Equal(2, (await Host.Store.ReadStreamAsync(Storage.Streams.Initiative(id))).Count);
    }

    [Fact]
    public async Task RuleBroken_InAGrainOnASilo_ReachesTheCallerWithItsKindAndField()
    {
        // The test cluster's client is a process apart from its silos: the exception crosses the wire.
        var id = await CreateAsync(Host, "0584", "K03");

        var error = await Assert.ThrowsAsync<DomainException>(() => ReportAsync(Host, id, 140));

        Assert.Equal((ErrorKind.InvalidArgument, "progress_percent"), (error.Kind, error.Field));
        Assert.StartsWith("progress_percent: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownIds_LookedUpAndWrittenTo_LeaveNoActivationBehind()
    {
        var management = Host.Grains.GetGrain<IManagementGrain>(0);
        async Task<int> ActivationsAsync() => (await management.GetSimpleGrainStatistics()).Where(s => s.GrainType.Contains("InitiativeGrain", StringComparison.Ordinal)).Sum(s => s.ActivationCount);
        var before = await ActivationsAsync();

        for (var i = 0; i < 100; i++)
        {
            var unknown = Host.Grains.GetGrain<IInitiativeGrain>(TestRoadmap.NewKey("i"));
            await Assert.ThrowsAsync<DomainException>(() => i % 2 == 0 ? unknown.GetAsync() : unknown.ExecuteAsync(new ReportProgress { By = Editor("0580"), ProgressPercent = 5, Status = InitiativeStatus.OnTrack }));
        }

        // Deactivation follows each refused call at once; give the silos a moment to finish it.
        var after = await ActivationsAsync();
        for (var wait = 0; wait < 50 && after > before; wait++)
        {
            await Task.Delay(100);
            after = await ActivationsAsync();
        }

        Assert.True(after <= before, $"{after - before} activations of unknown initiatives stayed in memory");
    }

    [Fact]
    public async Task Get_UnknownInitiative_IsNotFound()
    {
        var error = await Assert.ThrowsAsync<DomainException>(() => Host.Grains.GetGrain<IInitiativeGrain>("i-none").GetAsync());

        Assert.Equal(ErrorKind.NotFound, error.Kind);
    }

    [Fact]
    public async Task Participants_RemovedFromJointInitiative_LeaveTheOrganisationView()
    {
        var id = await CreateAsync(Host, "05", "G10", InitiativeScope.Joint, "0509", "0512");

        await Host.Grains.GetGrain<IInitiativeGrain>(id).ExecuteAsync(new SetParticipants { By = Editor("05"), Participants = ["0512"] });

        Assert.DoesNotContain(id, (await Host.Grains.GetGrain<IOrganizationGrain>("0509").GetAsync()).InitiativeIds);
        Assert.Contains(id, (await Host.Grains.GetGrain<IOrganizationGrain>("0512").GetAsync()).InitiativeIds);
    }

    [Fact]
    public async Task Invitation_CountsForTheInvitedOrganisationOnlyOnceAccepted_AndWhatBlocksItReachesItThen()
    {
        var id = await CreateAsync(Host, "05", "G10", InitiativeScope.Joint);
        var grain = Host.Grains.GetGrain<IInitiativeGrain>(id);
        var county = Host.County;
        await grain.ExecuteAsync(new SetParticipants { By = Editor("05"), Participants = ["0513"] });
        var obstacle = await FlagAsync(Host, "styrning", Severity.High, [id], []);
        async Task<(bool Counted, bool Blocked, bool Listed)> KindaAsync() => (
            (await Host.Grains.GetGrain<IOrganizationGrain>("0513").GetAsync()).InitiativeIds.Contains(id),
            (await county.ListObstaclesAsync(new(OrganizationCode: "0513", PageSize: 500))).Items.Any(o => o.Id == obstacle),
            (await county.ListInitiativesAsync(new(InvitedOrganizationCode: "0513", PageSize: 500))).Items.Any(s => s.Id == id));

        var invited = await KindaAsync();
        await grain.ExecuteAsync(new AcceptParticipation { By = Editor("0513"), OrganizationCode = "0513" });
        var accepted = await KindaAsync();
        await grain.ExecuteAsync(new LeaveInitiative { By = Editor("0513"), OrganizationCode = "0513" });
        var left = await KindaAsync();

        Assert.Equal((false, false, true), invited);
        Assert.Equal((true, true, false), accepted);
        Assert.Equal((false, false, false), left);
    }

    [Fact]
    public async Task ListInitiatives_FiltersAndPagesWithoutGapsOrRepeats()
    {
        var ids = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            ids.Add(await CreateAsync(Host, "0562", "K06"));
        }

        var seen = new List<string>();
        string? token = null;
        do
        {
            var page = await Host.County.ListInitiativesAsync(new InitiativeQuery(OrganizationCode: "0562", RoadmapItem: "K06", PageSize: 3, PageToken: token));
            Assert.Equal(7, page.TotalMatches);
            seen.AddRange(page.Items.Select(s => s.Id));
            token = page.NextPageToken;
        }
        while (token is not null);

        Assert.Equal(ids.Order(StringComparer.Ordinal), seen);
    }

    [Fact]
    public async Task Report_SameRequestIdTwice_IsRecordedOnce_AndAnswersTheFirstResult()
    {
        var id = await CreateAsync(Host, "0586", "K04");
        var grain = Host.Grains.GetGrain<IInitiativeGrain>(id);
        var report = new ReportProgress { By = Editor("0586"), ProgressPercent = 30, Status = InitiativeStatus.OnTrack, RequestId = "req-1" };

        var first = await grain.ExecuteAsync(report);
        await grain.ExecuteAsync(report with { RequestId = "req-2", ProgressPercent = 50 });
        var retried = await grain.ExecuteAsync(report);

        Assert.Equal(first.State.Version, retried.State.Version);
        Assert.Equal(30, retried.State.ProgressPercent);
        Assert.Equal(3, (await Host.Store.ReadStreamAsync(Storage.Streams.Initiative(id))).Count);
    }

    [Fact]
    public async Task Report_SameRequestIdFromAnotherIdentity_IsItsOwnRequest()
    {
        var id = await CreateAsync(Host, "0586", "K05");
        var grain = Host.Grains.GetGrain<IInitiativeGrain>(id);

        await grain.ExecuteAsync(new ReportProgress { By = Editor("0586"), ProgressPercent = 10, Status = InitiativeStatus.OnTrack, RequestId = "same" });
        await grain.ExecuteAsync(new ReportProgress { By = Actor.System, ProgressPercent = 20, Status = InitiativeStatus.OnTrack, RequestId = "same" });

        Assert.Equal(3, (await grain.GetAsync()).State.Version);
    }
}
