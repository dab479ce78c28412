using Npgsql;

namespace NaraVard.Persistence.Postgres.Tests;

/// <summary>What only the PostgreSQL store has to show: migrations, group commit, ordering across nodes, lost notifications.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresBehaviourTests(PostgresFixture fixture)
{
    private static EventData Event(int i) => new("TestEvent", $$"""{"i":{{i}}}""");

    private async Task<(string ConnectionString, string Database)> NewDatabaseAsync()
    {
        var connectionString = await fixture.Server.CreateDatabaseAsync();
        return (connectionString, new NpgsqlConnectionStringBuilder(connectionString).Database!);
    }

    private static async Task<PostgresEventStore> OpenAsync(string connectionString)
    {
        var store = new PostgresEventStore(connectionString) { PollInterval = TimeSpan.FromMilliseconds(200) };
        await store.InitializeAsync();
        return store;
    }

    [Fact]
    public async Task Migrations_TwoNodesStartingAtOnce_ApplyEachOnce()
    {
        var (connectionString, database) = await NewDatabaseAsync();

        var stores = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => OpenAsync(connectionString)));

        // Every migration recorded once: 0001 (events), 0002 (the stream prefix index), 0003 (Orleans clustering), 0004 (Orleans grain storage), 0005 (the dashboard's keys).
        Assert.Equal("1,2,3,4,5", (await fixture.Server.PsqlAsync(database, "SELECT string_agg(version::text, ',' ORDER BY version) FROM naravard_schema")).Trim());
        foreach (var store in stores)
        {
            Assert.Equal(0, await store.MigrateAsync());
            await store.DisposeAsync();
        }
    }

    [Fact]
    public async Task ConcurrentAppends_AreGroupedIntoFewerCommits()
    {
        var (connectionString, database) = await NewDatabaseAsync();
        await using var store = await OpenAsync(connectionString);
        var commitsBefore = long.Parse(await fixture.Server.PsqlAsync(database, $"SELECT xact_commit FROM pg_stat_database WHERE datname = '{database}'"), System.Globalization.CultureInfo.InvariantCulture);

        await Task.WhenAll(Enumerable.Range(0, 400).Select(i => store.AppendAsync($"s-{i}", 0, [Event(i)])));

        await Task.Delay(700); // pg_stat counters are flushed by the backends at intervals
        var commitsAfter = long.Parse(await fixture.Server.PsqlAsync(database, $"SELECT xact_commit FROM pg_stat_database WHERE datname = '{database}'"), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(commitsAfter - commitsBefore < 200, $"400 concurrent appends took {commitsAfter - commitsBefore} commits");
        Assert.Equal("400", (await fixture.Server.PsqlAsync(database, "SELECT count(*) FROM events")).Trim());
    }

    [Fact]
    public async Task TwoNodes_AppendingAtOnce_GivePositionsInCommitOrder_AndFollowersSeeEveryEventOnce()
    {
        var (connectionString, _) = await NewDatabaseAsync();
        await using var nodeA = await OpenAsync(connectionString);
        await using var nodeB = await OpenAsync(connectionString);
        using var stop = new CancellationTokenSource();
        var seenByFollower = new List<long>();
        var follower = Task.Run(async () =>
        {
            long position = 0;
            while (!stop.IsCancellationRequested || position < await nodeB.ReadHeadPositionAsync())
            {
                var batch = await nodeB.ReadAllAsync(position, 100);
                seenByFollower.AddRange(batch.Select(e => e.Position));
                position = batch.Count > 0 ? batch[^1].Position : position;
                if (batch.Count == 0)
                {
                    try
                    {
                        await nodeB.WaitForAppendAsync(position, stop.Token);
                    }
                    catch (OperationCanceledException)
                    {
                    }
                }
            }
        });

        var acknowledged = await Task.WhenAll(Enumerable.Range(0, 600).Select(i => (i % 2 == 0 ? nodeA : nodeB).AppendAsync($"s-{i % 30}", ExpectedVersion.Any, [Event(i)])));
        await stop.CancelAsync();
        await follower;

        // Every acknowledged event was seen by the follower, once, in increasing position.
        Assert.Equal(seenByFollower.Order(), seenByFollower);
        Assert.Equal(seenByFollower.Count, seenByFollower.Distinct().Count());
        Assert.Subset(seenByFollower.ToHashSet(), acknowledged.Select(a => a.LastPosition).ToHashSet());
        Assert.Equal(600, seenByFollower.Count);
    }

    [Fact]
    public async Task ListenConnectionKilled_FollowersStillWakeForEveryAppend()
    {
        var (connectionString, database) = await NewDatabaseAsync();
        await using var writer = await OpenAsync(connectionString);
        await using var follower = await OpenAsync(connectionString);
        await Task.Delay(300);

        var killed = await fixture.Server.PsqlAsync(database, $"SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = '{PostgresEventStore.ListenerApplicationName}' AND datname = '{database}'");
        Assert.Equal("2", killed.Trim());

        for (var i = 0; i < 20; i++)
        {
            var appended = await writer.AppendAsync("after-kill", i, [Event(i)]);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await follower.WaitForAppendAsync(appended.LastPosition - 1, timeout.Token);
        }

        Assert.Equal(20, (await follower.ReadStreamAsync("after-kill")).Count);
    }

    [Fact]
    public async Task DatabaseDown_AppendsFailAsUnavailable_AndWorkAgainAfterwards()
    {
        await using var postgres = await Testing.PostgresServer.StartAsync();
        var connectionString = await postgres.CreateDatabaseAsync();
        await using var store = await OpenAsync(connectionString);
        await store.AppendAsync("before", 0, [Event(0)]);

        await postgres.StopClusterAsync();
        await Assert.ThrowsAsync<StoreUnavailableException>(() => store.AppendAsync("during", 0, [Event(1)]));
        await Assert.ThrowsAsync<StoreUnavailableException>(() => store.ReadStreamAsync("before"));
        await postgres.StartClusterAsync();

        await store.AppendAsync("after", 0, [Event(2)]);
        Assert.Single(await store.ReadStreamAsync("before"));
        Assert.Empty(await store.ReadStreamAsync("during"));
    }
}
