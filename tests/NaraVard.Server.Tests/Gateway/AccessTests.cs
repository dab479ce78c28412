using System.Diagnostics;
using NaraVard.Api;
using NaraVard.Api.V1;
using NaraVard.Grpc.Client;
using NaraVard.Grpc.Protocol;
using NaraVard.Testing;

namespace NaraVard.Server.Tests.Gateway;

/// <summary>Every RPC of the three services × every role × own and other organisation, through the real gateway.</summary>
[Collection(GatewayCollection.Name)]
public sealed class AccessTests(ServerFixture fixture) : IAsyncLifetime
{
    private static readonly string[] Roles = ["viewer", "editor", "planner", "admin"];
    // Tokens are made once for the whole class (a process per token); the matrix has 176 cases.
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static Dictionary<(string Role, string Org), GrpcChannel>? _shared;
    private Dictionary<(string Role, string Org), GrpcChannel> _channels = [];

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

    private async Task<Dictionary<(string Role, string Org), GrpcChannel>> CreateChannelsAsync()
    {
        // Tokens made by the operator command on the server's own store, while the server runs.
        var channels = new Dictionary<(string Role, string Org), GrpcChannel>();
        await Task.WhenAll(Roles.SelectMany(role => new[] { "0580", "0581" }.Select(async org =>
        {
            var token = await ServerProcess.CreateTokenAsync(org, role, $"{role} {org}", $"--NaraVard:DataDirectory={fixture.DataPath}");
            lock (channels)
            {
                channels[(role, org)] = new GrpcChannel(fixture.Server.Address, defaultHeaders: ServerProcess.Bearer(token));
            }
        })));

        // The server learns of them from the log within a poll interval.
        await WaitAsync(async () => (await Status(() => channels[("admin", "0581")].UnaryAsync(RoadmapMethods.GetRoadmap, new GetRoadmapRequest()))) != StatusCode.Unauthenticated);
        return channels;
    }

    // The channels live as long as the shared server.
    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Who may call what. Reads: every role. Initiatives: editors of the owner, admins. Obstacles: planners, admins.</summary>
    private static bool Allowed(string rpc, string role, bool own) => rpc switch
    {
        "FlagObstacle" or "UpdateObstacle" => role is "planner" or "admin",
        _ when rpc.StartsWith("InitiativeService.", StringComparison.Ordinal) => role == "admin" || (role == "editor" && own),
        _ => true,
    };

    private static readonly string[] Rpcs =
    [
        "GetRoadmap", "GetOverview", "ListOrganizations", "GetOrganization", "ListInitiatives", "GetInitiative", "GetInitiativeHistory", "WatchRoadmap",
        "InitiativeService.CreateInitiative", "InitiativeService.ReportProgress", "InitiativeService.AdvancePhase", "InitiativeService.PauseInitiative",
        "InitiativeService.ResumeInitiative", "InitiativeService.AddMilestone", "InitiativeService.CompleteMilestone", "InitiativeService.SetParticipants",
        "InitiativeService.CloseInitiative", "FlagObstacle", "UpdateObstacle", "ListObstacles", "GetObstacle", "GetObstacleHistory",
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
        var initiative = await admin.UnaryAsync(InitiativeMethods.CreateInitiative, new CreateInitiativeRequest { Title = "Matris", OwnerCode = "0580", Scope = Scope.Joint, RoadmapItem = "G03", Participants = { "0583" } });
        await admin.UnaryAsync(InitiativeMethods.AddMilestone, new AddMilestoneRequest { InitiativeId = initiative.Id, Title = "Steg 1" });
        await admin.UnaryAsync(InitiativeMethods.PauseInitiative, new PauseInitiativeRequest { InitiativeId = initiative.Id, Reason = "för att kunna återuppta" });
        if (rpc is not "InitiativeService.ResumeInitiative")
        {
            await admin.UnaryAsync(InitiativeMethods.ResumeInitiative, new ResumeInitiativeRequest { InitiativeId = initiative.Id });
        }

        var obstacle = await admin.UnaryAsync(ObstacleMethods.FlagObstacle, new FlagObstacleRequest { Category = "styrning", Severity = Severity.Medium, Title = "Oklart mandat", BlockedOrganizations = { "0580" } });
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
        using var anonymous = new GrpcChannel(fixture.Server.Address);
        using var forged = new GrpcChannel(fixture.Server.Address, defaultHeaders: ServerProcess.Bearer("nv_abcdefghij_notthesecret"));

        Assert.Equal(StatusCode.Unauthenticated, await Status(() => anonymous.UnaryAsync(RoadmapMethods.GetOverview, new GetOverviewRequest())));
        Assert.Equal(StatusCode.Unauthenticated, await Status(() => forged.UnaryAsync(RoadmapMethods.GetOverview, new GetOverviewRequest())));
    }

    [Fact]
    public async Task Denial_IsOneReadableSentence()
    {
        var initiative = await fixture.Channel.CreateAsync("0580");

        var error = await Assert.ThrowsAsync<RpcException>(() => _channels[("editor", "0581")].ReportAsync(initiative.Id, 50));

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.Equal($"editor 0581 (0581, editor): 0581 may not change 0580's initiative {initiative.Id}", error.Detail);
    }

    [Fact]
    public async Task Events_RecordTheTokenNameOrganisationAndRole()
    {
        var initiative = await _channels[("editor", "0580")].CreateAsync("0580");

        var history = await fixture.Channel.UnaryAsync(RoadmapMethods.GetInitiativeHistory, new GetInitiativeHistoryRequest { Id = initiative.Id });

        var by = Assert.Single(history.Events).By;
        Assert.Equal(("editor 0580", "0580", "editor"), (by.Name, by.OrganizationCode, by.Role));
    }

