using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using NaraVard.Api.V1;
using SwedishTime = NaraVard.Domain.FollowUp.SwedishTime;
using NaraVard.Testing;

namespace NaraVard.Server.Tests.Gateway;

/// <summary>SVO's secretary records the meeting; before the next one, leadership asks what has moved since.</summary>
[Collection(GatewayCollection.Name)]
public sealed class FollowUpTests(ServerFixture fixture)
{
    private static string Yesterday => SwedishTime.Today(DateTimeOffset.UtcNow).AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task ChangeReport_SinceTheLastMeeting_HasWhatHappenedAfterIt()
    {
        var meeting = await fixture.Channel.FollowUp.RecordMeetingAsync(new RecordMeetingRequest { Body = Body.Lgvo, Date = Yesterday, Title = "LGVO", RequestId = Guid.NewGuid().ToString("N") });
        var kinda = await fixture.Channel.CreateAsync("0513", "K05");
        await fixture.Channel.ReportAsync(kinda.Id, 30);

        var report = await fixture.Channel.FollowUp.GetChangeReportAsync(new GetChangeReportRequest { SinceMeetingOf = Body.Lgvo });

        Assert.Equal(meeting.Id, report.SinceMeeting.Id);
        Assert.Equal(meeting.EndsAt, report.From);
        var change = Assert.Single(report.Initiatives, c => c.Id == kinda.Id);
        Assert.Equal((true, Phase.Unspecified, Phase.Planering, 0, 30, 2), (change.New, change.PhaseFrom, change.PhaseTo, change.ProgressFrom, change.ProgressTo, change.Reports));
        Assert.DoesNotContain("0513", report.SilentOrganizations);
    }

    [Fact]
    public async Task ListAndGetInitiative_AsOfAMoment_AnswerAsTheyStoodThen()
    {
        var first = await fixture.Channel.CreateAsync("0562", "K07");
        await fixture.Channel.ReportAsync(first.Id, 10);
        var moment = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow);
        var later = await fixture.Channel.CreateAsync("0562", "K08");
        await fixture.Channel.ReportAsync(first.Id, 60);

        var then = new List<InitiativeSummary>();
        var request = new ListInitiativesRequest { OrganizationCode = "0562", PageSize = 100, AsOf = moment };
        do
        {
            var page = await fixture.Channel.Roadmap.ListInitiativesAsync(request);
            then.AddRange(page.Initiatives);
            request.PageToken = page.NextPageToken;
        }
        while (request.PageToken.Length > 0);
        var single = await fixture.Channel.Roadmap.GetInitiativeAsync(new GetInitiativeRequest { Id = first.Id, AsOf = moment });
        var now = await fixture.Channel.Roadmap.GetInitiativeAsync(new GetInitiativeRequest { Id = first.Id });

