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

    /// <summary>The comment of its latest report, when it reported in the period.</summary>
    public string Comment { get; init; } = "";

    /// <summary>Its health at the end of the period (<see cref="HealthRule"/>).</summary>
    public Health HealthTo { get; init; } = Health.OnTrack;
}

/// <summary>A measurement point that moved: its latest value at the start (none if not measured yet) and at the end.</summary>
public sealed record IndicatorMove(string Id, string Name, string Unit, decimal? From, decimal To, bool? OnTrack)
{
    /// <summary>Kolada revised a value it had published, in the period: the figure a meeting saw has changed.</summary>
    public bool Revised { get; init; }
}

/// <summary>What happened to one obstacle between two moments.</summary>
public sealed record ObstacleChange(
    string Id,
    string Title,
    string Category,
    Severity Severity,
    bool Flagged,
    EscalationLevel? EscalatedTo,
    bool Resolved,
    ImmutableArray<string> AffectedOrganizations)
{
    /// <summary>Its status and escalation at the end of the period: what the meeting must act on.</summary>
    public ObstacleStatus Status { get; init; } = ObstacleStatus.Open;

    public EscalationLevel Escalation { get; init; } = EscalationLevel.Organization;

    /// <summary>Who carries it forward and the next step, as planned at the end of the period; empty when none is.</summary>
    public string Owner { get; init; } = "";

    public string NextStep { get; init; } = "";

    public DateOnly? NextStepDue { get; init; }

    /// <summary>Escalations and status changes of the period with their notes, in order: the planners' asks and the bodies' decisions.</summary>
    public ImmutableArray<ObstacleNote> Notes { get; init; } = [];
}

/// <summary>One escalation, change of status or planned next step (neither level nor status) of an obstacle, with what was written with it.</summary>
public sealed record ObstacleNote(DateTimeOffset At, string By, EscalationLevel? EscalatedTo, ObstacleStatus? StatusTo, string Note);

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
    /// The county as of both ends of the period (<see cref="AsOf"/>, the one fold of the log) compared, with the
    /// events in between counted. Pure: the caller reads the events (with their log positions) of the initiative
    /// and obstacle streams; an obstacle's reach is taken on the initiatives as they stand at <paramref name="to"/>.
    /// </summary>
    public static ChangeReport Build(IEnumerable<(long Position, object Event)> events, DateTimeOffset from, DateTimeOffset to, RoadmapDefinition roadmap)
    {
        var log = events as IReadOnlyList<(long Position, object Event)> ?? [.. events];
        return Build(AsOf.Fold(log, from), AsOf.Fold(log, to), log, roadmap);
    }

    /// <summary>
    /// The same from the county at both ends (however they were folded) and the events of the period:
    /// <paramref name="period"/> holds, in log order, at least every event that happened after then and at or before now.
    /// </summary>
    public static ChangeReport Build(AsOf then, AsOf now, IEnumerable<(long Position, object Event)> period, RoadmapDefinition roadmap)
    {
        var (from, to) = (then.Moment, now.Moment);
        var reports = new Dictionary<string, int>(StringComparer.Ordinal);
        var touchedObstacles = new SortedSet<string>(StringComparer.Ordinal);
        var notes = new Dictionary<string, List<ObstacleNote>>(StringComparer.Ordinal);
        foreach (var (_, e) in period)
        {
            switch (e)
            {
                case InitiativeEvent i when i.At > from && i.At <= to:
                    reports[i.InitiativeId] = reports.GetValueOrDefault(i.InitiativeId) + (IsReport(i) ? 1 : 0);
                    break;
                case ObstacleEvent o when o.At > from && o.At <= to:
                    touchedObstacles.Add(o.ObstacleId);
                    if (Note(o) is { } note)
                    {
                        (notes.TryGetValue(o.ObstacleId, out var list) ? list : notes[o.ObstacleId] = []).Add(note);
                    }

                    break;
            }
        }

        var stale = roadmap.StaleAfter;
        var changes = new List<InitiativeChange>();
        foreach (var end in now.Initiatives.OrderBy(s => s.Id, StringComparer.Ordinal))
        {
            var start = then.Initiative(end.Id) ?? InitiativeState.Initial;
            var wentStale = end.IsStale(to, stale) && !(start.Exists && start.IsStale(from, stale));
            if (!reports.ContainsKey(end.Id) && !wentStale)
            {
                continue;
            }

            changes.Add(new InitiativeChange(
                end.Id, end.Title, end.OwnerCode, [.. end.Organizations], end.RoadmapItem, !start.Exists,
                start.Exists ? start.Phase : null, end.Phase, start.ProgressPercent, end.ProgressPercent,
                start.Exists ? start.Status : null, end.Status, reports.GetValueOrDefault(end.Id), wentStale)
            {
                IndicatorMoves = [.. Moves(start, end)],
                Comment = reports.GetValueOrDefault(end.Id) > 0 ? end.LastComment : "",
                HealthTo = end.HealthWith(now.IsBlocked(end.Id), end.IsStale(to, stale)),
            });
        }

        var obstacleChanges = touchedObstacles.Select(id =>
        {
            var end = now.Obstacle(id)!;
            var start = then.Obstacle(id) ?? ObstacleState.Initial;
            return new ObstacleChange(
                id, end.Title, end.Category, end.Severity, !start.Exists,
                end.Escalation != (start.Exists ? start.Escalation : EscalationLevel.Organization) ? end.Escalation : null,
                end.Status == ObstacleStatus.Resolved && start.Status != ObstacleStatus.Resolved,
                [.. now.AffectedOrganizations(end)])
            {
                Status = end.Status,
                Escalation = end.Escalation,
                Owner = end.Owner,
                NextStep = end.NextStep,
                NextStepDue = end.NextStepDue,
                Notes = [.. notes.GetValueOrDefault(id) ?? []],
            };
        }).ToList();

        var reporting = changes.Where(c => c.Reports > 0).SelectMany(c => c.Organizations).ToHashSet(StringComparer.Ordinal);
        var silent = roadmap.Organizations.Select(o => o.Code).Where(code => !reporting.Contains(code)).ToList();
        return new ChangeReport(from, to, now.Position, changes, obstacleChanges, silent);
    }

    private static IEnumerable<IndicatorMove> Moves(InitiativeState then, InitiativeState now) =>
        from indicator in now.Indicators
        let before = then.Indicators.FirstOrDefault(i => i.Id == indicator.Id)
        where indicator.Latest is not null && indicator.Values.Length != (before?.Values.Length ?? 0)
        select new IndicatorMove(indicator.Id, indicator.Name, indicator.Unit, before?.Latest?.Value, indicator.Latest!.Value, indicator.OnTrack)
        {
            Revised = indicator.Values.Count(v => v.Revises is not null) > (before?.Values.Count(v => v.Revises is not null) ?? 0),
        };

    private static ObstacleNote? Note(ObstacleEvent e) => e switch
    {
        ObstacleEscalated x => new ObstacleNote(x.At, x.By.Name, x.To, null, x.Note),
        ObstacleStatusChanged x => new ObstacleNote(x.At, x.By.Name, null, x.To, x.Note),
        ObstacleNextStepPlanned x => new ObstacleNote(x.At, x.By.Name, null, null, x.NextStep),
        _ => null,
    };

    /// <summary>A report on the work: what makes an organisation one that reported in the period.</summary>
    private static bool IsReport(InitiativeEvent e) =>
        e is ProgressReported or PhaseAdvanced or MilestoneCompleted or InitiativeClosed or InitiativeCreated or IndicatorMeasured;
}
