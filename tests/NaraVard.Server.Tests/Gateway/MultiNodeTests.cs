using System.Collections.Concurrent;
using System.Diagnostics;
using NaraVard.Api.V1;
using Grpc.Core;
using NaraVard.Persistence.Postgres;
using NaraVard.Testing;

namespace NaraVard.Server.Tests.Gateway;

/// <summary>Two gateway processes on one PostgreSQL database, as in production.</summary>
public sealed class MultiNodeTests : IAsyncLifetime
{
    private readonly TempDirectory _data = new("naravard-nodes");
    private PostgresServer _postgres = null!;
    private string _database = "";
    private ServerProcess _nodeA = null!;
    private ServerProcess _nodeB = null!;
    private ApiClient _a = null!;
    private ApiClient _b = null!;
    private string _connectionString = "";
    private const string Secret = "pw-that-must-not-leak-7f3a";

    public async Task InitializeAsync()
    {
        _postgres = await PostgresServer.StartAsync();
        var connectionString = await _postgres.CreateDatabaseAsync();
        _database = new Npgsql.NpgsqlConnectionStringBuilder(connectionString).Database!;
        // The password is ignored by the throwaway cluster (trust on loopback) but must never reach a log.
        _connectionString = connectionString + ";Password=" + Secret;
        string[] arguments = [$"--NaraVard:Postgres={_connectionString}"];

        // Both start at once: migrations and the roadmap definition must come out once.
        var starting = new[] { ServerProcess.StartAsync(Path.Combine(_data.Path, "a"), arguments), ServerProcess.StartAsync(Path.Combine(_data.Path, "b"), arguments) };
        var nodes = await Task.WhenAll(starting);
        (_nodeA, _nodeB) = (nodes[0], nodes[1]);
        var token = _nodeA.AdminToken ?? _nodeB.AdminToken ?? throw new InvalidOperationException("Neither node wrote an admin token.");
        Assert.False(_nodeA.AdminToken is not null && _nodeB.AdminToken is not null, "only the node that defined the roadmap creates the first admin token");
        _a = new ApiClient(_nodeA.Address, token);
        _b = new ApiClient(_nodeB.Address, token);
    }

    public async Task DisposeAsync()
    {
        _a.Dispose();
        _b.Dispose();
        await _nodeA.DisposeAsync();
        await _nodeB.DisposeAsync();
        await _postgres.DisposeAsync();
        _data.Dispose();
    }

    [Fact]
    public async Task SixteenClientsOnTwoNodes_SameTwentyInitiatives_LoseNoUpdate_AndNodesAgree()
    {
        Assert.Equal("1", (await _postgres.PsqlAsync(_database, "SELECT count(*) FROM events WHERE stream_id LIKE 'roadmap-%'")).Trim());
        var ids = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            ids.Add((await (i % 2 == 0 ? _a : _b).CreateAsync(i % 2 == 0 ? "0580" : "0581", "K03")).Id);
        }

