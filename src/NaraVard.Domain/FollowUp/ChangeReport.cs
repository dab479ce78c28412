using System.Collections.Immutable;
using NaraVard.Domain.Initiatives;
using NaraVard.Domain.Obstacles;
using NaraVard.Domain.Roadmap;

namespace NaraVard.Domain.FollowUp;

/// <summary>How one initiative moved between two moments (it existed at the end, and it changed or went stale).</summary>
public sealed record InitiativeChange(
    string Id,
    string Title,
    string OwnerCode,
    ImmutableArray<string> Organizations,
    string RoadmapItem,
    bool New,
    Phase? PhaseFrom,
    Phase PhaseTo,
    int ProgressFrom,
    int ProgressTo,
    InitiativeStatus? StatusFrom,
    InitiativeStatus StatusTo,
    int Reports,
    bool WentStale)
{
    public bool PhaseChanged => PhaseFrom != PhaseTo;

    /// <summary>Measurement points measured in the period: the latest value before it (if any) and at its end.</summary>
    public ImmutableArray<IndicatorMove> IndicatorMoves { get; init; } = [];

    public bool Closed => PhaseTo.IsTerminal() && PhaseFrom?.IsTerminal() != true;

    public bool Paused => PhaseTo == Phase.Pausad && PhaseFrom != Phase.Pausad;
}

/// <summary>A measurement point that moved: its latest value at the start (none if not measured yet) and at the end.</summary>
public sealed record IndicatorMove(string Id, string Name, string Unit, decimal? From, decimal To, bool? OnTrack);

/// <summary>What happened to one obstacle between two moments.</summary>
public sealed record ObstacleChange(
    string Id,
    string Title,
    string Category,
    Severity Severity,
    bool Flagged,
    EscalationLevel? EscalatedTo,
    bool Resolved,
    ImmutableArray<string> AffectedOrganizations);

/// <summary>
/// What moved in the county between two moments (from excluded, to included), for leadership's follow-up:
/// per initiative (new, phase from → to, progress and status, paused or closed, gone stale), per obstacle
/// (flagged, escalated, resolved), and the organisations that did not report at all. Grouping per
/// organisation or roadmap item is the reader's: every change names its organisations and item.
/// </summary>
public sealed record ChangeReport(
    DateTimeOffset From,
    DateTimeOffset To,
    long Position,
    IReadOnlyList<InitiativeChange> Initiatives,
    IReadOnlyList<ObstacleChange> Obstacles,
    IReadOnlyList<string> SilentOrganizations)
{
    /// <summary>
    /// Folds the log, in log order, into the report. Pure: the caller reads the events (with their log
    /// positions) of the initiative and obstacle streams; an obstacle's reach is taken on the initiatives as
    /// they stand at <paramref name="to"/>.
    /// </summary>
    public static ChangeReport Build(IEnumerable<(long Position, object Event)> log, DateTimeOffset from, DateTimeOffset to, RoadmapDefinition roadmap)
    {
        var initiatives = new Dictionary<string, InitiativeState>(StringComparer.Ordinal);
        var obstacles = new Dictionary<string, ObstacleState>(StringComparer.Ordinal);
        var atFrom = new Dictionary<string, InitiativeState>(StringComparer.Ordinal);
        var obstaclesAtFrom = new Dictionary<string, ObstacleState>(StringComparer.Ordinal);
        var reports = new Dictionary<string, int>(StringComparer.Ordinal);
        var position = 0L;
        foreach (var (at, e) in log)
        {
            switch (e)
            {
                case InitiativeEvent i when i.At <= to:
                    var before = initiatives.GetValueOrDefault(i.InitiativeId, InitiativeState.Initial);
                    if (i.At > from)
                    {
                        atFrom.TryAdd(i.InitiativeId, before);
                        reports[i.InitiativeId] = reports.GetValueOrDefault(i.InitiativeId) + (IsReport(i) ? 1 : 0);
                    }

                    initiatives[i.InitiativeId] = before.Apply(i);
                    position = at;
                    break;
                case ObstacleEvent o when o.At <= to:
                    var was = obstacles.GetValueOrDefault(o.ObstacleId, ObstacleState.Initial);
                    if (o.At > from)
                    {
                        obstaclesAtFrom.TryAdd(o.ObstacleId, was);
                    }

                    obstacles[o.ObstacleId] = was.Apply(o);
                    position = at;
                    break;
            }
        }

        var stale = roadmap.StaleAfter;
        var changes = new List<InitiativeChange>();
        foreach (var (id, now) in initiatives.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var then = atFrom.GetValueOrDefault(id, now);
            var wentStale = now.IsStale(to, stale) && !(then.Exists && then.IsStale(from, stale));
            if (!atFrom.ContainsKey(id) && !wentStale)
            {
                continue;
            }

            changes.Add(new InitiativeChange(
                id, now.Title, now.OwnerCode, [.. now.Organizations], now.RoadmapItem, !then.Exists,
                then.Exists ? then.Phase : null, now.Phase, then.ProgressPercent, now.ProgressPercent,
                then.Exists ? then.Status : null, now.Status, reports.GetValueOrDefault(id), wentStale)
            {
                IndicatorMoves = [.. Moves(then, now)],
            });
        }

        IEnumerable<string> OrganizationsOf(string id) => initiatives.TryGetValue(id, out var s) ? s.Organizations : [];
        var obstacleChanges = obstaclesAtFrom.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p =>
        {
            var now = obstacles[p.Key];
            var then = p.Value;
            return new ObstacleChange(
                p.Key, now.Title, now.Category, now.Severity, !then.Exists,
                now.Escalation != (then.Exists ? then.Escalation : EscalationLevel.Organization) ? now.Escalation : null,
                now.Status == ObstacleStatus.Resolved && then.Status != ObstacleStatus.Resolved,
                [.. ObstacleReach.AffectedOrganizations(now, OrganizationsOf)]);
        }).ToList();

        var reporting = changes.Where(c => c.Reports > 0).SelectMany(c => c.Organizations).ToHashSet(StringComparer.Ordinal);
        var silent = roadmap.Organizations.Select(o => o.Code).Where(code => !reporting.Contains(code)).ToList();
        return new ChangeReport(from, to, position, changes, obstacleChanges, silent);
    }

    private static IEnumerable<IndicatorMove> Moves(InitiativeState then, InitiativeState now) =>
        from indicator in now.Indicators
        let before = then.Indicators.FirstOrDefault(i => i.Id == indicator.Id)
        where indicator.Latest is not null && indicator.Values.Length != (before?.Values.Length ?? 0)
        select new IndicatorMove(indicator.Id, indicator.Name, indicator.Unit, before?.Latest?.Value, indicator.Latest!.Value, indicator.OnTrack);

    /// <summary>A report on the work: what makes an organisation one that reported in the period.</summary>
    private static bool IsReport(InitiativeEvent e) =>
        e is ProgressReported or PhaseAdvanced or MilestoneCompleted or InitiativeClosed or InitiativeCreated or IndicatorMeasured;
}
