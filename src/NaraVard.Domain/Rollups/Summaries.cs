using System.Collections.Immutable;
using NaraVard.Domain.Initiatives;
using NaraVard.Domain.Obstacles;

namespace NaraVard.Domain.Rollups;

/// <summary>What the roll-ups need of one initiative: sent by the initiative grain after every change.</summary>
public sealed record InitiativeSummary(
    string Id,
    string Title,
    string OwnerCode,
    ImmutableArray<string> Participants,
    InitiativeScope Scope,
    string RoadmapItem,
    Phase Phase,
    InitiativeStatus Status,
    int ProgressPercent,
    ImmutableArray<string> GoalAreas,
    DateTimeOffset LastReportAt,
    long Version)
{
    /// <summary>Its measurement points, counted.</summary>
    public IndicatorCounts Indicators { get; init; } = IndicatorCounts.None;

    /// <summary>Its priority in the action plan, who answers for it and by when: what every list shows and sorts by.</summary>
    public Priority? Priority { get; init; }

    public string Responsible { get; init; } = "";

    public DateOnly? TargetDate { get; init; }

    /// <summary>Invited organisations that have not accepted: shown to them, not counted for them.</summary>
    public ImmutableArray<string> Invited { get; init; } = [];

    /// <summary>Whether an obstacle blocks it (<see cref="HealthRule.Blocks"/>): derived by the roll-up that holds it, from the obstacles it holds.</summary>
    public bool Blocked { get; init; }

    public IEnumerable<string> Organizations => InitiativeState.OrganizationsOf(OwnerCode, Participants);

    /// <summary>Its health apart from the clock (<see cref="HealthRule.Standing"/>).</summary>
    public Health Standing => HealthRule.Standing(Phase, Status, Blocked, Indicators);

    /// <summary>In implementation with no effect moving toward its target in a year (<see cref="IndicatorCounts.EffectStalled"/>).</summary>
    public bool EffectStalled => Indicators.EffectStalled(Phase);

    /// <summary>Its health at <paramref name="now"/>: what every page, print, export and answer shows.</summary>
    public Health HealthAt(DateTimeOffset now, TimeSpan staleAfter) => HealthRule.Of(Standing, IsStale(now, staleAfter));

    public bool CountsForStaleness => !Phase.IsTerminal();

    public bool IsStale(DateTimeOffset now, TimeSpan staleAfter) => CountsForStaleness && now - LastReportAt > staleAfter;

    public static InitiativeSummary From(InitiativeState s) => new(
        s.Id, s.Title, s.OwnerCode, s.Participants, s.Scope, s.RoadmapItem, s.Phase, s.Status, s.ProgressPercent, s.GoalAreas, s.LastReportAt, s.Version)
    {
        Invited = s.Invited,
        Indicators = IndicatorCounts.Of(s.Indicators),
        Priority = s.Priority,
        Responsible = s.Responsible,
        TargetDate = s.TargetDate,
    };
}

/// <summary>What the roll-ups need of one obstacle.</summary>
/// <param name="AffectedOrganizations">Organisations it blocks, by <see cref="Obstacles.ObstacleReach"/>: named, or owner or participant of a blocked initiative.</param>
public sealed record ObstacleSummary(
    string Id,
    string Title,
    string Category,
    Severity Severity,
    ObstacleStatus Status,
    EscalationLevel Escalation,
    ImmutableArray<string> BlockedInitiatives,
    ImmutableArray<string> AffectedOrganizations,
    DateTimeOffset RaisedAt,
    long Version)
{
    /// <summary>The organisations the obstacle names itself (the rest of its reach comes from the initiatives it blocks).</summary>
    public ImmutableArray<string> NamedOrganizations { get; init; } = [];

    /// <summary>Who carries it forward and when the next step is due: the register's "Nästa steg".</summary>
    public string Owner { get; init; } = "";

    public string NextStep { get; init; } = "";

    public DateOnly? NextStepDue { get; init; }

    public bool IsOpen => Status != ObstacleStatus.Resolved;

    /// <summary>The summary a roll-up takes: it derives whom the obstacle reaches itself (<see cref="Rollup.Apply(ObstacleSummary)"/>).</summary>
    public static ObstacleSummary From(ObstacleState s) => From(s, []);

    public static ObstacleSummary From(ObstacleState s, IEnumerable<string> affectedOrganizations) => new(
        s.Id, s.Title, s.Category, s.Severity, s.Status, s.Escalation, s.BlockedInitiatives,
        [.. affectedOrganizations.Distinct().Order(StringComparer.Ordinal)], s.RaisedAt, s.Version)
    {
        NamedOrganizations = s.BlockedOrganizations,
        Owner = s.Owner,
        NextStep = s.NextStep,
        NextStepDue = s.NextStepDue,
    };
}
