using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.DependencyInjection;
using NaraVard.Domain.Rollups;
using Orleans.Storage;

namespace NaraVard.Grains.Roadmaps;

/// <summary>
/// How the county follows the log: woken with a position (<see cref="CatchUpAsync"/>) or by its timer, it folds
/// what it has not seen, from the node's follower or the store, and keeps a snapshot of the prefix it folded.
/// </summary>
public sealed partial class RoadmapGrain
{
    private const int ReadBatch = 5_000;
    private long _savedPosition;
    private long _savedAtTicks = Environment.TickCount64;

    public async Task<long> CatchUpAsync(long position)
    {
        if (_definition is not null && OverviewPosition < position)
        {
            await FollowToAsync(position);
        }

        return OverviewPosition;
    }

    /// <summary>
    /// Folds through at least <paramref name="position"/>: from the node's follower when it holds that position
    /// already (it read and decoded those events once), else from the store.
    /// </summary>
    private async Task FollowToAsync(long position)
    {
        if (_follower is { } follower && _projection is { } projection)
        {
            while (projection.Position < position
                && await follower.ReadAfterAsync(projection.Position, position, ReadBatch, CancellationToken.None) is { Count: > 0 } events)
            {
                foreach (var e in events)
                {
                    projection.Take(e);
                }
            }

            if (projection.Position >= position)
            {
                ApplyChanges(projection);
                return;
            }
        }

        await FoldLogAsync();
    }

    private readonly ILogFollower? _follower = services.GetService<ILogFollower>();

    /// <summary>
    /// The timer's turn: reads what no wake-up announced, and saves a snapshot once enough was folded since the
    /// last, at most once a minute (at national scale a save encodes 100,000 summaries; a restart folds the tail).
    /// </summary>
    private async Task FollowAsync()
    {
        if (_definition is null)
        {
            return;
        }

        await FoldLogAsync();
        if (OverviewPosition - _savedPosition >= options.Value.SnapshotAfterEvents && Environment.TickCount64 - _savedAtTicks >= 60_000)
        {
            await SaveSnapshotAsync();
        }
    }

    private void Apply(InitiativeSummary summary)
    {
        if (Rollup.Apply(summary))
        {
            _initiativeIds.Add(summary.Id);
        }
    }

    private void Apply(ObstacleSummary summary)
    {
        if (Rollup.Apply(summary))
        {
            _obstacleIds.Add(summary.Id);
        }
    }

    /// <summary>Starts from the last snapshot when it was taken for this definition. True when it was.</summary>
    // Optimised at its first (and only) call, as Rollup.Apply: it loops over every summary of the snapshot.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool Restore()
    {
        if (!snapshot.RecordExists || snapshot.State.DefinitionVersion != _definitionVersion || snapshot.State.Format != CountySnapshot.CurrentFormat)
        {
            return false;
        }

        foreach (var summary in snapshot.State.Initiatives)
        {
            Apply(summary);
        }

        foreach (var summary in snapshot.State.Obstacles)
        {
            Apply(summary);
        }

        _projection = new LogProjection(snapshot.State.Position);
        _savedPosition = snapshot.State.Position;
        return true;
    }

    /// <summary>
    /// Saves the roll-ups as they stand right after a fold: nothing but the log up to the projection's position
    /// has reached them yet, so the snapshot is exactly that prefix of the log.
    /// </summary>
    private async Task SaveSnapshotAsync()
    {
        (_savedPosition, _savedAtTicks) = (_projection?.Position ?? 0, Environment.TickCount64);
        snapshot.State = new CountySnapshot
        {
            Format = CountySnapshot.CurrentFormat,
            DefinitionVersion = _definitionVersion,
            Position = _savedPosition,
            Initiatives = Rollup.Initiatives.ToList(),
            Obstacles = Rollup.Obstacles.ToList(),
        };
        try
        {
            await snapshot.WriteStateAsync();
        }
        catch (InconsistentStateException)
        {
            // Another activation saved one since this one read: two silos that start together can both activate
            // the county until the grain directory agrees, and Orleans then keeps one. The snapshot only shortens
            // the next activation's fold, so the stored one is kept and its version read for the next save.
            await snapshot.ReadStateAsync();
        }
    }

    /// <summary>
    /// Folds every event committed since the projection's position (from the snapshot's, or the start), and hands
    /// each changed initiative and obstacle to the roll-ups once, at the end: in a log where
    /// streams interleave, as people write them, a batch touches as many initiatives as it has events, and
    /// rolling each up after every batch cost ten times the work of rolling it up once. Returns how many.
    /// </summary>
    private async Task<int> FoldLogAsync()
    {
        _projection ??= new LogProjection();
        var folded = 0;
        while (true)
        {
            var events = await store.ReadAllAsync(_projection.Position, ReadBatch);
            foreach (var e in events)
            {
                await _projection.FoldAsync(e, store, CancellationToken.None);
            }

            folded += events.Count;
            if (events.Count < ReadBatch)
            {
                break;
            }
        }

        ApplyChanges(_projection);
        return folded;
    }

    private void ApplyChanges(LogProjection projection)
    {
        // Initiatives first: an obstacle's reach is derived from the initiatives the roll-up holds.
        foreach (var summary in projection.TakeInitiativeChanges())
        {
            Apply(summary);
        }

        foreach (var obstacle in projection.TakeObstacleChanges())
        {
            Apply(ObstacleSummary.From(obstacle));
        }

        if (_blocked.Source != Rollup || _blocked.Changes != Rollup.BlockedChanges)
        {
            _blocked = new PublishedBlocked(Rollup, Rollup.BlockedChanges, Rollup.Blocked.ToImmutableHashSet(StringComparer.Ordinal));
        }
    }

    // What the county's readers in this silo see of whom obstacles block: swapped whole after each fold, so a read
    // from another thread (ResidentGrains) sees one fold's set or the next, never half of one.
    private volatile PublishedBlocked _blocked = PublishedBlocked.None;

    internal ImmutableHashSet<string> PeekBlocked() => _blocked.Ids;

    public Task<ImmutableHashSet<string>> GetBlockedInitiativesAsync() => Task.FromResult(_blocked.Ids);

    private sealed record PublishedBlocked(Rollup? Source, long Changes, ImmutableHashSet<string> Ids)
    {
        public static readonly PublishedBlocked None = new(null, 0, []);
    }
}
