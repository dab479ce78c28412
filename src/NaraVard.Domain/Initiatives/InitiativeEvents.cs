using System.Text.Json.Serialization;

namespace NaraVard.Domain.Initiatives;

/// <summary>Everything that ever happened to one initiative, in its own stream. Events are facts: never changed, never deleted.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "$type")]
[JsonDerivedType(typeof(InitiativeCreated), nameof(InitiativeCreated))]
[JsonDerivedType(typeof(ProgressReported), nameof(ProgressReported))]
[JsonDerivedType(typeof(PhaseAdvanced), nameof(PhaseAdvanced))]
[JsonDerivedType(typeof(InitiativePaused), nameof(InitiativePaused))]
[JsonDerivedType(typeof(InitiativeResumed), nameof(InitiativeResumed))]
[JsonDerivedType(typeof(MilestoneAdded), nameof(MilestoneAdded))]
[JsonDerivedType(typeof(MilestoneCompleted), nameof(MilestoneCompleted))]
[JsonDerivedType(typeof(ParticipantsSet), nameof(ParticipantsSet))]
[JsonDerivedType(typeof(ParticipationAccepted), nameof(ParticipationAccepted))]
[JsonDerivedType(typeof(ParticipantLeft), nameof(ParticipantLeft))]
[JsonDerivedType(typeof(IndicatorAdded), nameof(IndicatorAdded))]
[JsonDerivedType(typeof(IndicatorMeasured), nameof(IndicatorMeasured))]
[JsonDerivedType(typeof(PlanRevised), nameof(PlanRevised))]
[JsonDerivedType(typeof(InitiativeClosed), nameof(InitiativeClosed))]
public abstract record InitiativeEvent
{
    public required string InitiativeId { get; init; }

    /// <summary>Who caused the event.</summary>
    public required Actor By { get; init; }

    /// <summary>When it happened (server time).</summary>
    public required DateTimeOffset At { get; init; }

    /// <summary>The client's request id, so a retried request is recognised and the history shows its origin.</summary>
    public string? RequestId { get; init; }

    /// <summary>A fingerprint of the request's content: the same request id with other content is refused.</summary>
    public string? RequestHash { get; init; }
}

public sealed record Effect(EffectLevel Level, string Description);

public sealed record Budget(decimal OwnCost, decimal CoFinancing, string? CoFinancedBy)
{
    public decimal Total => OwnCost + CoFinancing;
}

public sealed record InitiativeCreated : InitiativeEvent
{
    public required string Title { get; init; }

    public string Description { get; init; } = "";

    public required string OwnerCode { get; init; }

    public required InitiativeScope Scope { get; init; }

    /// <summary>Participants that count in figures: only on events recorded before participation had to be accepted.</summary>
    public IReadOnlyList<string> Participants { get; init; } = [];

    /// <summary>Organisations invited to take part; each counts once an editor or planner of it accepts.</summary>
    public IReadOnlyList<string> Invited { get; init; } = [];

    public required string RoadmapItem { get; init; }

    public IReadOnlyList<string> GoalAreas { get; init; } = [];

    public IReadOnlyList<Effect> Effects { get; init; } = [];

    public string Responsible { get; init; } = "";

    public DateOnly? StartDate { get; init; }

    public DateOnly? TargetDate { get; init; }

    public Budget? Budget { get; init; }

    public Priority? Priority { get; init; }
}

public sealed record ProgressReported : InitiativeEvent
{
    public required int ProgressPercent { get; init; }

    public required InitiativeStatus Status { get; init; }

    public string Comment { get; init; } = "";
}

public sealed record PhaseAdvanced : InitiativeEvent
{
    public required Phase From { get; init; }

    public required Phase To { get; init; }

    public string Comment { get; init; } = "";
}

public sealed record InitiativePaused : InitiativeEvent
{
    public required string Reason { get; init; }
}

public sealed record InitiativeResumed : InitiativeEvent
{
    public required Phase To { get; init; }
}

public sealed record MilestoneAdded : InitiativeEvent
{
    public required string MilestoneId { get; init; }

    public required string Title { get; init; }

    public DateOnly? Due { get; init; }
}

public sealed record MilestoneCompleted : InitiativeEvent
{
    public required string MilestoneId { get; init; }
}

/// <summary>The owner changed who takes part: those kept who had accepted, the rest invited.</summary>
public sealed record ParticipantsSet : InitiativeEvent
{
    public required IReadOnlyList<string> Participants { get; init; }

    public IReadOnlyList<string> Invited { get; init; } = [];
}

/// <summary>An invited organisation agreed to take part: from now the initiative counts in its figures.</summary>
public sealed record ParticipationAccepted : InitiativeEvent
{
    public required string OrganizationCode { get; init; }
}

/// <summary>A participant left, or an invited organisation declined.</summary>
public sealed record ParticipantLeft : InitiativeEvent
{
    public required string OrganizationCode { get; init; }

    /// <summary>True when it had never accepted (the invitation was declined).</summary>
    public bool Declined { get; init; }
}

/// <summary>The plan was revised: the details given replace the earlier ones (null: unchanged), with the reason.</summary>
public sealed record PlanRevised : InitiativeEvent
{
    public required string Reason { get; init; }

    public string? Description { get; init; }

    public string? Responsible { get; init; }

    public DateOnly? StartDate { get; init; }

    public DateOnly? TargetDate { get; init; }

    public IReadOnlyList<string>? GoalAreas { get; init; }

    public Budget? Budget { get; init; }

    public Priority? Priority { get; init; }
}

public sealed record InitiativeClosed : InitiativeEvent
{
    /// <summary>Genomford (done) or Stoppad (stopped).</summary>
    public required Phase Outcome { get; init; }

    public required string Reason { get; init; }
}

/// <summary>A measurement point was added to the initiative's plan.</summary>
public sealed record IndicatorAdded : InitiativeEvent
{
    public required string IndicatorId { get; init; }

    public required string Name { get; init; }

    public required string Unit { get; init; }

    public required EffectLevel Level { get; init; }

    public required decimal Baseline { get; init; }

    public required DateOnly BaselineDate { get; init; }

    public required decimal Target { get; init; }

    public required DateOnly TargetDate { get; init; }

    /// <summary>The Kolada KPI its values come from; null for a local measurement point.</summary>
    public KoladaSource? Kolada { get; init; }
}

/// <summary>A value of a measurement point was measured.</summary>
public sealed record IndicatorMeasured : InitiativeEvent
{
    public required string IndicatorId { get; init; }

    public required decimal Value { get; init; }

    public required DateOnly MeasuredOn { get; init; }

    public string Comment { get; init; } = "";

    /// <summary>Read from Kolada by the sync (at <see cref="InitiativeEvent.At"/>), not typed in.</summary>
    public bool FromKolada { get; init; }

    /// <summary>The value Kolada published for the same year before, when this one revises it.</summary>
    public decimal? Revises { get; init; }
}
