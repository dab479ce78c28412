using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
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

        // The road's "over the year" says, month by month, what the as-of reads of each month's end say.
        Assert.Equal(await TrendFromAsOfReadsAsync(client, overview), await TrendOnTheRoadAsync());

        // A restart writes nothing more and shows the same figures.
        _server = await _server.RestartAsync();
        using var again = new ApiClient(_server.Address, _server.AdminToken);
        var after = await again.Roadmap.GetOverviewAsync(new GetOverviewRequest()).ResponseAsync;
        Assert.Equal((overview.County.Total, overview.OpenObstacles, overview.Position), (after.County.Total, after.OpenObstacles, after.Position));
    }

    /// <summary>The share in implementation or done at each month's end of the past year (from the first with an initiative) and today, as the road words it.</summary>
    private static async Task<string> TrendFromAsOfReadsAsync(ApiClient client, Overview now)
    {
        var sv = CultureInfo.GetCultureInfo("sv-SE");
        var today = Domain.FollowUp.SwedishTime.Today(DateTimeOffset.UtcNow);
        var first = new DateOnly(today.Year, today.Month, 1);
        var points = new List<string>();
        for (var k = 11; k >= 0; k--)
        {
            var day = first.AddMonths(-k).AddDays(-1);
            var then = await client.FollowUp.GetOverviewAsOfAsync(new AsOfRequest { AsOf = Timestamp.FromDateTimeOffset(Domain.FollowUp.SwedishTime.EndOf(day)) }).ResponseAsync;
            if (then.County.Total > 0 || points.Count > 0)
            {
                points.Add($"{day.ToString("MMM", sv)} {Reached(then.County).ToString("P0", sv)}");
            }
        }

        points.Add($"i dag {Reached(now.County).ToString("P0", sv)}");
        return "Andel i genomförande eller genomförda per månad: " + string.Join(", ", points);

        static double Reached(Api.V1.Spread c) => c.Total == 0 ? 0 : (double)c.ByPhase.Where(p => p.Phase is Phase.Genomforande or Phase.Genomford).Sum(p => p.Count) / c.Total;
    }

    /// <summary>The trend chart's words on the road, signed in as the admin; the first fold after a start runs in the background, so it may take a visit or two.</summary>
    private async Task<string> TrendOnTheRoadAsync()
    {
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = _server.DashboardAddress };
        var form = await http.GetStringAsync("/logga-in");
        var antiforgery = Regex.Match(form, "__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        using var signedIn = await http.PostAsync("/logga-in", new FormUrlEncodedContent(new Dictionary<string, string> { ["_handler"] = "signin", ["__RequestVerificationToken"] = antiforgery, ["Form.Token"] = _server.AdminToken! }));
        for (var attempt = 0; attempt < 60; attempt++)
        {
            var road = await http.GetStringAsync("/");
            if (Regex.Match(road, "aria-label=\"(Andel i genomförande eller genomförda per månad: [^\"]+)\"") is { Success: true } chart)
            {
                return WebUtility.HtmlDecode(chart.Groups[1].Value);
            }

            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        return "no trend on the road after a minute";
    }
}
