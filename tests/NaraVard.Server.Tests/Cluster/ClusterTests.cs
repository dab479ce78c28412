using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using Grpc.Core;
using NaraVard.Api.V1;
using NaraVard.Server.Tests.Gateway;
using NaraVard.Testing;
using Xunit.Abstractions;

namespace NaraVard.Server.Tests.Cluster;

/// <summary>Two server processes on one PostgreSQL database form one Orleans cluster.</summary>
public sealed class ClusterTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly string[] Counted = ["05", "0580", "0581", "0583", "0584", "0586", "0562"];
    private readonly TempDirectory _data = new("naravard-cluster");
    private PostgresServer _postgres = null!;
    private string _database = "";
    private ServerProcess _nodeA = null!;
    private ServerProcess _nodeB = null!;
    private string _token = "";

    public async Task InitializeAsync()
    {
        _postgres = await PostgresServer.StartAsync();
        var connectionString = await _postgres.CreateDatabaseAsync();
        _database = new Npgsql.NpgsqlConnectionStringBuilder(connectionString).Database!;
        string[] arguments = [$"--NaraVard:Postgres={connectionString}"];
        var nodes = await Task.WhenAll(ServerProcess.StartAsync(Path.Combine(_data.Path, "a"), arguments), ServerProcess.StartAsync(Path.Combine(_data.Path, "b"), arguments));
        (_nodeA, _nodeB) = (nodes[0], nodes[1]);
        _token = _nodeA.AdminToken ?? _nodeB.AdminToken ?? throw new InvalidOperationException("Neither node wrote an admin token.");
    }

    public async Task DisposeAsync()
    {
        await _nodeA.DisposeAsync();
        await _nodeB.DisposeAsync();
        await _postgres.DisposeAsync();
        _data.Dispose();
    }

    [Fact]
    public async Task TwoServers_OnOneDatabase_AreTwoActiveSilosOfOneCluster()
    {
        // Status 3 is Active in Orleans' membership table.
        var silos = await _postgres.PsqlAsync(_database, "SELECT count(*) FROM orleansmembershiptable WHERE status = 3 AND deploymentid = 'naravard'");

        Assert.Equal("2", silos.Trim());
    }

    [Fact]
    public async Task Initiative_WrittenThroughOneGatewayAndReadThroughTheOther_IsOneActivation()
    {
        using var a = new ApiClient(_nodeA.Address, _token);
        using var b = new ApiClient(_nodeB.Address, _token);
        var created = await a.CreateAsync("0582", "K06");

        // Interleaved writes through both gateways with expected versions: a second copy of the grain would
        // hold a stale version and be refused; one activation accepts every one of them in order.
        for (var version = 1; version <= 20; version++)
        {
            var through = version % 2 == 0 ? a : b;
            await through.Initiatives.ReportProgressAsync(new ReportProgressRequest { InitiativeId = created.Id, ProgressPercent = version, Status = InitiativeStatus.OnTrack, ExpectedVersion = version }).ResponseAsync;
        }

        Assert.Equal(21, (await a.Roadmap.GetInitiativeAsync(new GetInitiativeRequest { Id = created.Id }).ResponseAsync).Version);
        Assert.Equal(20, (await b.Roadmap.GetInitiativeAsync(new GetInitiativeRequest { Id = created.Id }).ResponseAsync).ProgressPercent);
    }

    [Fact]
    public async Task ObstacleCounts_ParticipantAcceptingAfterTheFlag_AgreeOnEveryReadAndNode_AtOnceLaterAndAfterRestartingBoth()
    {
        using (var a = new ApiClient(_nodeA.Address, _token))
        using (var b = new ApiClient(_nodeB.Address, _token))
        {
            // Issue 27's trial, written through A: a joint initiative of the region with three municipalities
            // invited, two accept, an obstacle is flagged, then the third accepts and the obstacle is acknowledged.
            var joint = await a.Initiatives.CreateInitiativeAsync(new CreateInitiativeRequest { Title = "Gemensam hemsjukvård", OwnerCode = "05", Scope = Scope.Joint, RoadmapItem = "G01", Participants = { "0580", "0581", "0583" } }).ResponseAsync;
            await a.Initiatives.AcceptParticipationAsync(new AcceptParticipationRequest { InitiativeId = joint.Id, OrganizationCode = "0580" });
            await a.Initiatives.AcceptParticipationAsync(new AcceptParticipationRequest { InitiativeId = joint.Id, OrganizationCode = "0581" });
            var obstacle = await Flag(a, [joint.Id], []);
            await a.Initiatives.AcceptParticipationAsync(new AcceptParticipationRequest { InitiativeId = joint.Id, OrganizationCode = "0583" });
            await a.Obstacles.UpdateObstacleAsync(new UpdateObstacleRequest { ObstacleId = obstacle.Id, Status = ObstacleStatus.Acknowledged });

            // Two single-owner initiatives and three more obstacles, through B.
            var linkoping = await b.CreateAsync("0580", "K02");
            var kinda = await b.CreateAsync("0584", "K03");
            await Flag(b, [linkoping.Id], []);
            await Flag(b, [], ["0586"]);
            await Flag(a, [kinda.Id], ["0581"]);
        }

        // The rule (owner and participants of a blocked initiative, and the named organisations), by hand.
        var expected = new Dictionary<string, int> { ["05"] = 1, ["0580"] = 2, ["0581"] = 2, ["0583"] = 1, ["0584"] = 1, ["0586"] = 1, ["0562"] = 0 };
        await AssertEveryReadAgreesAsync(expected);
        await Task.Delay(TimeSpan.FromSeconds(3));
        await AssertEveryReadAgreesAsync(expected);

        _nodeA = await _nodeA.RestartAsync();
        _nodeB = await _nodeB.RestartAsync();
        await AssertEveryReadAgreesAsync(expected);
    }

    [Fact]
    public async Task SiloKilledUnderLoad_TenRounds_GrainsReactivateOnTheOther_LoseAndDuplicateNothing()
    {
        using var a = new ApiClient(_nodeA.Address, _token);
        using var b = new ApiClient(_nodeB.Address, _token);

        // Made through A, so A holds the grains (Orleans places a grain near its first caller). Each round kills
        // the silo that holds them while clients write through the other gateway, then restarts it.
        var ids = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            ids.Add((await a.CreateAsync("0580", "K01")).Id);
        }

        var acknowledged = new ConcurrentDictionary<string, string>(); // request id → initiative
        var recoveries = new List<TimeSpan>();
        var through = new StrongBox<ApiClient>(b);
        using var stop = new CancellationTokenSource();
        var clients = Enumerable.Range(0, 6).Select(c => Task.Run(() => ReportUntilStoppedAsync(through, ids, c, acknowledged, stop.Token))).ToList();
        for (var round = 0; round < 10; round++)
        {
            var killA = round % 2 == 0;
            through.Value = killA ? b : a;
            await Task.Delay(500);
            var killed = Stopwatch.StartNew();
            await (killA ? _nodeA : _nodeB).KillAsync();

            // Every initiative answers a write through the surviving gateway again, reactivated on its silo.
            await Task.WhenAll(ids.Select(id => UntilAcceptedAsync(through.Value, id, $"probe-{round}-{id}", acknowledged)));
            recoveries.Add(killed.Elapsed);
            if (killA)
            {
                _nodeA = await _nodeA.RestartAsync();
            }
            else
            {
                _nodeB = await _nodeB.RestartAsync();
            }
        }

        await stop.CancelAsync();
        await Task.WhenAll(clients);
        var (lost, duplicates) = await CountAsync(a, ids, acknowledged);

        // Every roll-up shows what each initiative acknowledged last, on both nodes, within 5 s of the last
        // acknowledgement (issue 27: a retry answered from the log after a kill never reached the roll-ups).
        var lastAcknowledged = Stopwatch.StartNew();
        var stale = await StaleRollupsAsync([a, b], ids);
        while (stale.Count > 0 && lastAcknowledged.Elapsed < TimeSpan.FromSeconds(5))
        {
            await Task.Delay(200);
            stale = await StaleRollupsAsync([a, b], ids);
        }

        output.WriteLine($"roll-ups behind their initiative {lastAcknowledged.Elapsed.TotalSeconds:0.0} s after the last acknowledgement: {stale.Count} ({string.Join(", ", stale)})");
        Assert.Empty(stale);
        output.WriteLine($"10 kills; {acknowledged.Count} acknowledged reports; every grain of the killed silo answering through the other gateway after: max {recoveries.Max().TotalSeconds:0.0} s, median {recoveries.Order().ElementAt(5).TotalSeconds:0.0} s; lost = {lost}, duplicates = {duplicates}");
        Assert.True(recoveries.Max() < TimeSpan.FromSeconds(60), $"a kill took {recoveries.Max()} to recover from");
        Assert.Equal(0, lost);
        Assert.Equal(0, duplicates);
    }

    [Fact]
    public async Task SplitBrain_TwoClustersOnOneDatabase_WritingOneInitiative_LoseNothingAcknowledged()
    {
        // A third server that believes it is a cluster of its own: the same initiative is active twice.
        await using var apart = await ServerProcess.StartAsync(Path.Combine(_data.Path, "apart"), [.. _nodeA.Arguments.Where(a => a.StartsWith("--NaraVard:Postgres=", StringComparison.Ordinal)), "--NaraVard:ClusterId=apart"]);
        using var a = new ApiClient(_nodeA.Address, _token);
        using var other = new ApiClient(apart.Address, _token);
        var id = (await a.CreateAsync("0580", "K05")).Id;
        await other.Roadmap.GetInitiativeAsync(new GetInitiativeRequest { Id = id }).ResponseAsync;

        var acknowledged = new ConcurrentDictionary<string, string>();
        await Task.WhenAll(Enumerable.Range(0, 8).Select(c => Task.Run(async () =>
        {
            for (var n = 0; n < 40; n++)
            {
                await UntilAcceptedAsync(c % 2 == 0 ? a : other, id, $"split-{c}-{n}", acknowledged);
            }
        })));

        // The store's expected-version check refused every append made on a stale copy; the copy reloaded and
        // decided again, so each acknowledged report is in the log exactly once.
        var (lost, duplicates) = await CountAsync(a, [id], acknowledged);
        Assert.Equal(320, acknowledged.Count);
        Assert.Equal(0, lost);
        Assert.Equal(0, duplicates);
        Assert.Equal(321, (await other.HistoryAsync(id)).Events.Count);
    }

    [Fact]
    public async Task GatewayWithoutSilo_WritesLandInTheSilosGrain_AndItOutlivesTheSiloRestarting()
    {
        // One silo and one gateway that is only a client of the cluster, on a database of their own.
        string[] store = [$"--NaraVard:Postgres={await _postgres.CreateDatabaseAsync()}"];
        var silo = await ServerProcess.StartAsync(Path.Combine(_data.Path, "silo"), store);
        await using var gateway = await ServerProcess.StartAsync(Path.Combine(_data.Path, "gateway"), [.. store, "--NaraVard:Silo=false"]);
        var token = silo.AdminToken!;
        using var g = new ApiClient(gateway.Address, token);
        using var s = new ApiClient(silo.Address, token);
        try
        {
            var created = await g.CreateAsync("0561", "K02");
            await g.ReportAsync(created.Id, 35);
            Assert.Equal(35, (await s.Roadmap.GetInitiativeAsync(new GetInitiativeRequest { Id = created.Id }).ResponseAsync).ProgressPercent);

            // The silo goes down and comes back; the gateway process stays up and serves again.
            silo = await silo.RestartAsync();
            await UntilAcceptedAsync(g, created.Id, "after-restart", new ConcurrentDictionary<string, string>());

            Assert.False(gateway.HasExited);
            Assert.Equal(50, (await g.Roadmap.GetInitiativeAsync(new GetInitiativeRequest { Id = created.Id }).ResponseAsync).ProgressPercent);
            Assert.Equal(3, (await s.HistoryAsync(created.Id)).Events.Count);
        }
        finally
        {
            await silo.DisposeAsync();
        }
    }

    private static async Task ReportUntilStoppedAsync(StrongBox<ApiClient> through, List<string> ids, int client, ConcurrentDictionary<string, string> acknowledged, CancellationToken stop)
    {
        var random = new Random(client);
        for (var n = 0; !stop.IsCancellationRequested; n++)
        {
            await UntilAcceptedAsync(through.Value!, ids[random.Next(ids.Count)], $"c{client}-{n}", acknowledged);
        }
    }

    /// <summary>Sends one report, retrying the same request id while the outcome is unknown (UNAVAILABLE, a deadline).</summary>
    private static async Task UntilAcceptedAsync(ApiClient through, string id, string requestId, ConcurrentDictionary<string, string> acknowledged)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await through.Initiatives.ReportProgressAsync(new ReportProgressRequest { InitiativeId = id, ProgressPercent = 50, Status = InitiativeStatus.OnTrack, RequestId = requestId }, deadline: ApiClient.In(TimeSpan.FromSeconds(5))).ResponseAsync;
                acknowledged[requestId] = id;
                return;
            }
            catch (RpcException e) when (e.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Unknown && deadline.Elapsed < TimeSpan.FromMinutes(2))
            {
                await Task.Delay(100);
            }
        }
    }

    private static async Task<(int Lost, int Duplicates)> CountAsync(ApiClient through, List<string> ids, ConcurrentDictionary<string, string> acknowledged)
    {
        var (lost, duplicates) = (0, 0);
        foreach (var id in ids)
        {
            var history = await through.HistoryAsync(id);
            var recorded = history.Events.Where(e => e.Type == "ProgressReported").GroupBy(e => e.RequestId).ToDictionary(g => g.Key, g => g.Count());
            duplicates += recorded.Values.Sum(count => count - 1);
            lost += acknowledged.Count(a => a.Value == id && !recorded.ContainsKey(a.Key));
        }

        return (lost, duplicates);
    }

    /// <summary>The initiatives whose version in ListInitiatives differs from GetInitiative's, per node.</summary>
    private static async Task<List<string>> StaleRollupsAsync(ApiClient[] nodes, List<string> ids)
    {
        var stale = new List<string>();
        foreach (var node in nodes)
        {
            var listed = (await node.Roadmap.ListInitiativesAsync(new ListInitiativesRequest { OrganizationCode = "0580", PageSize = 500 }).ResponseAsync).Initiatives.ToDictionary(i => i.Id);
            foreach (var id in ids)
            {
                var current = await node.Roadmap.GetInitiativeAsync(new GetInitiativeRequest { Id = id }).ResponseAsync;
                if (!listed.TryGetValue(id, out var summary) || summary.Version != current.Version)
                {
                    stale.Add($"{id} on {node.Address}");
                }
            }
        }

        return stale;
    }

    private static Task<Obstacle> Flag(ApiClient through, string[] initiatives, string[] organizations) =>
        through.Obstacles.FlagObstacleAsync(new FlagObstacleRequest
        {
            Category = "styrning",
            Severity = Severity.High,
            Title = $"Hinder {Guid.NewGuid():N}",
            BlockedInitiatives = { initiatives },
            BlockedOrganizations = { organizations },
        }).ResponseAsync;

    private async Task AssertEveryReadAgreesAsync(Dictionary<string, int> expected)
    {
        foreach (var node in new[] { _nodeA, _nodeB })
        {
            using var client = new ApiClient(node.Address, _token);
            var overview = await client.Roadmap.GetOverviewAsync(new GetOverviewRequest()).ResponseAsync;
            var obstacles = await client.Obstacles.ListObstaclesAsync(new ListObstaclesRequest { PageSize = 500 }).ResponseAsync;
            var details = await Task.WhenAll(obstacles.Obstacles.Select(o => client.Obstacles.GetObstacleAsync(new GetObstacleRequest { Id = o.Id }).ResponseAsync));
            foreach (var code in Counted)
            {
                var reads = new Dictionary<string, int>
                {
                    ["overview"] = overview.Organizations.Single(o => o.Organization.Code == code).OpenObstacles,
                    ["GetOrganization"] = (await client.Roadmap.GetOrganizationAsync(new GetOrganizationRequest { Code = code }).ResponseAsync).Progress.OpenObstacles,
                    ["ListObstacles"] = (await client.Obstacles.ListObstaclesAsync(new ListObstaclesRequest { OrganizationCode = code, OpenOnly = true }).ResponseAsync).TotalSize,
                    ["GetObstacle"] = details.Count(o => o.AffectedOrganizations.Contains(code)),
                };
                Assert.All(reads, read => Assert.True(read.Value == expected[code], $"{read.Key} on {node.Address} counts {read.Value} open obstacles for {code}, not {expected[code]}"));
            }
        }
    }
}
