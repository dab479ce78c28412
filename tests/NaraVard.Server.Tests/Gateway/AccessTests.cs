using System.Diagnostics;
using NaraVard.Api.V1;
using Grpc.Core;
using NaraVard.Testing;

namespace NaraVard.Server.Tests.Gateway;

/// <summary>Every RPC of the three services × every role × own and other organisation, through the real gateway.</summary>
[Collection(GatewayCollection.Name)]
public sealed class AccessTests(ServerFixture fixture) : IAsyncLifetime
{
    private static readonly string[] Roles = ["viewer", "editor", "planner", "admin"];
    // Tokens are made once for the whole class (a process per token); the matrix has 176 cases.
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static Dictionary<(string Role, string Org), ApiClient>? _shared;
    private Dictionary<(string Role, string Org), ApiClient> _channels = [];

    public async Task InitializeAsync()
    {
        await Gate.WaitAsync();
        try
        {
            _shared ??= await CreateChannelsAsync();
            _channels = _shared;
        }
        finally
        {
            Gate.Release();
        }
    }

    private async Task<Dictionary<(string Role, string Org), ApiClient>> CreateChannelsAsync()
    {
        // Tokens made by the operator command on the server's own store, while the server runs.
        var channels = new Dictionary<(string Role, string Org), ApiClient>();
        await Task.WhenAll(Roles.SelectMany(role => new[] { "0580", "0581" }.Select(async org =>
        {
            var token = await ServerProcess.CreateTokenAsync(org, role, $"{role} {org}", $"--NaraVard:DataDirectory={fixture.DataPath}");
            lock (channels)
            {
                channels[(role, org)] = new ApiClient(fixture.Server.Address, token);
            }
        })));

        // The server learns of them from the log within a poll interval.
        await WaitAsync(async () => (await Status(() => channels[("admin", "0581")].Roadmap.GetRoadmapAsync(new GetRoadmapRequest()).ResponseAsync)) != StatusCode.Unauthenticated);
        return channels;
    }

    // The channels live as long as the shared server.
    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Who may call what. Reads: every role. Initiatives: editors of the owner, admins. Obstacles: planners, admins.</summary>
    private static bool Allowed(string rpc, string role, bool own) => rpc switch
    {
        "FlagObstacle" or "UpdateObstacle" or "PlanObstacleNextStep" or "RecordMeeting" or "InitiativeService.SyncKolada" => role is "planner" or "admin",

        // Taking part is the invited organisation's decision (Norrköping's here), not the owner's.
        "InitiativeService.FindKoladaKpis" => true,
        "InitiativeService.AcceptParticipation" or "InitiativeService.LeaveInitiative" => role == "admin" || (!own && role is "editor" or "planner"),
        _ when rpc.StartsWith("InitiativeService.", StringComparison.Ordinal) => role == "admin" || (role == "editor" && own),
        _ => true,
    };

    private static readonly string[] Rpcs =
    [
        "GetRoadmap", "GetOverview", "ListOrganizations", "GetOrganization", "ListInitiatives", "GetInitiative", "GetInitiativeHistory", "WatchRoadmap",
        "InitiativeService.CreateInitiative", "InitiativeService.ReportProgress", "InitiativeService.AdvancePhase", "InitiativeService.PauseInitiative",
        "InitiativeService.ResumeInitiative", "InitiativeService.AddMilestone", "InitiativeService.CompleteMilestone", "InitiativeService.SetParticipants",
        "InitiativeService.AcceptParticipation", "InitiativeService.LeaveInitiative", "InitiativeService.AddIndicator", "InitiativeService.RecordIndicatorValue",
        "InitiativeService.CloseInitiative", "InitiativeService.SyncKolada", "InitiativeService.FindKoladaKpis", "RecordMeeting", "ListMeetings", "GetChangeReport", "FlagObstacle", "UpdateObstacle", "PlanObstacleNextStep", "ListObstacles", "GetObstacle", "GetObstacleHistory",
    ];

