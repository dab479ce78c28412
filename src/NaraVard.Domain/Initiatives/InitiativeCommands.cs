namespace NaraVard.Domain.Initiatives;

/// <summary>Something a municipality or the region asks an initiative to do. The decider accepts or rejects it.</summary>
public abstract record InitiativeCommand
{
    public required Actor By { get; init; }

    public string? RequestId { get; init; }
}

public sealed record CreateInitiative : InitiativeCommand
{
    public required string Title { get; init; }

    public string Description { get; init; } = "";

    public required string OwnerCode { get; init; }

    public required InitiativeScope Scope { get; init; }

    public IReadOnlyList<string> Participants { get; init; } = [];

    public required string RoadmapItem { get; init; }

    public IReadOnlyList<string> GoalAreas { get; init; } = [];

    public IReadOnlyList<Effect> Effects { get; init; } = [];

    public string Responsible { get; init; } = "";

    public DateOnly? StartDate { get; init; }

    public DateOnly? TargetDate { get; init; }

    public Budget? Budget { get; init; }

    /// <summary>Its priority in the action plan; none until someone ranks it.</summary>
    public Priority? Priority { get; init; }
}

public sealed record ReportProgress : InitiativeCommand
{
    public required int ProgressPercent { get; init; }

    public required InitiativeStatus Status { get; init; }

    public string Comment { get; init; } = "";
}

public sealed record AdvancePhase : InitiativeCommand
{
    public required Phase To { get; init; }

    public string Comment { get; init; } = "";
}

public sealed record PauseInitiative : InitiativeCommand
{
    public required string Reason { get; init; }
}

public sealed record ResumeInitiative : InitiativeCommand;

public sealed record AddMilestone : InitiativeCommand
{
    public required string Title { get; init; }

    public DateOnly? Due { get; init; }
}

public sealed record CompleteMilestone : InitiativeCommand
{
    public required string MilestoneId { get; init; }
}

public sealed record SetParticipants : InitiativeCommand
{
    public required IReadOnlyList<string> Participants { get; init; }
}

/// <summary>An invited organisation accepts taking part in a joint initiative.</summary>
public sealed record AcceptParticipation : InitiativeCommand
{
    public required string OrganizationCode { get; init; }
}

/// <summary>A participant leaves a joint initiative, or an invited organisation declines.</summary>
public sealed record LeaveInitiative : InitiativeCommand
{
    public required string OrganizationCode { get; init; }
}

/// <summary>
/// A revision of the plan (the yearly one, or any): new details in force from now on, the earlier ones kept in
/// the history and in answers as of earlier moments. A value left null keeps what the plan says.
/// </summary>
public sealed record RevisePlan : InitiativeCommand
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

public sealed record CloseInitiative : InitiativeCommand
{
    /// <summary>Genomford (done) or Stoppad (stopped).</summary>
    public required Phase Outcome { get; init; }

    public required string Reason { get; init; }
}

/// <summary>Adds a measurement point: from a baseline (measured on a day, today by default) to a target by a date.</summary>
public sealed record AddIndicator : InitiativeCommand
{
    public required string Name { get; init; }

    public required string Unit { get; init; }

    public required EffectLevel Level { get; init; }

    public required decimal Baseline { get; init; }

    public DateOnly? BaselineDate { get; init; }

    public required decimal Target { get; init; }

    public required DateOnly TargetDate { get; init; }

    /// <summary>A Kolada KPI id whose yearly values the sync records (<see cref="KoladaSource"/>); none for a local measurement point.</summary>
    public string? KoladaKpi { get; init; }

    /// <summary>Kolada's code for whose values: the owner's by default.</summary>
    public string? KoladaMunicipality { get; init; }
}

/// <summary>
/// Records what Kolada publishes for measurement points linked to it: sent only by NaraVard's sync. A year
/// already kept with the same value records nothing; a different value is a revision, kept beside the first.
/// </summary>
public sealed record RecordKoladaValues : InitiativeCommand
{
    public required System.Collections.Immutable.ImmutableArray<KoladaReading> Readings { get; init; }
}

/// <summary>Records a measured value of an indicator.</summary>
public sealed record RecordIndicatorValue : InitiativeCommand
{
    public required string IndicatorId { get; init; }

    public required decimal Value { get; init; }

    public DateOnly? MeasuredOn { get; init; }

    public string Comment { get; init; } = "";
}
