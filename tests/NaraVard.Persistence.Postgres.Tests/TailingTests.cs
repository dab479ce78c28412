namespace NaraVard.Persistence.Postgres.Tests;

/// <summary>
/// Followers tail the global log while several nodes append with random delays before COMMIT, some
/// transactions roll back after drawing positions, and one transaction stays open for seconds. Every follower
/// must see every committed event exactly once, in the same order, and nothing that rolled back.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class TailingTests(PostgresFixture fixture)
{
    private const int Writers = 24;
    private const int AppendsPerWriter = 25;

    [Fact]
    public async Task Tailing_LateCommitsRollbacksAndALongTransaction_EveryFollowerSeesEachCommittedEventOnceInOneOrder()
    {
        var connectionString = await fixture.Server.CreateDatabaseAsync();
        var rollbacks = 0;
        var longTransactionHeld = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var nodes = new List<PostgresEventStore>();
        for (var n = 0; n < 3; n++)
        {
            var slowNode = n == 0;
            var firstCommit = 1;
            var random = new Random(4711 + n);
            nodes.Add(new PostgresEventStore(connectionString)
            {
                PollInterval = TimeSpan.FromMilliseconds(200),
                BeforeCommit = async cancellationToken =>
                {
                    if (slowNode && Interlocked.Exchange(ref firstCommit, 0) == 1)
                    {
                        // One transaction holds its positions uncommitted for three seconds while the others queue.
                        longTransactionHeld.SetResult();
                        await Task.Delay(TimeSpan.FromSeconds(3), cancellationToken);
                        return;
                    }

                    int delay, roll;
                    lock (random)
                    {
                        delay = random.Next(0, 15);
                        roll = random.Next(0, 4);
                    }

                    await Task.Delay(delay, cancellationToken);
                    if (roll == 0)
                    {
                        Interlocked.Increment(ref rollbacks);
                        throw new IOException("Deliberate rollback after the inserts.");
                    }
                },
            });
        }

        var followers = new List<PostgresEventStore>();
        for (var f = 0; f < 3; f++)
        {
            followers.Add(new PostgresEventStore(connectionString) { PollInterval = TimeSpan.FromMilliseconds(200) });
        }

        foreach (var store in nodes.Concat(followers))
        {
            await store.InitializeAsync();
        }

        using var writing = new CancellationTokenSource();
        var tails = followers.Select(f => Task.Run(() => TailAsync(f, writing.Token))).ToArray();

        // The slow node's first append opens the long transaction before the others start.
        var first = nodes[0].AppendAsync("long-transaction", 0, [Event("long", 0)]);
        await longTransactionHeld.Task;
        var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(() => WriteAsync(nodes[w % nodes.Count], $"writer-{w}"))).ToArray();
        var acknowledged = (await Task.WhenAll(writers)).SelectMany(a => a).Append(("long-transaction", (await first).NextVersion)).ToHashSet();
        await writing.CancelAsync();
        var seen = await Task.WhenAll(tails);

        Assert.True(rollbacks >= 5, $"only {rollbacks} rollbacks happened; the test did not exercise them");
        var reference = seen[0];
        Assert.Equal(reference.Select(e => e.Position).Order(), reference.Select(e => e.Position));
        Assert.Equal(reference.Count, reference.Select(e => (e.StreamId, e.Version)).Distinct().Count());
        Assert.Equal(acknowledged.OrderBy(a => a), reference.Select(e => (e.StreamId, e.Version)).OrderBy(a => a));
        foreach (var other in seen.Skip(1))
        {
            Assert.Equal(reference.Select(e => e.Position), other.Select(e => e.Position));
        }

        foreach (var store in nodes.Concat(followers))
        {
            await store.DisposeAsync();
        }
    }

    private static EventData Event(string writer, int i) => new("TestEvent", $$"""{"writer":"{{writer}}","i":{{i}}}""");

    /// <summary>Appends one event at a time, as a grain does; an append that failed was rolled back and is not acknowledged.</summary>
    private static async Task<List<(string, long)>> WriteAsync(PostgresEventStore node, string stream)
    {
        var acknowledged = new List<(string, long)>();
        for (var i = 0; i < AppendsPerWriter; i++)
        {
            try
            {
                var result = await node.AppendAsync(stream, ExpectedVersion.Any, [Event(stream, i)]);
                acknowledged.Add((stream, result.NextVersion));
            }
            catch (StoreUnavailableException)
            {
            }
        }

        return acknowledged;
    }

    /// <summary>Follows the log like the server's feed does, until writing has stopped and the head is reached.</summary>
    private static async Task<List<StoredEvent>> TailAsync(PostgresEventStore follower, CancellationToken writing)
    {
        var seen = new List<StoredEvent>();
        long position = 0;
        while (true)
        {
            var batch = await follower.ReadAllAsync(position, 37);
            seen.AddRange(batch);
            position = batch.Count > 0 ? batch[^1].Position : position;
            if (batch.Count > 0)
            {
                continue;
            }

            if (writing.IsCancellationRequested && position >= await follower.ReadHeadPositionAsync())
            {
                return seen;
            }

            try
            {
                await follower.WaitForAppendAsync(position, writing);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }
}