        Assert.Equal(10, then.Single(i => i.Id == first.Id).ProgressPercent);
        Assert.DoesNotContain(then, i => i.Id == later.Id);
        Assert.Equal((10, 60), (single.ProgressPercent, now.ProgressPercent));
        var missing = await Assert.ThrowsAsync<RpcException>(() => fixture.Channel.Roadmap.GetInitiativeAsync(new GetInitiativeRequest { Id = later.Id, AsOf = moment }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task GetOrganization_AsOfAMoment_HasTheFiguresAndInitiativesOfThen()
    {
        await fixture.Channel.CreateAsync("0584", "K03");
        var moment = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow);
        var nowBefore = await fixture.Channel.Roadmap.GetOrganizationAsync(new GetOrganizationRequest { Code = "0584" });
        var later = await fixture.Channel.CreateAsync("0584", "K05");

        var then = await fixture.Channel.Roadmap.GetOrganizationAsync(new GetOrganizationRequest { Code = "0584", AsOf = moment });
        var now = await fixture.Channel.Roadmap.GetOrganizationAsync(new GetOrganizationRequest { Code = "0584" });

        Assert.Equal(nowBefore.InitiativeIds.Order(), then.InitiativeIds.Order());
        Assert.Equal(nowBefore.Progress.Spread.Total, then.Progress.Spread.Total);
        Assert.Equal(nowBefore.Row.Select(c => (c.RoadmapItem, c.Initiatives)), then.Row.Select(c => (c.RoadmapItem, c.Initiatives)));
        Assert.DoesNotContain(later.Id, then.InitiativeIds);
        Assert.Contains(later.Id, now.InitiativeIds);
    }

    [Fact]
    public async Task ListAndGetObstacle_AsOfAMoment_AnswerTheRegisterAsItStoodThen()
    {
        var blocked = await fixture.Channel.CreateAsync("0563", "K09");
        var first = await fixture.Channel.Obstacles.FlagObstacleAsync(new FlagObstacleRequest { Category = "rekrytering", Severity = Severity.High, Title = "Sjuksköterskor saknas", BlockedInitiatives = { blocked.Id } });
        var moment = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow);
        var second = await fixture.Channel.Obstacles.FlagObstacleAsync(new FlagObstacleRequest { Category = "styrning", Severity = Severity.Medium, Title = "Oklart mandat", BlockedInitiatives = { blocked.Id } });

        var then = await fixture.Channel.Obstacles.ListObstaclesAsync(new ListObstaclesRequest { InitiativeId = blocked.Id, AsOf = moment });
        var now = await fixture.Channel.Obstacles.ListObstaclesAsync(new ListObstaclesRequest { InitiativeId = blocked.Id });
        var firstThen = await fixture.Channel.Obstacles.GetObstacleAsync(new GetObstacleRequest { Id = first.Id, AsOf = moment });

        Assert.Equal([first.Id], then.Obstacles.Select(o => o.Id));
        Assert.Equal(1, then.TotalSize);
        Assert.Equal(new[] { first.Id, second.Id }.Order(), now.Obstacles.Select(o => o.Id).Order());
        Assert.Contains("0563", firstThen.AffectedOrganizations);
        var missing = await Assert.ThrowsAsync<RpcException>(() => fixture.Channel.Obstacles.GetObstacleAsync(new GetObstacleRequest { Id = second.Id, AsOf = moment }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task RevisePlan_NewTargetDate_InForceNowWhileAsOfBeforeKeepsTheOldPlan()
    {
        var kinda = await fixture.Channel.CreateAsync("0513", "K04");
        var created = await fixture.Channel.Roadmap.GetInitiativeAsync(new GetInitiativeRequest { Id = kinda.Id });
        var before = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow);

        var revised = await fixture.Channel.Initiatives.RevisePlanAsync(new RevisePlanRequest { InitiativeId = kinda.Id, Reason = "Årlig revidering", TargetDate = "2030-06-30", GoalAreas = new GoalAreas { Codes = { "teambaserad" } } });
        var then = await fixture.Channel.FollowUp.GetInitiativeAsOfAsync(new InitiativeAsOfRequest { Id = kinda.Id, AsOf = before });
        var history = await fixture.Channel.HistoryAsync(kinda.Id);

        Assert.Equal(("2030-06-30", "teambaserad"), (revised.TargetDate, Assert.Single(revised.GoalAreas)));
        Assert.Equal(created.TargetDate, then.TargetDate);
        Assert.Equal(created.GoalAreas, then.GoalAreas);
        var entry = history.Events.Last();
        Assert.Equal(("PlanRevised", "Årlig revidering"), (entry.Type, entry.Comment));
        Assert.Contains("target date 2030-06-30", entry.Description, StringComparison.Ordinal);
        var nothing = await Assert.ThrowsAsync<RpcException>(() => fixture.Channel.Initiatives.RevisePlanAsync(new RevisePlanRequest { InitiativeId = kinda.Id, Reason = "Igen", TargetDate = "2030-06-30" }).ResponseAsync);
        Assert.Equal((StatusCode.InvalidArgument, true), (nothing.StatusCode, nothing.Status.Detail.StartsWith("plan:", StringComparison.Ordinal)));
    }

    [Fact]
    public Task AsOf_AMomentPassed_AnswersWhatTheServerSaidThen_FieldByField() => AsOfAnswersWhatTheServerSaidThenAsync(fixture.Channel);

    [Fact]
    public async Task AsOf_OnPostgres_AnswersWhatTheServerSaidThen_FieldByField()
    {
        await using var postgres = await PostgresServer.StartAsync();
        var connectionString = await postgres.CreateDatabaseAsync();
        using var data = new TempDirectory("naravard-asof-pg");
        await using var server = await ServerProcess.StartAsync(data.Path, [$"--NaraVard:Postgres={connectionString}"]);
        using var api = new ApiClient(server.Address, server.AdminToken);

        await AsOfAnswersWhatTheServerSaidThenAsync(api);
    }

    /// <summary>Writes, what the server answered then, a moment, more writes; the answer as of the moment is the first one.</summary>
    internal static async Task AsOfAnswersWhatTheServerSaidThenAsync(ApiClient api)
    {
        var ydre = await api.CreateAsync("0512", "K06");
        await api.ReportAsync(ydre.Id, 25);
        var flagged = await api.Obstacles.FlagObstacleAsync(new FlagObstacleRequest { Category = "tillit", Severity = Severity.Medium, Title = "Otydligt huvudmannaskap", BlockedInitiatives = { ydre.Id } });
        var written = (await api.Obstacles.GetObstacleHistoryAsync(new GetObstacleHistoryRequest { Id = flagged.Id })).Events[^1].Position;
        var then = await api.Roadmap.GetOverviewAsync(new GetOverviewRequest());
        for (var tries = 0; then.Position < written && tries < 100; tries++)
        {
            await Task.Delay(50); // the overview is reused for up to a second
            then = await api.Roadmap.GetOverviewAsync(new GetOverviewRequest());
        }

        var initiativeThen = await api.Roadmap.GetInitiativeAsync(new GetInitiativeRequest { Id = ydre.Id });
        var moment = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow);
        await Task.Delay(20); // what follows happens after the moment, by the server's clock too
        await api.ReportAsync(ydre.Id, 60);
        await api.CreateAsync("0512", "K07");

        var overview = await api.FollowUp.GetOverviewAsOfAsync(new AsOfRequest { AsOf = moment });
        var initiative = await api.FollowUp.GetInitiativeAsOfAsync(new InitiativeAsOfRequest { Id = ydre.Id, AsOf = moment });

        Assert.Equal(then.County, overview.County);
        Assert.Equal(then.Organizations, overview.Organizations);
        Assert.Equal(then.Matrix, overview.Matrix);
        Assert.Equal(then.Obstacles, overview.Obstacles);
        Assert.Equal(then.ObstacleReach, overview.ObstacleReach);
        Assert.Equal(then.Coverage, overview.Coverage);
        Assert.Equal(then.OpenObstacles, overview.OpenObstacles);
        Assert.Equal(initiativeThen, initiative);
        Assert.Equal(25, initiative.ProgressPercent);
        Assert.Equal(StatusCode.NotFound, (await Assert.ThrowsAsync<RpcException>(() => api.FollowUp.GetInitiativeAsOfAsync(new InitiativeAsOfRequest { Id = ydre.Id, AsOf = ydre.CreatedAt.ToDateTimeOffset().AddSeconds(-1).ToTimestamp() }).ResponseAsync)).StatusCode);
    }

    [Fact]
    public async Task RecordMeeting_RetriedWithItsRequestId_IsRecordedOnce()
    {
        var request = new RecordMeetingRequest { Body = Body.Svo, Date = Yesterday, Title = "SVO", Note = "Beslut om gemensam hemsjukvård", RequestId = Guid.NewGuid().ToString("N") };

        var first = await fixture.Channel.FollowUp.RecordMeetingAsync(request);
        var again = await fixture.Channel.FollowUp.RecordMeetingAsync(request);
        var listed = await fixture.Channel.FollowUp.ListMeetingsAsync(new ListMeetingsRequest { Body = Body.Svo });

        Assert.Equal(first, again);
        Assert.Single(listed.Meetings, m => m.Id == first.Id);
        Assert.Equal(("Beslut om gemensam hemsjukvård", "token:"), (first.Note, first.RecordedBy.Id[..6]));
    }

    [Fact]
    public async Task RecordMeeting_ByViewerOrInTheFuture_IsRefusedNamingWhy()
    {
        using var viewer = new ApiClient(fixture.Server.Address, await ServerProcess.CreateTokenAsync("0586", "viewer", "Ledamot", $"--NaraVard:DataDirectory={fixture.DataPath}"));
        var future = SwedishTime.Today(DateTimeOffset.UtcNow).AddDays(2).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        var denied = await Assert.ThrowsAsync<RpcException>(() => viewer.FollowUp.RecordMeetingAsync(new RecordMeetingRequest { Body = Body.Svo, Date = Yesterday, Title = "SVO" }).ResponseAsync);
        var invalid = await Assert.ThrowsAsync<RpcException>(() => fixture.Channel.FollowUp.RecordMeetingAsync(new RecordMeetingRequest { Body = Body.Svo, Date = future, Title = "SVO" }).ResponseAsync);
        var noStart = await Assert.ThrowsAsync<RpcException>(() => fixture.Channel.FollowUp.GetChangeReportAsync(new GetChangeReportRequest()).ResponseAsync);

        Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, invalid.StatusCode);
        Assert.StartsWith("date: must not be after today", invalid.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(("from: is required when since_meeting_of is not given", StatusCode.InvalidArgument), (noStart.Status.Detail, noStart.StatusCode));
    }
}