    public static TheoryData<string, string, bool> Matrix()
    {
        var data = new TheoryData<string, string, bool>();
        foreach (var rpc in Rpcs)
        {
            foreach (var role in Roles)
            {
                data.Add(rpc, role, true);
                data.Add(rpc, role, false);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Rpc_ByRoleForOwnOrOtherOrganisation_IsAllowedOrDeniedAsTheRulesSay(string rpc, string role, bool own)
    {
        // The subject belongs to Linköping (0580): "own" callers are Linköping's, the others Norrköping's.
        var admin = fixture.Channel;
        var initiative = await admin.Initiatives.CreateInitiativeAsync(new CreateInitiativeRequest { Title = "Matris", OwnerCode = "0580", Scope = Scope.Joint, RoadmapItem = "G03", Participants = { "0583", "0581" } }).ResponseAsync;
        await admin.Initiatives.AddMilestoneAsync(new AddMilestoneRequest { InitiativeId = initiative.Id, Title = "Steg 1" }).ResponseAsync;
        await admin.Initiatives.AddIndicatorAsync(new AddIndicatorRequest { InitiativeId = initiative.Id, Name = "Andel hembesök", Unit = "%", Level = EffectLevel.Organization, Baseline = 40, Target = 80, TargetDate = "2030-12-31" }).ResponseAsync;
        await admin.Initiatives.PauseInitiativeAsync(new PauseInitiativeRequest { InitiativeId = initiative.Id, Reason = "för att kunna återuppta" }).ResponseAsync;
        if (rpc is not "InitiativeService.ResumeInitiative")
        {
            await admin.Initiatives.ResumeInitiativeAsync(new ResumeInitiativeRequest { InitiativeId = initiative.Id }).ResponseAsync;
        }

        var obstacle = await admin.Obstacles.FlagObstacleAsync(new FlagObstacleRequest { Category = "styrning", Severity = Severity.Medium, Title = "Oklart mandat", BlockedOrganizations = { "0580" } }).ResponseAsync;
        var caller = _channels[(role, own ? "0580" : "0581")];

        var status = await Status(() => Call(caller, rpc, initiative.Id, obstacle.Id, own ? "0580" : "0581"));

        if (Allowed(rpc, role, own))
        {
            Assert.True(status is not (StatusCode.PermissionDenied or StatusCode.Unauthenticated), $"{role} ({(own ? "own" : "other")}) was refused {rpc}: {status}");
        }
        else
        {
            Assert.Equal(StatusCode.PermissionDenied, status);
        }
    }

    [Fact]
    public async Task Call_WithoutOrWithUnknownToken_IsUnauthenticated()
    {
        using var anonymous = new ApiClient(fixture.Server.Address);
        using var forged = new ApiClient(fixture.Server.Address, "nv_abcdefghij_notthesecret");

        Assert.Equal(StatusCode.Unauthenticated, await Status(() => anonymous.Roadmap.GetOverviewAsync(new GetOverviewRequest()).ResponseAsync));
        Assert.Equal(StatusCode.Unauthenticated, await Status(() => forged.Roadmap.GetOverviewAsync(new GetOverviewRequest()).ResponseAsync));
    }

    [Fact]
    public async Task KnownTokenId_WithAnotherSecretAfterTheRightOneWorked_IsUnauthenticated()
    {
        // A token found good before is let in without the full check; the same id with another secret is not.
        var token = await ServerProcess.CreateTokenAsync("0586", "viewer", $"Känd {Guid.NewGuid():N}", $"--NaraVard:DataDirectory={fixture.DataPath}");
        using var right = new ApiClient(fixture.Server.Address, token);
        using var wrong = new ApiClient(fixture.Server.Address, token[..token.LastIndexOf('_')] + "_notthesecret");
        await right.Roadmap.GetOverviewAsync(new GetOverviewRequest()).ResponseAsync;
        await right.Roadmap.GetOverviewAsync(new GetOverviewRequest()).ResponseAsync;

        Assert.Equal(StatusCode.Unauthenticated, await Status(() => wrong.Roadmap.GetOverviewAsync(new GetOverviewRequest()).ResponseAsync));
        Assert.Equal(StatusCode.OK, await Status(() => right.Roadmap.GetOverviewAsync(new GetOverviewRequest()).ResponseAsync));
    }

    [Fact]
    public async Task NewToken_UsedTheMomentItIsCreated_IsAccepted()
    {
        // The token command writes to the store from another process; the server has not seen it in its feed yet.
        var token = await ServerProcess.CreateTokenAsync("0586", "viewer", $"Ny {Guid.NewGuid():N}", $"--NaraVard:DataDirectory={fixture.DataPath}");
        using var fresh = new ApiClient(fixture.Server.Address, token);

        var overview = await fresh.Roadmap.GetOverviewAsync(new GetOverviewRequest()).ResponseAsync;

        Assert.NotEmpty(overview.Organizations);
    }

    [Fact]
    public async Task Denial_IsOneReadableSentence()
    {
        var initiative = await fixture.Channel.CreateAsync("0580");

        var error = await Assert.ThrowsAsync<RpcException>(() => _channels[("editor", "0581")].ReportAsync(initiative.Id, 50));

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.Equal($"editor 0581 (0581, editor): 0581 may not change 0580's initiative {initiative.Id}", error.Status.Detail);
    }

    [Fact]
    public async Task Events_RecordTheTokenIdNameOrganisationAndRole()
    {
        var initiative = await _channels[("editor", "0580")].CreateAsync("0580");

        var history = await fixture.Channel.Roadmap.GetInitiativeHistoryAsync(new GetInitiativeHistoryRequest { Id = initiative.Id }).ResponseAsync;

        var by = Assert.Single(history.Events).By;
        Assert.Equal(("editor 0580", "0580", "editor"), (by.Name, by.OrganizationCode, by.Role));
        Assert.Equal("token:" + _channels[("editor", "0580")].Token!.Split('_')[1], by.Id);
    }

    [Fact]
    public async Task TwoTokensWithOneName_AreTwoActorsInTheAuditTrail()
    {
        var initiative = await _channels[("editor", "0580")].CreateAsync("0580");
        var tokens = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => ServerProcess.CreateTokenAsync("0580", "editor", "Samma Namn", $"--NaraVard:DataDirectory={fixture.DataPath}")));
        using var first = new ApiClient(fixture.Server.Address, tokens[0]);
        using var second = new ApiClient(fixture.Server.Address, tokens[1]);
        await WaitAsync(async () => (await Status(() => second.Roadmap.GetRoadmapAsync(new GetRoadmapRequest()).ResponseAsync)) != StatusCode.Unauthenticated);

        await first.ReportAsync(initiative.Id, 10);
        await second.ReportAsync(initiative.Id, 20);
        var history = await fixture.Channel.Roadmap.GetInitiativeHistoryAsync(new GetInitiativeHistoryRequest { Id = initiative.Id }).ResponseAsync;

        var reporters = history.Events.Skip(1).Select(e => e.By).ToList();
        Assert.All(reporters, by => Assert.Equal("Samma Namn", by.Name));
        Assert.Equal(tokens.Select(t => "token:" + t.Split('_')[1]), reporters.Select(by => by.Id));
    }

    [Fact]
    public async Task Logs_OfTheWholeScenario_HoldNoToken()
    {
        var token = await ServerProcess.CreateTokenAsync("0583", "editor", "Motala loggtest", $"--NaraVard:DataDirectory={fixture.DataPath}");
        using var channel = new ApiClient(fixture.Server.Address, token);
        await WaitAsync(async () => await Status(() => channel.Roadmap.GetRoadmapAsync(new GetRoadmapRequest()).ResponseAsync) == StatusCode.OK);
        await Status(() => channel.ReportAsync("i-none", 5));

        foreach (var secret in new[] { fixture.AdminToken, token }.Select(t => t.Split('_')[2]))
        {
            Assert.DoesNotContain(secret, fixture.Server.Output, StringComparison.Ordinal);
        }
    }

    private static async Task Call(ApiClient c, string rpc, string initiative, string obstacle, string org)
    {
        switch (rpc)
        {
            case "GetRoadmap": await c.Roadmap.GetRoadmapAsync(new GetRoadmapRequest()).ResponseAsync; break;
            case "GetOverview": await c.Roadmap.GetOverviewAsync(new GetOverviewRequest()).ResponseAsync; break;
            case "ListOrganizations": await c.Roadmap.ListOrganizationsAsync(new ListOrganizationsRequest()).ResponseAsync; break;
            case "GetOrganization": await c.Roadmap.GetOrganizationAsync(new GetOrganizationRequest { Code = "0580" }).ResponseAsync; break;
            case "ListInitiatives": await c.Roadmap.ListInitiativesAsync(new ListInitiativesRequest()).ResponseAsync; break;
            case "GetInitiative": await c.Roadmap.GetInitiativeAsync(new GetInitiativeRequest { Id = initiative }).ResponseAsync; break;
            case "GetInitiativeHistory": await c.Roadmap.GetInitiativeHistoryAsync(new GetInitiativeHistoryRequest { Id = initiative }).ResponseAsync; break;
            case "WatchRoadmap":
                await foreach (var change in c.WatchAsync(new WatchRoadmapRequest { OrganizationCode = "0580" }))
                {
                    if (change.SnapshotComplete is not null)
                    {
                        return;
                    }
                }

                break;
            case "InitiativeService.CreateInitiative": await c.Initiatives.CreateInitiativeAsync(new CreateInitiativeRequest { Title = "Ny", OwnerCode = "0580", Scope = Scope.Municipal, RoadmapItem = "K01" }).ResponseAsync; break;
            case "InitiativeService.ReportProgress": await c.Initiatives.ReportProgressAsync(new ReportProgressRequest { InitiativeId = initiative, ProgressPercent = 20, Status = InitiativeStatus.OnTrack }).ResponseAsync; break;
            case "InitiativeService.AdvancePhase": await c.Initiatives.AdvancePhaseAsync(new AdvancePhaseRequest { InitiativeId = initiative, To = Phase.Strategi }).ResponseAsync; break;
            case "InitiativeService.PauseInitiative": await c.Initiatives.PauseInitiativeAsync(new PauseInitiativeRequest { InitiativeId = initiative, Reason = "paus" }).ResponseAsync; break;
            case "InitiativeService.ResumeInitiative": await c.Initiatives.ResumeInitiativeAsync(new ResumeInitiativeRequest { InitiativeId = initiative }).ResponseAsync; break;
            case "InitiativeService.AddMilestone": await c.Initiatives.AddMilestoneAsync(new AddMilestoneRequest { InitiativeId = initiative, Title = "Steg 2" }).ResponseAsync; break;
            case "InitiativeService.CompleteMilestone": await c.Initiatives.CompleteMilestoneAsync(new CompleteMilestoneRequest { InitiativeId = initiative, MilestoneId = "m1" }).ResponseAsync; break;
            case "InitiativeService.SetParticipants": await c.Initiatives.SetParticipantsAsync(new SetParticipantsRequest { InitiativeId = initiative, Participants = { "0583", "0586" } }).ResponseAsync; break;
            case "InitiativeService.AcceptParticipation": await c.Initiatives.AcceptParticipationAsync(new AcceptParticipationRequest { InitiativeId = initiative, OrganizationCode = "0581" }).ResponseAsync; break;
            case "InitiativeService.LeaveInitiative": await c.Initiatives.LeaveInitiativeAsync(new LeaveInitiativeRequest { InitiativeId = initiative, OrganizationCode = "0581" }).ResponseAsync; break;
            case "InitiativeService.AddIndicator": await c.Initiatives.AddIndicatorAsync(new AddIndicatorRequest { InitiativeId = initiative, Name = "Väntetid", Unit = "dagar", Level = EffectLevel.Individual, Baseline = 20, Target = 10, TargetDate = "2030-12-31" }).ResponseAsync; break;
            case "InitiativeService.RecordIndicatorValue": await c.Initiatives.RecordIndicatorValueAsync(new RecordIndicatorValueRequest { InitiativeId = initiative, IndicatorId = "k1", Value = 18 }).ResponseAsync; break;
            case "InitiativeService.SyncKolada": await c.Initiatives.SyncKoladaAsync(new SyncKoladaRequest()).ResponseAsync; break;
            case "InitiativeService.FindKoladaKpis": await c.Initiatives.FindKoladaKpisAsync(new FindKoladaKpisRequest { Title = "hemtjänst" }).ResponseAsync; break;
            case "RecordMeeting": await c.FollowUp.RecordMeetingAsync(new RecordMeetingRequest { Body = Body.Lgvo, Date = "2026-01-15", Title = "LGVO" }).ResponseAsync; break;
            case "ListMeetings": await c.FollowUp.ListMeetingsAsync(new ListMeetingsRequest()).ResponseAsync; break;
            case "GetChangeReport": await c.FollowUp.GetChangeReportAsync(new GetChangeReportRequest { From = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(-1)) }).ResponseAsync; break;
            case "InitiativeService.CloseInitiative": await c.Initiatives.CloseInitiativeAsync(new CloseInitiativeRequest { InitiativeId = initiative, Outcome = Phase.Stoppad, Reason = "test" }).ResponseAsync; break;
            case "FlagObstacle": await c.Obstacles.FlagObstacleAsync(new FlagObstacleRequest { Category = "tillit", Severity = Severity.Low, Title = "Hinder", BlockedOrganizations = { org } }).ResponseAsync; break;
            case "UpdateObstacle": await c.Obstacles.UpdateObstacleAsync(new UpdateObstacleRequest { ObstacleId = obstacle, Status = ObstacleStatus.Acknowledged }).ResponseAsync; break;
            case "PlanObstacleNextStep": await c.Obstacles.PlanObstacleNextStepAsync(new PlanObstacleNextStepRequest { ObstacleId = obstacle, Owner = "LGVO", NextStep = "Förslag" }).ResponseAsync; break;
            case "ListObstacles": await c.Obstacles.ListObstaclesAsync(new ListObstaclesRequest()).ResponseAsync; break;
            case "GetObstacle": await c.Obstacles.GetObstacleAsync(new GetObstacleRequest { Id = obstacle }).ResponseAsync; break;
            case "GetObstacleHistory": await c.Obstacles.GetObstacleHistoryAsync(new GetObstacleHistoryRequest { Id = obstacle }).ResponseAsync; break;
            default: throw new ArgumentOutOfRangeException(nameof(rpc), rpc, null);
        }
    }

    private static async Task<StatusCode> Status(Func<Task> call)
    {
        try
        {
            await call();
            return StatusCode.OK;
        }
        catch (RpcException e)
        {
            return e.StatusCode;
        }
    }

    private static async Task WaitAsync(Func<Task<bool>> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), "the server did not learn of the new tokens in time");
            await Task.Delay(100);
        }
    }
}
