using NaraVard.Domain.Initiatives;
using NaraVard.Domain.Obstacles;
using NaraVard.Grains.Storage;
using NaraVard.Persistence;

namespace NaraVard.Grains.Tests.Roadmap;

/// <summary>
/// What every read must agree with: the whole log folded from scratch into the states of the initiatives and
/// obstacles, and the figures counted from those states the plain way (no counters, no caches, no roll-up).
/// </summary>
internal sealed class ReferenceFold
{
    private readonly Dictionary<string, InitiativeState> _initiatives = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ObstacleState> _obstacles = new(StringComparer.Ordinal);
    private readonly List<(long Position, object Event)> _log = [];

    public long Position { get; private set; }

    /// <summary>The log it folded, decoded, in order: what a read as of a moment folds too.</summary>
    public IReadOnlyList<(long Position, object Event)> Log => _log;

    public static async Task<ReferenceFold> ReadAsync(IEventStore store)
    {
        var fold = new ReferenceFold();
        while (true)
        {
            var batch = await store.ReadAllAsync(fold.Position, 5_000);
            foreach (var e in batch)
            {
                fold.Apply(e);
            }

            if (batch.Count < 5_000)
            {
                return fold;
            }
        }
    }

    private void Apply(StoredEvent stored)
    {
        Position = stored.Position;
        var e = EventCodec.DecodeForFold(stored);
        _log.Add((stored.Position, e));
        switch (e)
        {
            case InitiativeEvent i:
                _initiatives[i.InitiativeId] = _initiatives.GetValueOrDefault(i.InitiativeId, InitiativeState.Initial).Apply(i);
                break;
            case ObstacleEvent o:
                _obstacles[o.ObstacleId] = _obstacles.GetValueOrDefault(o.ObstacleId, ObstacleState.Initial).Apply(o);
                break;
        }
    }

    public IEnumerable<InitiativeState> Initiatives => _initiatives.Values.Where(s => s.Exists);

    public IEnumerable<ObstacleState> Obstacles => _obstacles.Values.Where(o => o.Exists);

    /// <summary>The owner and the participants that accepted: whom an initiative counts for.</summary>
    public static IEnumerable<string> CountedFor(InitiativeState s) => s.Participants.Prepend(s.OwnerCode).Distinct();

    /// <summary>The initiatives an organisation owns or takes part in, in id order.</summary>
    public List<string> InitiativesOf(string org) =>
        [.. Initiatives.Where(s => CountedFor(s).Contains(org)).Select(s => s.Id).Order(StringComparer.Ordinal)];

    /// <summary>Whom an obstacle reaches now: the organisations it names and everyone an initiative it blocks counts for.</summary>
    public List<string> Reach(ObstacleState o) =>
        [.. o.BlockedOrganizations
            .Concat(o.BlockedInitiatives.SelectMany(id => _initiatives.TryGetValue(id, out var s) && s.Exists ? CountedFor(s) : []))
            .Distinct().Order(StringComparer.Ordinal)];

    public List<string> ObstaclesOf(string org) =>
        [.. Obstacles.Where(o => Reach(o).Contains(org)).Select(o => o.Id).Order(StringComparer.Ordinal)];

    public int OpenObstaclesOf(string org) => Obstacles.Count(o => o.IsOpen && Reach(o).Contains(org));

    public int OpenObstacles => Obstacles.Count(o => o.IsOpen);

    /// <summary>
    /// An initiative's health, the plain way: blocked when any open obstacle naming it blocks by the domain's rule,
    /// stale when its last report is older than the limit; the domain's rule then orders the two with its phase and status.
    /// </summary>
    public Health HealthOf(InitiativeState s, DateTimeOffset now, TimeSpan staleAfter) =>
        s.HealthWith(
            Obstacles.Any(o => o.BlockedInitiatives.Contains(s.Id) && HealthRule.Blocks(o.Status, o.Severity, o.Escalation)),
            s.IsStale(now, staleAfter));

    /// <summary>Initiatives per health among those an organisation counts (every organisation's when null), every health listed.</summary>
    public Dictionary<Health, int> HealthCounts(string? org, DateTimeOffset now, TimeSpan staleAfter, string? item = null) =>
        Enum.GetValues<Health>().ToDictionary(
            h => h,
            h => Initiatives.Count(s => (org is null || CountedFor(s).Contains(org)) && (item is null || s.RoadmapItem == item) && HealthOf(s, now, staleAfter) == h));

    /// <summary>Initiatives of a roadmap item an organisation counts, as the matrix cell does.</summary>
    public int InitiativesIn(string item, string org) => Initiatives.Count(s => s.RoadmapItem == item && CountedFor(s).Contains(org));
}
