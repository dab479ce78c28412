using NaraVard.Domain.Initiatives;
using NaraVard.Domain.Obstacles;
using NaraVard.Domain.Rollups;
using NaraVard.Testing;

namespace NaraVard.Domain.Tests;

/// <summary>The honest status: one rule, and the roll-up that counts it as obstacles and reports change.</summary>
public sealed class HealthTests
{
    private static readonly DateTimeOffset Now = new(2026, 10, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan StaleAfter = TimeSpan.FromDays(45);

    [Theory]
    [InlineData(Severity.Low, EscalationLevel.Organization, ObstacleStatus.Open, false)]
    [InlineData(Severity.Medium, EscalationLevel.Organization, ObstacleStatus.Acknowledged, false)]
    [InlineData(Severity.High, EscalationLevel.Organization, ObstacleStatus.Open, true)]
    [InlineData(Severity.Critical, EscalationLevel.Organization, ObstacleStatus.Mitigating, true)]
    [InlineData(Severity.Low, EscalationLevel.Lgvo, ObstacleStatus.Open, true)]
    [InlineData(Severity.Medium, EscalationLevel.Svo, ObstacleStatus.Accepted, true)]
    [InlineData(Severity.Critical, EscalationLevel.Svo, ObstacleStatus.Resolved, false)]
    public void Blocks_ByStatusSeverityAndEscalation_OnlyOpenHighOrEscalated(Severity severity, EscalationLevel escalation, ObstacleStatus status, bool blocks) =>
        Assert.Equal(blocks, HealthRule.Blocks(status, severity, escalation));

    [Theory]
    [InlineData(Phase.Genomforande, InitiativeStatus.OnTrack, false, false, 10, Health.OnTrack)]
    [InlineData(Phase.Genomforande, InitiativeStatus.OnTrack, true, false, 10, Health.Blocked)]
    [InlineData(Phase.Genomforande, InitiativeStatus.OnTrack, true, false, 100, Health.Blocked)]
    [InlineData(Phase.Genomforande, InitiativeStatus.OnTrack, false, false, 100, Health.Stale)]
    [InlineData(Phase.Strategi, InitiativeStatus.OffTrack, false, false, 100, Health.Stale)]
    [InlineData(Phase.Strategi, InitiativeStatus.OnTrack, false, true, 10, Health.BehindPlan)]
    [InlineData(Phase.Strategi, InitiativeStatus.OffTrack, false, false, 10, Health.BehindPlan)]
    [InlineData(Phase.Planering, InitiativeStatus.AtRisk, false, false, 10, Health.AtRisk)]
    [InlineData(Phase.Pausad, InitiativeStatus.OnTrack, false, false, 10, Health.Paused)]
    [InlineData(Phase.Pausad, InitiativeStatus.OnTrack, false, false, 100, Health.Stale)]
    [InlineData(Phase.Pausad, InitiativeStatus.OnTrack, true, false, 10, Health.Blocked)]
    [InlineData(Phase.Genomford, InitiativeStatus.OnTrack, true, false, 100, Health.Done)]
    [InlineData(Phase.Stoppad, InitiativeStatus.OffTrack, false, false, 100, Health.Stopped)]
    public void Health_OfEveryCombination_NeverOnTrackOverAKnownProblem(Phase phase, InitiativeStatus reported, bool blocked, bool behindPath, int daysSinceReport, Health expected)
    {
        var health = HealthRule.At(HealthRule.Standing(phase, reported, blocked, behindPath), Now.AddDays(-daysSinceReport), Now, StaleAfter);
        Assert.Equal(expected, health);
    }

    [Fact]
    public void Rollup_ObstacleRaisedEscalatedAndResolved_MovesTheInitiativeInAndOutOfBlocked()
    {
        var rollup = new Rollup(TestRoadmap.Ostergotland);
        rollup.Apply(Initiative("i-1", "0580", Now.AddDays(-1)));
        rollup.Apply(Initiative("i-2", "0580", Now.AddDays(-60)));
        Assert.Equal(1, Count(rollup, "0580", Health.OnTrack));
        Assert.Equal(1, Count(rollup, "0580", Health.Stale));

        // A medium obstacle at the organisation's own level does not block; escalated to SVO it does, stale or not.
        rollup.Apply(Obstacle("o-1", Severity.Medium, EscalationLevel.Organization, ObstacleStatus.Open, 1, "i-1", "i-2"));
        Assert.Empty(rollup.Blocked);
        rollup.Apply(Obstacle("o-1", Severity.Medium, EscalationLevel.Svo, ObstacleStatus.Open, 2, "i-1", "i-2"));
        Assert.Equal(["i-1", "i-2"], rollup.Blocked.Order(StringComparer.Ordinal));
        Assert.Equal(2, Count(rollup, "0580", Health.Blocked));
        Assert.Equal(0, Count(rollup, "0580", Health.OnTrack) + Count(rollup, "0580", Health.Stale));
        var cell = rollup.Overview(Now).Matrix.Single(c => c.RoadmapItem == "K01" && c.OrganizationCode == "0580");
        Assert.Equal(Health.Blocked, cell.Health);

        // A new report replaces the summary: the roll-up keeps it blocked, as its obstacle still is.
        rollup.Apply(Initiative("i-1", "0580", Now, version: 2));
        Assert.True(rollup.FindInitiative("i-1")!.Blocked);

        rollup.Apply(Obstacle("o-1", Severity.Medium, EscalationLevel.Svo, ObstacleStatus.Resolved, 3, "i-1", "i-2"));
        Assert.Empty(rollup.Blocked);
        Assert.Equal(1, Count(rollup, "0580", Health.OnTrack));
        Assert.Equal(1, Count(rollup, "0580", Health.Stale));
        Assert.Equal(Health.Stale, rollup.Overview(Now).Matrix.Single(c => c.RoadmapItem == "K01" && c.OrganizationCode == "0580").Health);
    }

    [Fact]
    public void Rollup_ObstacleFlaggedBeforeTheInitiativeArrives_BlocksItOnArrival()
    {
        var rollup = new Rollup(TestRoadmap.Ostergotland);
        rollup.Apply(Obstacle("o-1", Severity.High, EscalationLevel.Organization, ObstacleStatus.Open, 1, "i-1"));
        rollup.Apply(Initiative("i-1", "0581", Now));
        Assert.Equal(Health.Blocked, rollup.FindInitiative("i-1")!.HealthAt(Now, StaleAfter));
        Assert.Equal(1, rollup.Overview(Now).County.ByHealth[Health.Blocked]);
    }

    [Fact]
    public void Spread_ByHealth_AddsUpToTheInitiativesCounted()
    {
        var rollup = new Rollup(TestRoadmap.Ostergotland);
        rollup.Apply(Initiative("i-1", "0580", Now, status: InitiativeStatus.AtRisk));
        rollup.Apply(Initiative("i-2", "0580", Now.AddDays(-50), status: InitiativeStatus.OffTrack));
        rollup.Apply(Initiative("i-3", "0580", Now.AddDays(-50), phase: Phase.Genomford));
        rollup.Apply(Initiative("i-4", "0580", Now, phase: Phase.Pausad));
        var spread = rollup.Overview(Now).Organizations.Single(o => o.Code == "0580").Spread;
        Assert.Equal(spread.Total, spread.ByHealth.Values.Sum());
        Assert.Equal((1, 1, 1, 1), (spread.ByHealth[Health.AtRisk], spread.ByHealth[Health.Stale], spread.ByHealth[Health.Done], spread.ByHealth[Health.Paused]));
    }

    private static int Count(Rollup rollup, string org, Health health) =>
        rollup.Overview(Now).Organizations.Single(o => o.Code == org).Spread.ByHealth[health];

    private static InitiativeSummary Initiative(string id, string owner, DateTimeOffset lastReport, long version = 1, InitiativeStatus status = InitiativeStatus.OnTrack, Phase phase = Phase.Genomforande) =>
        new(id, id, owner, [], InitiativeScope.Municipal, "K01", phase, status, 50, [], lastReport, version);

    private static ObstacleSummary Obstacle(string id, Severity severity, EscalationLevel escalation, ObstacleStatus status, long version, params string[] blocks) =>
        new(id, id, "styrning", severity, status, escalation, [.. blocks], [], Now, version);
}
