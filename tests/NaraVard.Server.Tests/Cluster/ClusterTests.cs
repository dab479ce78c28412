using NaraVard.Api.V1;
using NaraVard.Server.Tests.Gateway;
using NaraVard.Testing;

namespace NaraVard.Server.Tests.Cluster;

/// <summary>Two server processes on one PostgreSQL database form one Orleans cluster.</summary>
public sealed class ClusterTests : IAsyncLifetime
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
    public async Task ObstacleCounts_ForJointAndSingleInitiatives_AgreeOnEveryReadAndNode_BeforeAndAfterARestart()
    {
        using (var a = new ApiClient(_nodeA.Address, _token))
        using (var b = new ApiClient(_nodeB.Address, _token))
        {
            // A joint initiative of the region with three municipalities, two single-owner ones, four obstacles.
            var joint = await a.Initiatives.CreateInitiativeAsync(new CreateInitiativeRequest { Title = "Gemensam hemsjukvård", OwnerCode = "05", Scope = Scope.Joint, RoadmapItem = "G01", Participants = { "0580", "0581", "0583" } }).ResponseAsync;
            var linkoping = await b.CreateAsync("0580", "K02");
            var kinda = await b.CreateAsync("0584", "K03");
            await Flag(a, [joint.Id], []);
            await Flag(b, [linkoping.Id], []);
            await Flag(b, [], ["0586"]);
            await Flag(a, [kinda.Id], ["0581"]);
        }

        // The rule (owner and participants of a blocked initiative, and the named organisations), by hand.
        var expected = new Dictionary<string, int> { ["05"] = 1, ["0580"] = 2, ["0581"] = 2, ["0583"] = 1, ["0584"] = 1, ["0586"] = 1, ["0562"] = 0 };
        await AssertEveryReadAgreesAsync(expected);

        _nodeA = await _nodeA.RestartAsync();
        await AssertEveryReadAgreesAsync(expected);
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
