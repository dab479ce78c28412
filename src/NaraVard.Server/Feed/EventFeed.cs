using NaraVard.Domain.Initiatives;
using NaraVard.Domain.Obstacles;
using NaraVard.Grains.Roadmaps;
using NaraVard.Grains.Storage;
using NaraVard.Persistence;

namespace NaraVard.Server.Feed;

/// <summary>One event of the global log with the state of its initiative or obstacle right after it.</summary>
internal sealed record FeedEntry(long Position, long Version, InitiativeEvent? InitiativeEvent, InitiativeState? Initiative, ObstacleEvent? ObstacleEvent, ObstacleState? Obstacle);

/// <summary>
/// Follows the global event log for watchers: one reader per node, however many watchers. Keeps the current
/// state of every initiative and obstacle (for snapshots) and the most recent events (for catching up);
/// a watcher further behind reads the log itself. The log is the truth: nothing is pushed that is not in it.
/// The county's roll-ups catch up from it (<see cref="ILogFollower"/>) when the county is active on this node: it
/// read and decoded every event already. Where a log position is the point, it is here: WatchRoadmap, the token
/// registry and the county's catch-up.
/// </summary>
/// <remarks>
/// It starts from its last snapshot (<see cref="FeedSnapshots"/>) and folds the log after it; once caught up
/// with at least <see cref="NaraVardOptions.FeedSnapshotAfterEvents"/> events folded since, it saves a new one
/// in the background.
/// </remarks>
internal sealed partial class EventFeed(IEventStore store, Access.TokenRegistry tokens, Web.Access.EndedSessions sessions, FeedSnapshots snapshots, NaraVardOptions options, ILogger<EventFeed> logger) : BackgroundService, ILogFollower
{
    private const int BufferSize = 100_000;
    private const int ReadBatch = 1_000;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, InitiativeState> _initiatives = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ObstacleState> _obstacles = new(StringComparer.Ordinal);
    private readonly List<FeedEntry> _recent = [];
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _advanced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _head;
    private long _savedAt;
    private Task _saving = Task.CompletedTask;

    public long Head => Interlocked.Read(ref _head);

    /// <summary>Completes once the feed has folded the log as it was at start-up.</summary>
    public Task Started => _started.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Off the host's start-up: the embedded store answers synchronously, and the fold must not hold up the
        // hosted services after this one (the county's start runs beside it, on the other core).
        await Task.Yield();
        await ResumeAsync();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var batch = await store.ReadAllAsync(Head, ReadBatch, stoppingToken);
                if (batch.Count > 0)
                {
                    Fold(batch);
                    continue;
                }