        var acknowledged = new ConcurrentDictionary<string, int>();
        var failures = new ConcurrentQueue<string>();
        var until = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, 16).Select(client => Task.Run(async () =>
        {
            var channel = client % 2 == 0 ? _a : _b;
            var random = new Random(client);
            while (until.Elapsed < TimeSpan.FromSeconds(10))
            {
                var id = ids[random.Next(ids.Count)];
                try
                {
                    await channel.ReportAsync(id, random.Next(101));
                    acknowledged.AddOrUpdate(id, 1, (_, n) => n + 1);
                }
                catch (RpcException e)
                {
                    failures.Enqueue($"{e.StatusCode}: {e.Status.Detail}");
                }
            }
        })));

        Assert.True(failures.IsEmpty, $"{failures.Count} failed reports, first: {failures.FirstOrDefault()}");
        Assert.True(acknowledged.Values.Sum() > 100, $"only {acknowledged.Values.Sum()} reports in 10 s");
        // Each node follows the log, so a node's loaded copy may trail the other's last append by milliseconds.
        var settled = Stopwatch.StartNew();
        foreach (var id in ids)
        {
            var expected = 1 + acknowledged.GetValueOrDefault(id);
            foreach (var node in new[] { _a, _b })
            {
                long version;
                while ((version = (await node.Roadmap.GetInitiativeAsync(new GetInitiativeRequest { Id = id }).ResponseAsync).Version) < expected && settled.Elapsed < TimeSpan.FromSeconds(10))
                {
                    await Task.Delay(50);
                }

                Assert.Equal(expected, version);
            }
        }

        var (overviewA, overviewB) = await ConvergedOverviewsAsync();
        Assert.Equal(overviewA, overviewB);
        Assert.Equal(20, overviewA.County.Total);
    }

    [Fact]
    public async Task WatcherOnNodeB_SeesChangesFromNodeA_WithinTwoSeconds_EvenAfterItsNotificationConnectionIsKilled()
    {
        var created = await _a.CreateAsync("0584", "K09");
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var arrivals = System.Threading.Channels.Channel.CreateUnbounded<(RoadmapChange Change, long Ticks)>();
        var snapshotDone = new TaskCompletionSource();
        var watching = Task.Run(async () =>
        {
            try
            {
                await foreach (var change in _b.WatchAsync(new WatchRoadmapRequest { OrganizationCode = "0584" }, cancellationToken: cancel.Token))
                {
                    if (change.SnapshotComplete is not null)
                    {
                        snapshotDone.TrySetResult();
                    }
                    else if (change.Event is not null && change.Initiative?.Id == created.Id)
                    {
                        await arrivals.Writer.WriteAsync((change, Stopwatch.GetTimestamp()));
                    }
                }
            }
            catch (Exception e) when (e is OperationCanceledException or RpcException)
            {
            }
        });
        await snapshotDone.Task.WaitAsync(cancel.Token);

        var sent = Stopwatch.GetTimestamp();
        await _a.ReportAsync(created.Id, 10);
        var (first, arrived) = await arrivals.Reader.ReadAsync(cancel.Token);
        Assert.Equal(10, first.Initiative.ProgressPercent);
        // Milliseconds when idle; the feed also reads the log every second, and the suite's other projects load the
        // machine (1.14 s seen once under the full suite): two seconds is what a user would still call live.
        Assert.True(Stopwatch.GetElapsedTime(sent, arrived) < TimeSpan.FromSeconds(2), $"took {Stopwatch.GetElapsedTime(sent, arrived)}");

        var killed = await _postgres.PsqlAsync(_database, $"SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = '{PostgresEventStore.ListenerApplicationName}'");
        Assert.Equal("2", killed.Trim());

        for (var i = 11; i <= 40; i++)
        {
            await _a.ReportAsync(created.Id, i);
        }

        var rest = new List<RoadmapChange>();
        while (rest.Count < 30)
        {
            rest.Add((await arrivals.Reader.ReadAsync(cancel.Token)).Change);
        }

        Assert.Equal(Enumerable.Range(11, 30), rest.Select(c => c.Initiative.ProgressPercent));
        Assert.Equal(Enumerable.Range(3, 30).Select(v => (long)v), rest.Select(c => c.Event.Version));
        await cancel.CancelAsync();
        await watching;
    }

    [Fact]
    public async Task TokenRevokedThroughOneStore_IsRefusedOnEveryNodeWithinSeconds()
    {
        var store = $"--NaraVard:Postgres={_connectionString}";
        var token = await ServerProcess.CreateTokenAsync("0586", "viewer", "Mjölby ledning", store);
        using var onA = new ApiClient(_nodeA.Address, token);
        using var onB = new ApiClient(_nodeB.Address, token);
        await UntilAsync(async () => await Works(onA) && await Works(onB));

        await ServerProcess.TokenCommandAsync("revoke", token.Split('_')[1], store);
        var revoked = Stopwatch.StartNew();
        await UntilAsync(async () => !await Works(onA) && !await Works(onB));

        Assert.True(revoked.Elapsed < TimeSpan.FromSeconds(5), $"took {revoked.Elapsed}");
        var error = await Assert.ThrowsAsync<RpcException>(() => onB.Roadmap.GetOverviewAsync(new GetOverviewRequest()).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        foreach (var output in new[] { _nodeA.Output, _nodeB.Output })
        {
            Assert.DoesNotContain(Secret, output, StringComparison.Ordinal);
            Assert.DoesNotContain(token.Split('_')[2], output, StringComparison.Ordinal);
        }

        static async Task<bool> Works(ApiClient channel)
        {
            try
            {
                await channel.Roadmap.GetRoadmapAsync(new GetRoadmapRequest()).ResponseAsync;
                return true;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.Unauthenticated)
            {
                return false;
            }
        }

        static async Task UntilAsync(Func<Task<bool>> condition)
        {
            var clock = Stopwatch.StartNew();
            while (!await condition() && clock.Elapsed < TimeSpan.FromSeconds(20))
            {
                await Task.Delay(50);
            }
        }
    }

    private async Task<(Overview A, Overview B)> ConvergedOverviewsAsync()
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var a = Comparable(await _a.Roadmap.GetOverviewAsync(new GetOverviewRequest()).ResponseAsync);
            var b = Comparable(await _b.Roadmap.GetOverviewAsync(new GetOverviewRequest()).ResponseAsync);
            if (a.Equals(b) || deadline.Elapsed > TimeSpan.FromSeconds(10))
            {
                return (a, b);
            }

            await Task.Delay(100);
        }

        static Overview Comparable(Overview overview)
        {
            overview.AsOf = null;
            return overview;
        }
    }
}
