using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using NaraVard.Domain;
using NaraVard.Domain.Initiatives;
using NaraVard.Domain.Obstacles;
using NaraVard.Grains.Roadmaps;
using NaraVard.Grains.Storage;
using NaraVard.Server.Cluster;
using NaraVard.Server.Feed;
using NaraVard.Server.Tests.Gateway;
using NaraVard.Testing;
using Orleans.Storage;
using V1 = NaraVard.Api.V1;

namespace NaraVard.Server.Tests.Feed;

/// <summary>The event feed restarts from its snapshot: the states come back whole, and watch streams see the same county.</summary>
public sealed class FeedSnapshotTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task SaveAndLoad_RichStates_ComeBackFieldByField()
    {
        using var folder = new TempDirectory("naravard-feed-snapshot");
        var services = new ServiceCollection()
            .AddKeyedSingleton<IGrainStorage>(Snapshots.Storage, (_, _) => new SqliteGrainStorage(folder.File("naravard.db")))
            .BuildServiceProvider();
        var snapshots = new FeedSnapshots(services, NullLogger<FeedSnapshots>.Instance);
        var (initiative, obstacle) = RichStates();

        Assert.Null(await snapshots.LoadAsync());
        await snapshots.SaveAsync(new FeedSnapshot(FeedSnapshot.CurrentFormat, 42, [initiative], [obstacle]));
        var loaded = await new FeedSnapshots(services, NullLogger<FeedSnapshots>.Instance).LoadAsync();

        Assert.NotNull(loaded);
        Assert.Equal(42, loaded.Position);
        Assert.Equal(Json(initiative), Json(Assert.Single(loaded.Initiatives)));
        Assert.Equal(Json(obstacle), Json(Assert.Single(loaded.Obstacles)));
    }

    [Fact]
    public Task Watch_AfterARestartFromTheFeedsSnapshot_SeesTheCountyAsItStandsAndResumesAcrossIt() => RestartAsync([]);

    [Fact]
    public async Task Watch_AfterARestartFromTheFeedsSnapshotOnPostgres_SeesTheCountyAsItStandsAndResumesAcrossIt()
    {
        await using var postgres = await PostgresServer.StartAsync();
        await RestartAsync([$"--NaraVard:Postgres={await postgres.CreateDatabaseAsync()}"]);
    }

    private static async Task RestartAsync(string[] store)
    {
        using var data = new TempDirectory("naravard-feed-restart");
        var server = await ServerProcess.StartAsync(data.Path, ["--NaraVard:FeedSnapshotAfterEvents=1", .. store]);
        try
        {
            string first, second;
            long lastSeen;
            using (var api = new ApiClient(server.Address, server.AdminToken))
            {
                first = (await api.CreateAsync("0509", "K03")).Id;
                await api.ReportAsync(first, 40);
                second = (await api.CreateAsync("0509", "K04")).Id;
                await WaitForAsync(server, "Saved the event feed's snapshot");
                lastSeen = (await SnapshotAsync(api)).Position;
                await api.ReportAsync(first, 60);
            }

            server = await server.RestartAsync();
            Assert.Contains("Event feed resumed from its snapshot", server.Output, StringComparison.Ordinal);
            using var restarted = new ApiClient(server.Address, server.AdminToken);

            var (_, initiatives) = await SnapshotAsync(restarted);
            Assert.Equal(60, initiatives[first].ProgressPercent);
            Assert.Contains(second, initiatives.Keys);

            using var cancel = new CancellationTokenSource(Patience);
            await foreach (var change in restarted.WatchAsync(new V1.WatchRoadmapRequest { OrganizationCode = "0509", ResumeAfter = lastSeen }, cancellationToken: cancel.Token))
            {
                Assert.Null(change.SnapshotComplete);
                Assert.Equal((first, 60), (change.Initiative.Id, change.Initiative.ProgressPercent));
                break;
            }
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    /// <summary>A fresh watch of Ödeshög up to its snapshot's end: the position and each initiative as sent.</summary>
    private static async Task<(long Position, Dictionary<string, V1.Initiative> Initiatives)> SnapshotAsync(ApiClient api)
    {
        using var cancel = new CancellationTokenSource(Patience);
        var initiatives = new Dictionary<string, V1.Initiative>();
        await foreach (var change in api.WatchAsync(new V1.WatchRoadmapRequest { OrganizationCode = "0509" }, cancellationToken: cancel.Token))
        {
            if (change.SnapshotComplete is not null)
            {
                return (change.Position, initiatives);
            }

            if (change.Initiative is { } initiative)
            {
                initiatives[initiative.Id] = initiative;
            }
        }

        throw new InvalidOperationException("The watch ended before its snapshot was complete.");
    }

    private static async Task WaitForAsync(ServerProcess server, string line)
    {
        using var cancel = new CancellationTokenSource(Patience);
        while (!server.Output.Contains(line, StringComparison.Ordinal))
        {
            await Task.Delay(50, cancel.Token);
        }
    }

    /// <summary>An initiative with everything a state can hold, and an obstacle escalated and acknowledged.</summary>
    internal static (InitiativeState Initiative, ObstacleState Obstacle) RichStates()
    {
        var roadmap = TestRoadmap.Ostergotland;
        var at = new DateTimeOffset(2026, 3, 2, 9, 30, 0, TimeSpan.Zero);
        var editor = new Actor("Redaktör", "05", "editor");
        var initiative = InitiativeState.Initial;
        void Run(InitiativeCommand command)
        {
            foreach (var e in InitiativeDecider.Decide("i-rich", initiative, command, roadmap, at))
            {
                initiative = initiative.Apply(e);
            }

            at = at.AddDays(7);
        }

        Run(new CreateInitiative
        {
            By = editor, Title = "Mobila team", Description = "Samordnad vård i hemmet.", OwnerCode = "05", Scope = InitiativeScope.Joint,
            Participants = ["0580", "0581"], RoadmapItem = "G08", GoalAreas = ["teambaserad", "en-vardgivare"],
            Effects = [new Effect(EffectLevel.Individual, "Färre akuta besök.")], Responsible = "Anna Andersson",
            StartDate = new DateOnly(2026, 4, 1), TargetDate = new DateOnly(2028, 12, 31), Budget = new Budget(1_200_000m, 300_000m, "Vinnova"),
        });
        Run(new AcceptParticipation { By = new Actor("Redaktör", "0580", "editor"), OrganizationCode = "0580" });
        Run(new AdvancePhase { By = editor, To = Phase.Strategi, Comment = "Beslut i LGVO." });
        Run(new AddMilestone { By = editor, Title = "Avtal klart", Due = new DateOnly(2026, 9, 1) });
        Run(new CompleteMilestone { By = editor, MilestoneId = initiative.Milestones[0].Id });
        Run(new AddIndicator { By = editor, Name = "Andel med fast vårdkontakt", Unit = "%", Level = EffectLevel.Organization, Baseline = 40.5m, Target = 80m, TargetDate = new DateOnly(2027, 6, 30) });
        Run(new RecordIndicatorValue { By = editor, IndicatorId = initiative.Indicators[0].Id, Value = 47.25m, Comment = "Första mätningen." });
        Run(new ReportProgress { By = editor, ProgressPercent = 35, Status = InitiativeStatus.AtRisk, Comment = "Rekrytering försenad." });
        Run(new RevisePlan { By = editor, Reason = "Årlig revidering", TargetDate = new DateOnly(2029, 6, 30) });
        Run(new PauseInitiative { By = editor, Reason = "Omorganisation." });

        var planner = new Actor("Planerare", "05", "planner");
        var obstacle = ObstacleState.Initial;
        foreach (var command in new ObstacleCommand[]
        {
            new FlagObstacle { By = planner, Category = "other", OtherCategory = "Lokaler", Severity = Severity.High, Title = "Lokaler saknas", BlockedInitiatives = ["i-rich"], BlockedOrganizations = ["0581"] },
            new ChangeObstacleStatus { By = planner, To = ObstacleStatus.Acknowledged, Note = "Vi tittar på det." },
            new EscalateObstacle { By = planner, Note = "Till LGVO." },
        })
        {
            foreach (var e in ObstacleDecider.Decide("o-rich", obstacle, command, roadmap, id => id == "i-rich", at))
            {
                obstacle = obstacle.Apply(e);
            }
        }

        return (initiative, obstacle);
    }

    private static string Json<T>(T value) => JsonSerializer.Serialize(value, EventCodec.Options);
}
