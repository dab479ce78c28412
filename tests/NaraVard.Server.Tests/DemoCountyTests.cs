using Google.Protobuf.WellKnownTypes;
using NaraVard.Api.V1;
using NaraVard.Testing;

namespace NaraVard.Server.Tests;

/// <summary>
/// The first hour: <c>--demo</c> starts on a county a leadership group can look at, written through the same
/// commands as any user's changes and dated in the past, so every view has something to show.
/// </summary>
public sealed class DemoCountyTests : IAsyncLifetime
{
    private readonly TempDirectory _data = new("naravard-demo");
    private ServerProcess _server = null!;

    public async Task InitializeAsync() => _server = await ServerProcess.StartAsync(_data.Path, ["--demo"]);

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _data.Dispose();
    }

    [Fact]
    public async Task Demo_OnFirstStart_ShowsTheRoadTheMatrixAMonthBackAndSinceTheMeeting_AndARestartKeepsIt()
    {
        using var client = new ApiClient(_server.Address, _server.AdminToken);
        var overview = await client.Roadmap.GetOverviewAsync(new GetOverviewRequest()).ResponseAsync;

        // The road: every phase has initiatives, some stale, obstacles open, one escalated to SVO.
        Assert.True(overview.County.Total >= 12, $"{overview.County.Total} initiatives");
        foreach (var phase in new[] { Phase.Planering, Phase.Strategi, Phase.Genomforande, Phase.Genomford })
        {
            Assert.True(overview.County.ByPhase.Single(p => p.Phase == phase).Count > 0, $"no initiative in {phase}");
        }

        Assert.True(overview.County.Stale > 0);
        Assert.True(overview.OpenObstacles >= 4);
        var obstacles = await client.Obstacles.ListObstaclesAsync(new ListObstaclesRequest { PageSize = 100 }).ResponseAsync;
        Assert.Contains(obstacles.Obstacles, o => o.Escalation == EscalationLevel.Svo && o.Status != ObstacleStatus.Resolved);

        // The matrix has cells in every kind of item, joint ones counted for their participants.
        Assert.Contains(overview.Matrix, c => c.RoadmapItem.StartsWith('R') && c.Initiatives > 0);
        Assert.Contains(overview.Matrix, c => c.RoadmapItem.StartsWith('K') && c.Initiatives > 0);
        Assert.Contains(overview.Matrix, c => c.RoadmapItem == "G01" && c.OrganizationCode == "0583" && c.Initiatives == 1);

        // A month back the county stood elsewhere, and still had initiatives: the past is dated in the past.
        var monthBack = await client.FollowUp.GetOverviewAsOfAsync(new AsOfRequest { AsOf = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(-30)) }).ResponseAsync;
        Assert.True(monthBack.County.Total > 0);
        Assert.NotEqual(overview.County.ByPhase.Single(p => p.Phase == Phase.Genomford).Count, monthBack.County.ByPhase.Single(p => p.Phase == Phase.Genomford).Count);

        // Since the last SVO meeting, something moved; the meetings were recorded by the planner.
        var meetings = await client.FollowUp.ListMeetingsAsync(new ListMeetingsRequest()).ResponseAsync;
        Assert.Equal(3, meetings.Meetings.Count);
        var since = await client.FollowUp.GetChangeReportAsync(new GetChangeReportRequest { SinceMeetingOf = Body.Svo }).ResponseAsync;
        Assert.NotEmpty(since.Initiatives);

        // Measurement points have values; every history line reads as words in both languages.
        var list = await client.Roadmap.ListInitiativesAsync(new ListInitiativesRequest { PageSize = 100 }).ResponseAsync;
        var measured = 0;
        foreach (var summary in list.Initiatives)
        {
            var initiative = await client.Roadmap.GetInitiativeAsync(new GetInitiativeRequest { Id = summary.Id }).ResponseAsync;
            measured += initiative.Indicators.Count(k => k.Latest is not null);
            var history = await client.HistoryAsync(summary.Id);
            Assert.All(history.Events, e => Assert.False(string.IsNullOrWhiteSpace(e.Description) || string.IsNullOrWhiteSpace(e.DescriptionSv), $"{e.Type} has no description"));
        }

        Assert.True(measured >= 3, $"{measured} measured points");

        // A restart writes nothing more and shows the same figures.
        _server = await _server.RestartAsync();
        using var again = new ApiClient(_server.Address, _server.AdminToken);
        var after = await again.Roadmap.GetOverviewAsync(new GetOverviewRequest()).ResponseAsync;
        Assert.Equal((overview.County.Total, overview.OpenObstacles, overview.Position), (after.County.Total, after.OpenObstacles, after.Position));
    }
}
