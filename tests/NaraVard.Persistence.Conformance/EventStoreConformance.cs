namespace NaraVard.Persistence.Conformance;

/// <summary>
/// The contract of <see cref="IEventStore"/>, run against every implementation. A subclass says how to open
/// a store and how to reopen one at the same location; tests use fresh stream ids, so a store may be shared.
/// </summary>
public abstract class EventStoreConformance
{
    /// <summary>Opens an initialised store.</summary>
    protected abstract Task<IEventStore> OpenAsync();

    /// <summary>Closes the store and opens a new instance on the same data.</summary>
    protected abstract Task<IEventStore> ReopenAsync(IEventStore store);

    private static string NewStream() => $"test-{Guid.NewGuid():N}";

    private static EventData Event(string text) => new("TestEvent", $$"""{"text":"{{text}}"}""");

    [Fact]
    public async Task Append_NewStream_ReadsBackInOrderWithVersions()
    {
        await using var store = await OpenAsync();
        var stream = NewStream();

        var result = await store.AppendAsync(stream, 0, [Event("a"), Event("b")]);
        await store.AppendAsync(stream, 2, [Event("c")]);

        var events = await store.ReadStreamAsync(stream);
        Assert.Equal(2, result.NextVersion);
        Assert.Equal([1L, 2L, 3L], events.Select(e => e.Version));
        Assert.Equal(["a", "b", "c"], events.Select(e => e.Data[9..10]));
        Assert.All(events, e => Assert.Equal("TestEvent", e.Type));
        Assert.True(events[0].Position < events[1].Position && events[1].Position < events[2].Position);
    }

    [Fact]
    public async Task ReadPrefix_ReturnsTheFamilysEventsInLogOrder_AndNothingElse()
    {
        await using var store = await OpenAsync();
        var family = $"fam{Guid.NewGuid():N}"[..12] + "-";
        await store.AppendAsync(family + "a", 0, [Event("a1")]);
        await store.AppendAsync(family[..^1] + "x", 0, [Event("lookalike")]);
        await store.AppendAsync(family + "b", 0, [Event("b1")]);
        await store.AppendAsync(family[..^1] + "_b", 0, [Event("underscore")]);
        await store.AppendAsync(family + "a", 1, [Event("a2")]);
        await store.AppendAsync(NewStream(), 0, [Event("other")]);

        var events = await store.ReadPrefixAsync(family);

        Assert.Equal(["a1", "b1", "a2"], events.Select(e => e.Data[9..11]));
        Assert.Equal(events.Select(e => e.Position).Order(), events.Select(e => e.Position));
    }

