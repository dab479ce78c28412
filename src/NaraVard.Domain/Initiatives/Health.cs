using NaraVard.Domain.Obstacles;

namespace NaraVard.Domain.Initiatives;

/// <summary>
/// Where an initiative honestly stands: what leadership sees as its traffic light. The reported status is what
/// the organisation says; the health also weighs what the county knows about it (an obstacle that blocks it, no
/// report for too long, a measurement point behind its path), so it never shows "on plan" over a known problem.
/// </summary>
public enum Health
{
    OnTrack = 1,
    AtRisk = 2,
    BehindPlan = 3,
    Paused = 4,
    Stale = 5,
    Blocked = 6,
    Done = 7,
    Stopped = 8,
}

/// <summary>The one rule for <see cref="Health"/>: every page, print, export, CLI answer and gRPC field uses it.</summary>
public static class HealthRule
{
    /// <summary>An open obstacle blocks what it names when it is high or critical, or escalated to a joint body (LGVO, SVO).</summary>
    public static bool Blocks(ObstacleStatus status, Severity severity, EscalationLevel escalation) =>
        status != ObstacleStatus.Resolved && (severity >= Severity.High || escalation >= EscalationLevel.Lgvo);

    public static bool Blocks(this ObstacleState obstacle) => Blocks(obstacle.Status, obstacle.Severity, obstacle.Escalation);

    /// <summary>
    /// Whether any of these obstacles blocks the initiative: the plain derivation over obstacle states, for the reads
    /// that hold states rather than a roll-up (the past, the watch stream's feed); the roll-up keeps it incrementally.
    /// </summary>
    /// <summary>The standing of an initiative with these measurement points (<see cref="Rollups.IndicatorCounts"/>).</summary>
    public static Health Standing(Phase phase, InitiativeStatus reported, bool blocked, Rollups.IndicatorCounts indicators) =>
        Standing(phase, reported, blocked, indicators.Measured > indicators.OnTrack, indicators.EffectStalled(phase));

    public static bool IsBlockedBy(string initiativeId, IEnumerable<ObstacleState> obstacles) =>
        obstacles.Any(o => o.Blocks() && o.BlockedInitiatives.Contains(initiativeId));

    /// <summary>
    /// The health that does not depend on the clock. In order: done and stopped (finished: nothing to act on);
    /// blocked; paused; behind plan (reported late, or a measurement point behind the line to its target); at risk
    /// (reported so, or in implementation with effects that have not moved in a year: never green over that); on
    /// plan. Staleness is added at the moment of reading (<see cref="At"/>).
    /// </summary>
    public static Health Standing(Phase phase, InitiativeStatus reported, bool blocked, bool behindPath, bool effectStalled = false) => phase switch
    {
        Phase.Genomford => Health.Done,
        Phase.Stoppad => Health.Stopped,
        _ when blocked => Health.Blocked,
        Phase.Pausad => Health.Paused,
        _ when reported == InitiativeStatus.OffTrack || behindPath => Health.BehindPlan,
        _ when reported == InitiativeStatus.AtRisk || effectStalled => Health.AtRisk,
        _ => Health.OnTrack,
    };

    /// <summary>Whether a standing turns stale when nobody reports: all but finished and blocked (blocked says more).</summary>
    public static bool CanGoStale(this Health standing) => standing is Health.OnTrack or Health.AtRisk or Health.BehindPlan or Health.Paused;

    /// <summary>The health at <paramref name="now"/>: the standing, or stale when no report came within the roadmap's limit.</summary>
    public static Health At(Health standing, DateTimeOffset lastReportAt, DateTimeOffset now, TimeSpan staleAfter) =>
        Of(standing, now - lastReportAt > staleAfter);

    /// <summary>The health of a standing whose staleness is known: stale wins over every standing that can go stale.</summary>
    public static Health Of(Health standing, bool stale) => stale && standing.CanGoStale() ? Health.Stale : standing;

    /// <summary>How much it asks of leadership: a group (a matrix cell, an organisation) shows its worst.</summary>
    public static int Urgency(this Health health) => health switch
    {
        Health.Blocked => 7,
        Health.Stale => 6,
        Health.BehindPlan => 5,
        Health.AtRisk => 4,
        Health.Paused => 3,
        Health.OnTrack => 2,
        Health.Stopped => 1,
        _ => 0,
    };

    /// <summary>Every health, most urgent first: the order of legends and counts.</summary>
    public static readonly IReadOnlyList<Health> ByUrgency = [.. Enum.GetValues<Health>().OrderByDescending(Urgency)];

    public static string Code(this Health health) => health switch
    {
        Health.OnTrack => "on-track",
        Health.AtRisk => "at-risk",
        Health.BehindPlan => "behind-plan",
        Health.Paused => "paused",
        Health.Stale => "stale",
        Health.Blocked => "blocked",
        Health.Done => "done",
        Health.Stopped => "stopped",
        _ => throw new ArgumentOutOfRangeException(nameof(health)),
    };
}