                _started.TrySetResult();
                SaveIfDue();
                await store.WaitForAppendAsync(Head, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is StoreUnavailableException or IOException or InvalidOperationException or System.Data.Common.DbException)
            {
                LogFollowFailed(e);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
        }
    }

    /// <summary>Starts from the last snapshot, if there is one: the states at its position, the log after it still to fold.</summary>
    private async Task ResumeAsync()
    {
        if (await snapshots.LoadAsync() is not { } snapshot)
        {
            return;
        }

        lock (_gate)
        {
            foreach (var initiative in snapshot.Initiatives)
            {
                _initiatives[initiative.Id] = initiative;
            }

            foreach (var obstacle in snapshot.Obstacles)
            {
                _obstacles[obstacle.Id] = obstacle;
            }

            Interlocked.Exchange(ref _head, snapshot.Position);
        }

        _savedAt = snapshot.Position;
        LogResumed(snapshot.Position, snapshot.Initiatives.Count, snapshot.Obstacles.Count);
    }

    /// <summary>Saves a snapshot in the background when enough of the log was folded since the last one and none is being saved.</summary>
    private void SaveIfDue()
    {
        if (Head - _savedAt < options.FeedSnapshotAfterEvents || !_saving.IsCompleted)
        {
            return;
        }

        var (position, initiatives, obstacles) = Snapshot();
        var large = position - _savedAt >= Heap.LargeFold;
        _savedAt = position;
        _saving = Task.Run(async () =>
        {
            await snapshots.SaveAsync(new FeedSnapshot(FeedSnapshot.CurrentFormat, position, initiatives, obstacles));
            if (large)
            {
                Heap.ReturnGarbage(); // the start-up folds and the snapshot's bytes
            }
        });
    }

    private void Fold(IReadOnlyList<StoredEvent> batch)
    {
        lock (_gate)
        {
            foreach (var stored in batch)
            {
                tokens.Apply(stored);
                sessions.Apply(stored);
                _recent.Add(Apply(stored, _initiatives, _obstacles));
            }

            if (_recent.Count > BufferSize)
            {
                _recent.RemoveRange(0, _recent.Count - BufferSize);
            }

            Interlocked.Exchange(ref _head, batch[^1].Position);
            _advanced.TrySetResult();
            _advanced = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    private static FeedEntry Apply(StoredEvent stored, Dictionary<string, InitiativeState> initiatives, Dictionary<string, ObstacleState> obstacles)
    {
        if (stored.StreamId.StartsWith(Streams.InitiativePrefix, StringComparison.Ordinal))
        {
            var id = stored.StreamId[Streams.InitiativePrefix.Length..];
            var e = EventCodec.Decode<InitiativeEvent>(stored);
            var state = initiatives.GetValueOrDefault(id, InitiativeState.Initial).Apply(e);
            initiatives[id] = state;
            return new FeedEntry(stored.Position, stored.Version, e, state, null, null);
        }

        if (stored.StreamId.StartsWith(Streams.ObstaclePrefix, StringComparison.Ordinal))
        {
            var id = stored.StreamId[Streams.ObstaclePrefix.Length..];
            var e = EventCodec.Decode<ObstacleEvent>(stored);
            var state = obstacles.GetValueOrDefault(id, ObstacleState.Initial).Apply(e);
            obstacles[id] = state;
            return new FeedEntry(stored.Position, stored.Version, null, null, e, state);
        }

        return new FeedEntry(stored.Position, stored.Version, null, null, null, null);
    }

    /// <summary>Whether this node has followed the creation of the initiative.</summary>
    public bool HasInitiative(string id)
    {
        lock (_gate)
        {
            return _initiatives.ContainsKey(id);
        }
    }

    /// <summary>Whether this node has followed the flagging of the obstacle.</summary>
    public bool HasObstacle(string id)
    {
        lock (_gate)
        {
            return _obstacles.ContainsKey(id);
        }
    }

    /// <summary>The current state of everything, consistent with one log position.</summary>
    public (long Position, IReadOnlyList<InitiativeState> Initiatives, IReadOnlyList<ObstacleState> Obstacles) Snapshot()
    {
        lock (_gate)
        {
            return (Head, [.. _initiatives.Values], [.. _obstacles.Values]);
        }
    }

    /// <summary>Organisations an obstacle affects, by the one rule, on the initiatives as of this feed's position.</summary>
    public IReadOnlyList<string> AffectedBy(ObstacleState obstacle)
    {
        lock (_gate)
        {
            return ObstacleReach.AffectedOrganizations(obstacle, id => _initiatives.TryGetValue(id, out var s) ? s.Organizations : []);
        }
    }

    /// <summary>Whether an obstacle blocks the initiative (<see cref="Domain.Initiatives.HealthRule.Blocks"/>), on the obstacles as of this feed's position.</summary>
    public bool IsBlocked(string initiativeId)
    {
        lock (_gate)
        {
            return Domain.Initiatives.HealthRule.IsBlockedBy(initiativeId, _obstacles.Values);
        }
    }

    /// <summary>Events after a position, oldest first, at most <paramref name="max"/>; empty when there are none yet.</summary>
    public async Task<IReadOnlyList<FeedEntry>> ReadAfterAsync(long position, int max, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_recent.Count > 0 && position >= _recent[0].Position - 1)
            {
                var start = FirstAfter(position);
                return _recent.GetRange(start, Math.Min(max, _recent.Count - start));
            }

            if (position >= Head)
            {
                return [];
            }
        }

        return await ReadOldAsync(position, max, cancellationToken);
    }

    private int FirstAfter(long position)
    {
        int low = 0, high = _recent.Count;
        while (low < high)
        {
            var mid = (low + high) / 2;
            if (_recent[mid].Position <= position)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low;
    }

    // A watcher older than the buffer: read the log, and fold each stream from its start to give the state at that event.
    private async Task<IReadOnlyList<FeedEntry>> ReadOldAsync(long position, int max, CancellationToken cancellationToken)
    {
        var batch = await store.ReadAllAsync(position, max, cancellationToken);
        var initiatives = new Dictionary<string, InitiativeState>(StringComparer.Ordinal);
        var obstacles = new Dictionary<string, ObstacleState>(StringComparer.Ordinal);
        var entries = new List<FeedEntry>(batch.Count);
        foreach (var stored in batch)
        {
            if (stored.Version > 1 && !initiatives.ContainsKey(IdOf(stored)) && !obstacles.ContainsKey(IdOf(stored)))
            {
                foreach (var earlier in (await store.ReadStreamAsync(stored.StreamId, 0, cancellationToken)).TakeWhile(e => e.Version < stored.Version))
                {
                    Apply(earlier, initiatives, obstacles);
                }
            }

            entries.Add(Apply(stored, initiatives, obstacles));
        }

        return entries;
    }

    async Task<IReadOnlyList<FollowedEvent>?> ILogFollower.ReadAfterAsync(long position, long through, int max, CancellationToken cancellationToken) =>
        Head < through ? null : [.. (await ReadAfterAsync(position, max, cancellationToken)).Select(e => new FollowedEvent(e.Position, e.Initiative, e.Obstacle))];

    private static string IdOf(StoredEvent e) => e.StreamId[(e.StreamId.IndexOf('-', StringComparison.Ordinal) + 1)..];

    /// <summary>Completes when the log has moved past <paramref name="position"/>.</summary>
    public async Task WaitAsync(long position, CancellationToken cancellationToken)
    {
        Task advanced;
        lock (_gate)
        {
            if (Head > position)
            {
                return;
            }

            advanced = _advanced.Task;
        }

        await advanced.WaitAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Event feed resumed from its snapshot at log position {Position} ({Initiatives} initiatives, {Obstacles} obstacles)")]
    private partial void LogResumed(long position, int initiatives, int obstacles);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Following the event log failed; retrying")]
    private partial void LogFollowFailed(Exception error);
}
