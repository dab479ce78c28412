using System.Collections.Immutable;

namespace NaraVard.Domain.Initiatives;

public sealed record Milestone(string Id, string Title, DateOnly? Due, DateTimeOffset? CompletedAt);

/// <summary>An initiative as the fold of its events. Immutable: <see cref="Apply"/> returns a new state.</summary>
public sealed record InitiativeState
{
    public static readonly InitiativeState Initial = new();

    public string Id { get; init; } = "";

    /// <summary>Number of events applied; 0 means the initiative does not exist.</summary>
    public long Version { get; init; }

    public bool Exists => Version > 0;

    public string Title { get; init; } = "";

    public string Description { get; init; } = "";

    public string OwnerCode { get; init; } = "";

    public InitiativeScope Scope { get; init; }

    /// <summary>Organisations that accepted taking part: the initiative counts in their figures.</summary>
    public ImmutableArray<string> Participants { get; init; } = [];

    /// <summary>Organisations invited that have not accepted yet: the initiative does not count for them.</summary>
    public ImmutableArray<string> Invited { get; init; } = [];

    public string RoadmapItem { get; init; } = "";

    public ImmutableArray<string> GoalAreas { get; init; } = [];

    public ImmutableArray<Effect> Effects { get; init; } = [];

    public string Responsible { get; init; } = "";

    public DateOnly? StartDate { get; init; }

    public DateOnly? TargetDate { get; init; }

    public Budget? Budget { get; init; }

    /// <summary>Its priority in the action plan; null until someone ranks it.</summary>
    public Priority? Priority { get; init; }

    public Phase Phase { get; init; } = Phase.Planering;

    /// <summary>The phase to return to when a paused initiative resumes.</summary>
    public Phase? PhaseBeforePause { get; init; }

    public int ProgressPercent { get; init; }

    public InitiativeStatus Status { get; init; } = InitiativeStatus.OnTrack;

    public string LastComment { get; init; } = "";

    public ImmutableArray<Milestone> Milestones { get; init; } = [];

    /// <summary>Measurement points (mätpunkter) with their measured values.</summary>
    public ImmutableArray<Indicator> Indicators { get; init; } = [];

    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Time of the last status report (or of creation): how fresh the status is.</summary>
    public DateTimeOffset LastReportAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    public string? ClosedReason { get; init; }

    /// <summary>Stale: still on the road but nobody has reported for longer than the roadmap allows.</summary>
    public bool IsStale(DateTimeOffset now, TimeSpan staleAfter) => !Phase.IsTerminal() && now - LastReportAt > staleAfter;

    /// <summary>Its health (<see cref="HealthRule"/>), given what only the county knows: whether an obstacle blocks it, and whether it is stale now.</summary>
    public Health HealthWith(bool blocked, bool stale) =>
        HealthRule.Of(HealthRule.Standing(Phase, Status, blocked, Rollups.IndicatorCounts.Of(Indicators)), stale);

    /// <summary>In implementation with no effect moving toward its target in a year (<see cref="Rollups.IndicatorCounts.EffectStalled"/>).</summary>
    public bool EffectStalled => Rollups.IndicatorCounts.Of(Indicators).EffectStalled(Phase);

    /// <summary>The owner and every participant: the organisations whose figures this initiative counts in.</summary>
    public IEnumerable<string> Organizations => OrganizationsOf(OwnerCode, Participants);

    /// <summary>
    /// The owner and every participant, once each: the one rule, for states and summaries alike. Most
    /// initiatives have one owner and no participants, and the roll-ups ask on every change and for every
    /// initiative of a restored snapshot, so that case builds no set.
    /// </summary>
    public static IEnumerable<string> OrganizationsOf(string ownerCode, ImmutableArray<string> participants) =>
        participants.IsDefaultOrEmpty ? [ownerCode] : participants.Prepend(ownerCode).Distinct();

    public InitiativeState Apply(InitiativeEvent e)
    {
        var next = this with { Version = Version + 1, UpdatedAt = e.At };
        return e switch
        {
            InitiativeCreated c => next with
            {
                Id = c.InitiativeId,
                Title = c.Title,
                Description = c.Description,
                OwnerCode = c.OwnerCode,
                Scope = c.Scope,
                Participants = [.. c.Participants],
                Invited = [.. c.Invited],
                RoadmapItem = c.RoadmapItem,
                GoalAreas = [.. c.GoalAreas],
                Effects = [.. c.Effects],
                Responsible = c.Responsible,
                StartDate = c.StartDate,
                TargetDate = c.TargetDate,
                Budget = c.Budget,
                Priority = c.Priority,
                Phase = Phase.Planering,
                CreatedAt = c.At,
                LastReportAt = c.At,
            },
            ProgressReported p => next with
            {
                ProgressPercent = p.ProgressPercent,
                Status = p.Status,
                LastComment = p.Comment,
                LastReportAt = p.At,
            },
            PhaseAdvanced a => next with { Phase = a.To, LastReportAt = a.At },
            InitiativePaused => next with { PhaseBeforePause = Phase, Phase = Phase.Pausad },
            InitiativeResumed r => next with { Phase = r.To, PhaseBeforePause = null, LastReportAt = r.At },
            MilestoneAdded m => next with { Milestones = Milestones.Add(new Milestone(m.MilestoneId, m.Title, m.Due, null)) },
            MilestoneCompleted m => next with
            {
                Milestones = Milestones.Select(x => x.Id == m.MilestoneId ? x with { CompletedAt = m.At } : x).ToImmutableArray(),
                LastReportAt = m.At,
            },
            ParticipantsSet s => next with { Participants = [.. s.Participants], Invited = [.. s.Invited] },
            ParticipationAccepted a => next with { Participants = Sorted(Participants.Add(a.OrganizationCode)), Invited = Invited.Remove(a.OrganizationCode) },
            ParticipantLeft l => next with { Participants = Participants.Remove(l.OrganizationCode), Invited = Invited.Remove(l.OrganizationCode) },
            IndicatorAdded i => next with { Indicators = Indicators.Add(new Indicator(i.IndicatorId, i.Name, i.Unit, i.Level, i.Baseline, i.BaselineDate, i.Target, i.TargetDate, []) { Kolada = i.Kolada }) },
            IndicatorMeasured m => next with
            {
                Indicators = Indicators.Select(x => x.Id == m.IndicatorId ? x with { Values = x.Values.Add(new Measurement(m.MeasuredOn, m.Value, m.Comment, m.At) { FromKolada = m.FromKolada, Revises = m.Revises }) } : x).ToImmutableArray(),
            },
            PlanRevised r => next with
            {
                Description = r.Description ?? Description,
                Responsible = r.Responsible ?? Responsible,
                StartDate = r.StartDate ?? StartDate,
                TargetDate = r.TargetDate ?? TargetDate,
                GoalAreas = r.GoalAreas is { } areas ? [.. areas] : GoalAreas,
                Budget = r.Budget ?? Budget,
                Priority = r.Priority ?? Priority,
            },
            InitiativeClosed c => next with
            {
                Phase = c.Outcome,
                ClosedReason = c.Reason,
                ProgressPercent = c.Outcome == Phase.Genomford ? 100 : ProgressPercent,
                LastReportAt = c.At,
            },
            _ => throw new InvalidOperationException($"Unknown initiative event {e.GetType().Name}."),
        };
    }

    private static ImmutableArray<string> Sorted(ImmutableArray<string> codes) => [.. codes.Distinct().Order(StringComparer.Ordinal)];

    public static InitiativeState Fold(IEnumerable<InitiativeEvent> events) => events.Aggregate(Initial, (s, e) => s.Apply(e));
}
