using System.Runtime.CompilerServices;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using System.Collections.Immutable;
using System.Text.Json;
using NaraVard.Domain;
using NaraVard.Domain.Obstacles;
using NaraVard.Domain.Roadmap;
using NaraVard.Domain.Rollups;
using NaraVard.Grains.Storage;
using NaraVard.Persistence;
using Orleans.Runtime;
using Orleans.Storage;

namespace NaraVard.Grains.Roadmaps;

/// <summary>
/// Holds the roadmap definition and the county roll-ups, a pure function of the log prefix it has folded: it
/// follows the global log by position, from its snapshot on activation, then whenever a writing grain says the
/// log reached a position it has not (<see cref="CatchUpAsync"/>) and every <see cref="FollowEvery"/> besides.
/// A wake-up carries no data, so a lost, repeated or late one can delay a figure but never change it. The
/// organisation grains answer from these roll-ups; there is one activation in the whole cluster.
/// </summary>
[GrainType(GrainType)]
public sealed class RoadmapGrain(
    IEventStore store,
    [FromKeyedServices(Clock.Key)] TimeProvider time,
    [PersistentState(Snapshots.County, Snapshots.Storage)] IPersistentState<CountySnapshot> snapshot,
    IOptions<RoadmapOptions> options,
    ResidentGrains residents,
    IServiceProvider services) : Grain, IRoadmapGrain
{
    /// <summary>Named, not derived from the class name: the county's snapshot is stored under it.</summary>
    public const string GrainType = "roadmap";
    private const int ReadBatch = 5_000;
    private static readonly TimeSpan OverviewReuse = TimeSpan.FromSeconds(1);

    /// <summary>How often the county reads the log without being woken: what a lost wake-up can delay a figure by.</summary>
    internal static readonly TimeSpan FollowEvery = TimeSpan.FromSeconds(2);
    private RoadmapDefinition? _definition;
    private long _definitionVersion;
    private Rollup? _rollup;
    private LogProjection? _projection;
    private volatile CachedOverview? _overview;
    private long _savedPosition;
    private long _savedAtTicks = Environment.TickCount64;
    private readonly SortedSet<string> _initiativeIds = new(StringComparer.Ordinal);
    private readonly SortedSet<string> _obstacleIds = new(StringComparer.Ordinal);

    private string StreamId => Streams.Roadmap(this.GetPrimaryKeyString());

    private RoadmapDefinition Definition => _definition ?? throw DomainException.NotFound($"roadmap {this.GetPrimaryKeyString()} is not defined");

    private Rollup Rollup => _rollup ??= new Rollup(Definition);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await LoadDefinitionAsync(cancellationToken);
        if (_definition is not null)
        {
            var restored = Restore();
            var folded = await FoldLogAsync();
            if (!restored || folded >= options.Value.SnapshotAfterEvents)
            {
                await SaveSnapshotAsync();
            }
        }

        residents.Enter(this.GetPrimaryKeyString(), this);
        this.RegisterGrainTimer(static (county, _) => county.FollowAsync(), this, new GrainTimerCreationOptions(FollowEvery, FollowEvery));
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        residents.Leave(this.GetPrimaryKeyString(), this);
        return Task.CompletedTask;
    }

    private async Task LoadDefinitionAsync(CancellationToken cancellationToken)
    {
        foreach (var stored in await store.ReadStreamAsync(StreamId, _definitionVersion, cancellationToken))
        {
            _definition = ((RoadmapDefined)EventCodec.Decode<RoadmapEvent>(stored)).Definition;
            _definitionVersion = stored.Version;
        }
    }

    public async Task<bool> DefineAsync(RoadmapDefinition definition)
    {
        while (true)
        {
            if (_definition is not null && Same(_definition, definition))
            {
                return false;
            }

            var defined = new RoadmapDefined { At = time.GetUtcNow(), Definition = definition };
            try
            {
                var result = await store.AppendAsync(StreamId, _definitionVersion, [EventCodec.Encode<RoadmapEvent>(defined)]);
                _definitionVersion = result.NextVersion;
            }
            catch (WrongExpectedVersionException)
            {
                // Another node defined it at the same moment: read what it wrote and compare again.
                await LoadDefinitionAsync(CancellationToken.None);
                continue;
            }

            _definition = definition;
            _rollup = null;
            _projection = null;
            _initiativeIds.Clear();
            _obstacleIds.Clear();
            await FoldLogAsync();
            await SaveSnapshotAsync();
            return true;
        }
    }

    private static bool Same(RoadmapDefinition a, RoadmapDefinition b) =>
        JsonSerializer.Serialize(a, RoadmapDefinition.JsonOptions) == JsonSerializer.Serialize(b, RoadmapDefinition.JsonOptions);

    public Task<RoadmapDefinition> GetDefinitionAsync() => Task.FromResult(Definition);

    /// <summary>
    /// The overview walks every organisation × roadmap item, so it is computed once per change of the figures and
    /// reused for up to a second: staleness moves with the clock, but not faster than that matters.
    /// </summary>
    public Task<CountyOverview> GetOverviewAsync()
    {
        var now = time.GetUtcNow();
        if (Reusable(Rollup, now) is not { } overview)
        {
            overview = Rollup.Overview(now) with { Position = OverviewPosition };
            _overview = new CachedOverview(Rollup, Rollup.Changes, overview);
        }

        return Task.FromResult(overview);
    }

    /// <summary>
    /// The overview <see cref="GetOverviewAsync"/> last computed, if it still answers now; null when it must be
    /// computed anew (by a call to the grain). Safe from any thread (<see cref="ResidentGrains"/> calls it): each
    /// value it reads is swapped whole by the grain's turns, and a change of any of them makes the answer null.
    /// </summary>
    internal CountyOverview? PeekOverview() => _rollup is { } rollup ? Reusable(rollup, time.GetUtcNow()) : null;

    private long OverviewPosition => _projection?.Position ?? 0;

    // Reused while the figures, the log position and the clock's second are what they were when it was computed.
    private CountyOverview? Reusable(Rollup rollup, DateTimeOffset now) =>
        _overview is { } cached && cached.Source == rollup && cached.Changes == rollup.Changes && cached.Overview.Position == OverviewPosition
        && now - cached.Overview.AsOf < OverviewReuse && now >= cached.Overview.AsOf
            ? cached.Overview
            : null;

    private sealed record CachedOverview(Rollup Source, long Changes, CountyOverview Overview);

    public Task<OrganizationProgress> GetOrganizationProgressAsync(string code) =>
        Task.FromResult(Rollup.ProgressOf(OrganizationOf(code), time.GetUtcNow()));

    public Task<Organizations.OrganizationView> GetOrganizationAsync(string code)
    {
        var org = OrganizationOf(code);
        var now = time.GetUtcNow();
        return Task.FromResult(new Organizations.OrganizationView(org, Rollup.ProgressOf(org, now), Rollup.RowOf(code, now), [.. Rollup.InitiativesOf(code)]));
    }

    private Organization OrganizationOf(string code) =>
        Definition.OrganizationsByCode.GetValueOrDefault(code) ?? throw DomainException.NotFound($"organisation {code} is not part of roadmap {Definition.Id}");

    public Task<InitiativePage> ListInitiativesAsync(InitiativeQuery query)
    {
        var now = time.GetUtcNow();
        var staleAfter = Definition.StaleAfter;
        bool Matches(InitiativeSummary s) => query.Matches(s, now, staleAfter);
        var total = Rollup.Initiatives.Count(Matches);
        var (page, next) = Paging.Page(_initiativeIds, id => Rollup.FindInitiative(id), s => s.Id, query.PageSize, query.PageToken, query.PageKey(), Matches);
        return Task.FromResult(new InitiativePage(page, next, total, page.Where(s => s.IsStale(now, staleAfter)).Select(s => s.Id).ToImmutableHashSet()));
    }

    public Task<ObstaclePage> ListObstaclesAsync(ObstacleQuery query)
    {
        var total = Rollup.Obstacles.Count(query.Matches);
        var (page, next) = Paging.Page(_obstacleIds, id => Rollup.FindObstacle(id), o => o.Id, query.PageSize, query.PageToken, query.PageKey(), query.Matches);
        return Task.FromResult(new ObstaclePage(page, next, total));
    }

    public Task<bool> InitiativeExistsAsync(string id) => Task.FromResult(Rollup.FindInitiative(id) is not null);

    public Task<bool> ObstacleExistsAsync(string id) => Task.FromResult(Rollup.FindObstacle(id) is not null);

    public Task<IReadOnlyList<string>> AffectedOrganizationsAsync(string obstacleId) =>
        Task.FromResult<IReadOnlyList<string>>(Rollup.FindObstacle(obstacleId) is { } o ? o.AffectedOrganizations : []);

    public async Task<long> CatchUpAsync(long position)
    {
        if (_definition is not null && OverviewPosition < position)
        {
            await FollowToAsync(position);
        }

        return OverviewPosition;
    }

    /// <summary>
    /// Folds through at least <paramref name="position"/>: from the node's follower when it has one and reaches
    /// there soon (it read and decoded those events already), else from the store.
    /// </summary>
    private async Task FollowToAsync(long position)
    {
        if (_follower is { } follower && _projection is { } projection)
        {
            while (projection.Position < position
                && await follower.ReadAfterAsync(projection.Position, position, ReadBatch, FollowerWait, CancellationToken.None) is { Count: > 0 } events)
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

    // Not waited for: when the write's own position has not reached the follower yet, reading the store at once
    // answers sooner (measured: waiting for the feed cost SQLite writes a fifth of their rate at 1-8 clients).
    private static readonly TimeSpan FollowerWait = TimeSpan.Zero;
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
            Rollup.Apply(summary);
            _initiativeIds.Add(summary.Id);
        }

        foreach (var summary in snapshot.State.Obstacles)
        {
            Rollup.Apply(summary);
            _obstacleIds.Add(summary.Id);
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
            Position = _projection?.Position ?? 0,
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
    }
}