    [Fact]
    public async Task Append_StaleExpectedVersion_IsRejectedAndWritesNothing()
    {
        await using var store = await OpenAsync();
        var stream = NewStream();
        await store.AppendAsync(stream, 0, [Event("first")]);

        var error = await Assert.ThrowsAsync<WrongExpectedVersionException>(() => store.AppendAsync(stream, 0, [Event("overwrite")]));

        Assert.Equal(1, error.ActualVersion);
        Assert.Equal(0, error.ExpectedVersion);
        var events = await store.ReadStreamAsync(stream);
        Assert.Single(events);
        Assert.Contains("first", events[0].Data, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Append_ExpectedVersionAheadOfStream_IsRejected()
    {
        await using var store = await OpenAsync();
        var stream = NewStream();

        await Assert.ThrowsAsync<WrongExpectedVersionException>(() => store.AppendAsync(stream, 5, [Event("x")]));

        Assert.Empty(await store.ReadStreamAsync(stream));
    }

    [Fact]
    public async Task Append_AnyVersion_AppendsAtTheEnd()
    {
        await using var store = await OpenAsync();
        var stream = NewStream();
        await store.AppendAsync(stream, 0, [Event("a")]);

        var result = await store.AppendAsync(stream, ExpectedVersion.Any, [Event("b")]);

        Assert.Equal(2, result.NextVersion);
    }

    [Fact]
    public async Task ReadStream_AfterVersion_ReturnsOnlyTheTail()
    {
        await using var store = await OpenAsync();
        var stream = NewStream();
        await store.AppendAsync(stream, 0, [Event("a"), Event("b"), Event("c")]);

        var tail = await store.ReadStreamAsync(stream, afterVersion: 2);

        Assert.Equal(3, Assert.Single(tail).Version);
    }

    [Fact]
    public async Task ReadStream_UnknownStream_IsEmpty()
    {
        await using var store = await OpenAsync();

        Assert.Empty(await store.ReadStreamAsync(NewStream()));
    }

    [Fact]
    public async Task Events_SurviveClosingAndReopening()
    {
        var store = await OpenAsync();
        var stream = NewStream();
        await store.AppendAsync(stream, 0, [Event("durable"), Event("räksmörgås ✓")]);

        await using var reopened = await ReopenAsync(store);

        var events = await reopened.ReadStreamAsync(stream);
        Assert.Equal(2, events.Count);
        Assert.Contains("räksmörgås ✓", events[1].Data, StringComparison.Ordinal);
        await Assert.ThrowsAsync<WrongExpectedVersionException>(() => reopened.AppendAsync(stream, 1, [Event("stale")]));
    }

    [Fact]
    public async Task ReadAll_ReturnsEveryEventInCommitOrder()
    {
        await using var store = await OpenAsync();
        var start = await store.ReadHeadPositionAsync();
        var streams = Enumerable.Range(0, 8).Select(_ => NewStream()).ToList();
        var acknowledged = new List<(string Stream, long Position)>();
        foreach (var round in Enumerable.Range(0, 5))
        {
            foreach (var stream in streams)
            {
                var result = await store.AppendAsync(stream, round, [Event($"{round}")]);
                acknowledged.Add((stream, result.LastPosition));
            }
        }

        var all = await ReadAllFromAsync(store, start);
        var mine = all.Where(e => streams.Contains(e.StreamId)).ToList();

        // Every acknowledged append is in the log, once, in the order it was acknowledged.
        Assert.Equal(acknowledged.Select(a => a.Position), mine.Select(e => e.Position));
        Assert.True(all.Zip(all.Skip(1)).All(p => p.First.Position < p.Second.Position), "positions must increase");
        Assert.Equal(acknowledged[^1].Position, await store.ReadHeadPositionAsync());
    }

    [Fact]
    public async Task ReadAll_MaxCount_PagesThroughTheLog()
    {
        await using var store = await OpenAsync();
        var start = await store.ReadHeadPositionAsync();
        var stream = NewStream();
        await store.AppendAsync(stream, 0, [.. Enumerable.Range(0, 7).Select(i => Event($"{i}"))]);

        var first = await store.ReadAllAsync(start, 3);
        var second = await store.ReadAllAsync(first[^1].Position, 3);

        Assert.Equal(3, first.Count);
        Assert.Equal(3, second.Count);
        Assert.True(second[0].Position > first[^1].Position);
    }

    [Fact]
    public async Task ConcurrentAppends_SameStreamAndVersion_ExactlyOneWins()
    {
        await using var store = await OpenAsync();
        var stream = NewStream();

        var attempts = await Task.WhenAll(Enumerable.Range(0, 32).Select(async i =>
        {
            try
            {
                await store.AppendAsync(stream, 0, [Event($"{i}")]);
                return true;
            }
            catch (WrongExpectedVersionException)
            {
                return false;
            }
        }));

        Assert.Equal(1, attempts.Count(won => won));
        Assert.Single(await store.ReadStreamAsync(stream));
    }

    [Fact]
    public async Task ConcurrentAppenders_WithRetry_LoseNoAcknowledgedEvent()
    {
        await using var store = await OpenAsync();
        var stream = NewStream();
        const int Writers = 16;
        const int PerWriter = 20;

        await Task.WhenAll(Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < PerWriter; i++)
            {
                while (true)
                {
                    var version = (await store.ReadStreamAsync(stream)).Count;
                    try
                    {
                        await store.AppendAsync(stream, version, [Event($"{w}-{i}")]);
                        break;
                    }
                    catch (WrongExpectedVersionException)
                    {
                        // Someone else took that version; read again and retry, as a grain on another node would.
                    }
                }
            }
        })));

        var events = await store.ReadStreamAsync(stream);
        Assert.Equal(Writers * PerWriter, events.Count);
        Assert.Equal(Enumerable.Range(1, Writers * PerWriter).Select(v => (long)v), events.Select(e => e.Version));
        Assert.Equal(Writers * PerWriter, events.Select(e => e.Data).Distinct().Count());
    }

    [Fact]
    public async Task ConcurrentAppends_DistinctStreams_AllCommitted()
    {
        await using var store = await OpenAsync();
        var streams = Enumerable.Range(0, 200).Select(_ => NewStream()).ToList();

        var results = await Task.WhenAll(streams.Select(s => store.AppendAsync(s, 0, [Event("x")])));

        Assert.Equal(200, results.Select(r => r.LastPosition).Distinct().Count());
        foreach (var stream in streams)
        {
            Assert.Single(await store.ReadStreamAsync(stream));
        }
    }

    [Fact]
    public async Task WaitForAppend_CompletesWhenAnEventIsCommitted()
    {
        await using var store = await OpenAsync();
        var head = await store.ReadHeadPositionAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        var waiting = store.WaitForAppendAsync(head, timeout.Token);
        Assert.False(waiting.IsCompleted);
        await store.AppendAsync(NewStream(), 0, [Event("wake")]);

        await waiting;
        Assert.True(await store.ReadHeadPositionAsync() > head);
    }

    [Fact]
    public async Task WaitForAppend_Cancelled_Throws()
    {
        await using var store = await OpenAsync();
        using var cancel = new CancellationTokenSource();

        var waiting = store.WaitForAppendAsync(long.MaxValue - 1, cancel.Token);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
    }

    [Fact]
    public async Task Initialize_Repeated_IsHarmless()
    {
        await using var store = await OpenAsync();
        var stream = NewStream();
        await store.AppendAsync(stream, 0, [Event("a")]);

        await store.InitializeAsync();

        Assert.Single(await store.ReadStreamAsync(stream));
    }

    private static async Task<List<StoredEvent>> ReadAllFromAsync(IEventStore store, long from)
    {
        var all = new List<StoredEvent>();
        while (true)
        {
            var batch = await store.ReadAllAsync(from, 100);
            if (batch.Count == 0)
            {
                return all;
            }

            all.AddRange(batch);
            from = batch[^1].Position;
        }
    }
}