    [Fact]
    public async Task Logs_OfTheWholeScenario_HoldNoToken()
    {
        var token = await ServerProcess.CreateTokenAsync("0583", "editor", "Motala loggtest", $"--NaraVard:DataDirectory={fixture.DataPath}");
        using var channel = new GrpcChannel(fixture.Server.Address, defaultHeaders: ServerProcess.Bearer(token));
        await WaitAsync(async () => await Status(() => channel.UnaryAsync(RoadmapMethods.GetRoadmap, new GetRoadmapRequest())) == StatusCode.OK);
        await Status(() => channel.ReportAsync("i-none", 5));

        foreach (var secret in new[] { fixture.AdminToken, token }.Select(t => t.Split('_')[2]))
        {
            Assert.DoesNotContain(secret, fixture.Server.Output, StringComparison.Ordinal);
        }
    }

    private static async Task Call(GrpcChannel c, string rpc, string initiative, string obstacle, string org)
    {
        switch (rpc)
        {
            case "GetRoadmap": await c.UnaryAsync(RoadmapMethods.GetRoadmap, new GetRoadmapRequest()); break;
            case "GetOverview": await c.UnaryAsync(RoadmapMethods.GetOverview, new GetOverviewRequest()); break;
            case "ListOrganizations": await c.UnaryAsync(RoadmapMethods.ListOrganizations, new ListOrganizationsRequest()); break;
            case "GetOrganization": await c.UnaryAsync(RoadmapMethods.GetOrganization, new GetOrganizationRequest { Code = "0580" }); break;
            case "ListInitiatives": await c.UnaryAsync(RoadmapMethods.ListInitiatives, new ListInitiativesRequest()); break;
            case "GetInitiative": await c.UnaryAsync(RoadmapMethods.GetInitiative, new GetInitiativeRequest { Id = initiative }); break;
            case "GetInitiativeHistory": await c.UnaryAsync(RoadmapMethods.GetInitiativeHistory, new GetInitiativeHistoryRequest { Id = initiative }); break;
            case "WatchRoadmap":
                await foreach (var change in c.ServerStreamingAsync(RoadmapMethods.WatchRoadmap, new WatchRoadmapRequest { OrganizationCode = "0580" }))
                {
                    if (change.SnapshotComplete is not null)
                    {
                        return;
                    }
                }

                break;
            case "InitiativeService.CreateInitiative": await c.UnaryAsync(InitiativeMethods.CreateInitiative, new CreateInitiativeRequest { Title = "Ny", OwnerCode = "0580", Scope = Scope.Municipal, RoadmapItem = "K01" }); break;
            case "InitiativeService.ReportProgress": await c.UnaryAsync(InitiativeMethods.ReportProgress, new ReportProgressRequest { InitiativeId = initiative, ProgressPercent = 20, Status = InitiativeStatus.OnTrack }); break;
            case "InitiativeService.AdvancePhase": await c.UnaryAsync(InitiativeMethods.AdvancePhase, new AdvancePhaseRequest { InitiativeId = initiative, To = Phase.Strategi }); break;
            case "InitiativeService.PauseInitiative": await c.UnaryAsync(InitiativeMethods.PauseInitiative, new PauseInitiativeRequest { InitiativeId = initiative, Reason = "paus" }); break;
            case "InitiativeService.ResumeInitiative": await c.UnaryAsync(InitiativeMethods.ResumeInitiative, new ResumeInitiativeRequest { InitiativeId = initiative }); break;
            case "InitiativeService.AddMilestone": await c.UnaryAsync(InitiativeMethods.AddMilestone, new AddMilestoneRequest { InitiativeId = initiative, Title = "Steg 2" }); break;
            case "InitiativeService.CompleteMilestone": await c.UnaryAsync(InitiativeMethods.CompleteMilestone, new CompleteMilestoneRequest { InitiativeId = initiative, MilestoneId = "m1" }); break;
            case "InitiativeService.SetParticipants": await c.UnaryAsync(InitiativeMethods.SetParticipants, new SetParticipantsRequest { InitiativeId = initiative, Participants = { "0583", "0586" } }); break;
            case "InitiativeService.CloseInitiative": await c.UnaryAsync(InitiativeMethods.CloseInitiative, new CloseInitiativeRequest { InitiativeId = initiative, Outcome = Phase.Stoppad, Reason = "test" }); break;
            case "FlagObstacle": await c.UnaryAsync(ObstacleMethods.FlagObstacle, new FlagObstacleRequest { Category = "tillit", Severity = Severity.Low, Title = "Hinder", BlockedOrganizations = { org } }); break;
            case "UpdateObstacle": await c.UnaryAsync(ObstacleMethods.UpdateObstacle, new UpdateObstacleRequest { ObstacleId = obstacle, Status = ObstacleStatus.Acknowledged }); break;
            case "ListObstacles": await c.UnaryAsync(ObstacleMethods.ListObstacles, new ListObstaclesRequest()); break;
            case "GetObstacle": await c.UnaryAsync(ObstacleMethods.GetObstacle, new GetObstacleRequest { Id = obstacle }); break;
            case "GetObstacleHistory": await c.UnaryAsync(ObstacleMethods.GetObstacleHistory, new GetObstacleHistoryRequest { Id = obstacle }); break;
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
