using NaraVard.Domain.FollowUp;
using NaraVard.Domain.Initiatives;
using NaraVard.Domain.Obstacles;
using NaraVard.Testing;

namespace NaraVard.Domain.Tests;

/// <summary>The change report of a scripted quarter, against what a secretary would write by hand.</summary>
public sealed class ChangeReportTests
{
    private static readonly Actor Linkoping = new("Linköping", "0580", "editor", "token:lkpg");
    private static readonly Actor Motala = new("Motala", "0583", "editor", "token:mtl");
    private static readonly Actor Norrkoping = new("Norrköping", "0581", "editor", "token:nkpg");
    private static readonly Actor Planner = new("Planerare", "05", "planner", "token:plan");

    private static DateTimeOffset Day(int month, int day) => new(2026, month, day, 10, 0, 0, TimeSpan.Zero);

    private static readonly object[] Script =
    [
        new InitiativeCreated { InitiativeId = "i-a", By = Linkoping, At = Day(1, 10), Title = "Kommunal primärvård", OwnerCode = "0580", Scope = InitiativeScope.Municipal, RoadmapItem = "K01" },
        new ProgressReported { InitiativeId = "i-a", By = Linkoping, At = Day(1, 11), ProgressPercent = 20, Status = InitiativeStatus.OnTrack, Comment = "" },
        new InitiativeCreated { InitiativeId = "i-b", By = Motala, At = Day(1, 20), Title = "Trygg hemgång", OwnerCode = "0583", Scope = InitiativeScope.Municipal, RoadmapItem = "K02" },
        new ObstacleFlagged { ObstacleId = "o-1", By = Planner, At = Day(2, 1), Category = "styrning", Severity = Severity.High, Title = "Oklart mandat", BlockedInitiatives = ["i-a"] },

        // The period: after 10 February, up to 10 March.
        new PhaseAdvanced { InitiativeId = "i-a", By = Linkoping, At = Day(2, 15), From = Phase.Planering, To = Phase.Strategi, Comment = "" },
        new ProgressReported { InitiativeId = "i-a", By = Linkoping, At = Day(2, 15).AddHours(1), ProgressPercent = 40, Status = InitiativeStatus.AtRisk, Comment = "Rekrytering pågår" },
        new InitiativeCreated { InitiativeId = "i-c", By = Norrkoping, At = Day(2, 20), Title = "Mobila team", OwnerCode = "0581", Scope = InitiativeScope.Municipal, RoadmapItem = "K03" },
        new ObstacleEscalated { ObstacleId = "o-1", By = Planner, At = Day(3, 1), To = EscalationLevel.Lgvo, Note = "LGVO ombeds klargöra mandatet" },
        new InitiativePaused { InitiativeId = "i-c", By = Norrkoping, At = Day(3, 5), Reason = "Omorganisation" },

        // After the period.
        new ProgressReported { InitiativeId = "i-b", By = Motala, At = Day(3, 15), ProgressPercent = 10, Status = InitiativeStatus.OnTrack, Comment = "" },
    ];

    private static ChangeReport Report(DateTimeOffset from, DateTimeOffset to) =>
        ChangeReport.Build(Script.Select((e, i) => ((long)i + 1, e)), from, to, TestRoadmap.Ostergotland);

    private static IEnumerable<string> AllBut(params string[] codes) =>
        TestRoadmap.Ostergotland.Organizations.Select(o => o.Code).Where(c => !codes.Contains(c));

    [Fact]
    public void ScriptedPeriod_SaysWhatMovedWhatWentStaleAndWhoDidNotReport()
    {
        var report = Report(new DateTimeOffset(2026, 2, 10, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 3, 10, 0, 0, 0, TimeSpan.Zero));

        Assert.Equal(
            [
                new InitiativeChange("i-a", "Kommunal primärvård", "0580", ["0580"], "K01", New: false, Phase.Planering, Phase.Strategi, 20, 40, InitiativeStatus.OnTrack, InitiativeStatus.AtRisk, Reports: 2, WentStale: false) { Comment = "Rekrytering pågår", HealthTo = Health.Blocked },
                new InitiativeChange("i-b", "Trygg hemgång", "0583", ["0583"], "K02", New: false, Phase.Planering, Phase.Planering, 0, 0, InitiativeStatus.OnTrack, InitiativeStatus.OnTrack, Reports: 0, WentStale: true) { HealthTo = Health.Stale },
                new InitiativeChange("i-c", "Mobila team", "0581", ["0581"], "K03", New: true, null, Phase.Pausad, 0, 0, null, InitiativeStatus.OnTrack, Reports: 1, WentStale: false) { HealthTo = Health.Paused },
            ],
            report.Initiatives,
            ChangeComparer.Instance);
        Assert.True(report.Initiatives[2].Paused);
        Assert.False(report.Initiatives[0].Closed);
        var obstacle = Assert.Single(report.Obstacles);
        Assert.Equal(("o-1", false, (EscalationLevel?)EscalationLevel.Lgvo, false, "0580"), (obstacle.Id, obstacle.Flagged, obstacle.EscalatedTo, obstacle.Resolved, string.Join(",", obstacle.AffectedOrganizations)));
        Assert.Equal(new ObstacleNote(Day(3, 1), "Planerare", EscalationLevel.Lgvo, null, "LGVO ombeds klargöra mandatet"), Assert.Single(obstacle.Notes));
        Assert.Equal((ObstacleStatus.Open, EscalationLevel.Lgvo), (obstacle.Status, obstacle.Escalation));
        Assert.Equal(AllBut("0580", "0581"), report.SilentOrganizations);
        Assert.Equal(9, report.Position);
    }

    [Fact]
    public void EmptyPeriod_HasNoChangesAndEveryOrganisationSilent()
    {
        var report = Report(Day(3, 10), Day(3, 10));

        Assert.Empty(report.Initiatives);
        Assert.Empty(report.Obstacles);
        Assert.Equal(AllBut(), report.SilentOrganizations);
    }

    [Fact]
    public void PeriodStartingBeforeTheFirstEvent_ShowsEverythingAsNew()
    {
        var report = Report(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero), Day(1, 15));

        var only = Assert.Single(report.Initiatives);
        Assert.Equal(new InitiativeChange("i-a", "Kommunal primärvård", "0580", ["0580"], "K01", New: true, null, Phase.Planering, 0, 20, null, InitiativeStatus.OnTrack, Reports: 2, WentStale: false), only, ChangeComparer.Instance);
        Assert.Empty(report.Obstacles);
        Assert.Equal(AllBut("0580"), report.SilentOrganizations);
    }

    [Fact]
    public void IndicatorMeasuredInThePeriod_IsAMoveFromItsLastValueBefore()
    {
        object[] log =
        [
            .. Script,
            new IndicatorAdded { InitiativeId = "i-a", By = Linkoping, At = Day(1, 12), IndicatorId = "k1", Name = "Väntetid", Unit = "dagar", Level = EffectLevel.Individual, Baseline = 20, BaselineDate = new DateOnly(2026, 1, 1), Target = 10, TargetDate = new DateOnly(2026, 12, 31) },
            new IndicatorMeasured { InitiativeId = "i-a", By = Linkoping, At = Day(1, 30), IndicatorId = "k1", Value = 19, MeasuredOn = new DateOnly(2026, 1, 30) },
            new IndicatorMeasured { InitiativeId = "i-a", By = Linkoping, At = Day(3, 2), IndicatorId = "k1", Value = 17, MeasuredOn = new DateOnly(2026, 3, 2) },
        ];

        // The log in the order it was written, which is the order of time.
        var ordered = log.OrderBy(e => e switch { InitiativeEvent i => i.At, ObstacleEvent o => o.At, _ => default });
        var report = ChangeReport.Build(ordered.Select((e, i) => ((long)i + 1, e)), new DateTimeOffset(2026, 2, 10, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 3, 10, 0, 0, 0, TimeSpan.Zero), TestRoadmap.Ostergotland);

        var move = Assert.Single(report.Initiatives.Single(c => c.Id == "i-a").IndicatorMoves);
        Assert.Equal(new IndicatorMove("k1", "Väntetid", "dagar", 19, 17, true), move);
    }

    /// <summary>Records holding arrays compare them by reference; a report is compared by content.</summary>
    private sealed class ChangeComparer : IEqualityComparer<InitiativeChange>
    {
        public static readonly ChangeComparer Instance = new();

        public bool Equals(InitiativeChange? x, InitiativeChange? y) =>
            x is not null && y is not null && x.Organizations.SequenceEqual(y.Organizations) && x.IndicatorMoves.SequenceEqual(y.IndicatorMoves)
            && x with { Organizations = [], IndicatorMoves = [] } == y with { Organizations = [], IndicatorMoves = [] };

        public int GetHashCode(InitiativeChange obj) => obj.Id.GetHashCode(StringComparison.Ordinal);
    }
}
