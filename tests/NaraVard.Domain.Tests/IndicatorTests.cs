using NaraVard.Domain.Initiatives;
using NaraVard.Domain.Rollups;
using NaraVard.Testing;
using static NaraVard.Domain.Tests.Commands;

namespace NaraVard.Domain.Tests;

/// <summary>Measurement points: added with a baseline and a target, measured over time, on track or behind.</summary>
public sealed class IndicatorTests
{
    private static readonly DateTimeOffset Today = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

    private static AddIndicator Waiting() => new()
    {
        By = Linkoping,
        Name = "Väntetid till första hembesök",
        Unit = "dagar",
        Level = EffectLevel.Individual,
        Baseline = 20,
        BaselineDate = new DateOnly(2026, 1, 1),
        Target = 10,
        TargetDate = new DateOnly(2026, 12, 31),
    };

    private static InitiativeState Given(InitiativeState state, params InitiativeCommand[] commands) =>
        commands.Aggregate(state, (s, c) => InitiativeDecider.Decide("i-1", s, c, TestRoadmap.Ostergotland, Today).Aggregate(s, (x, e) => x.Apply(e)));

    private static InitiativeState Created() => Given(InitiativeState.Initial, Create());

    private static DomainException Rejected(InitiativeState state, InitiativeCommand command) =>
        Assert.Throws<DomainException>(() => InitiativeDecider.Decide("i-1", state, command, TestRoadmap.Ostergotland, Today));

    [Fact]
    public void Measured_AheadOfTheLineToAFallingTarget_IsOnTrack_AndBehindIsNot()
    {
        var state = Given(Created(), Waiting(), new RecordIndicatorValue { By = Linkoping, IndicatorId = "k1", Value = 18, MeasuredOn = new DateOnly(2026, 2, 15) });
        var behind = Given(state, new RecordIndicatorValue { By = Linkoping, IndicatorId = "k1", Value = 21, MeasuredOn = new DateOnly(2026, 3, 1) });

        var k1 = Assert.Single(state.Indicators);
        Assert.Equal(("k1", "dagar", 18m, true), (k1.Id, k1.Unit, k1.Latest!.Value, k1.OnTrack));
        Assert.False(Assert.Single(behind.Indicators).OnTrack);
        Assert.Equal(new IndicatorCounts(1, 1, 0), InitiativeSummary.From(behind).Indicators);
    }

    [Fact]
    public void Latest_TwoValuesOnOneDayAndAnEarlierDayRecordedAfter_IsTheOneMeasuredLastAndOfThoseRecordedLast()
    {
        var day = new DateOnly(2026, 2, 15);
        var state = Given(
            Created(),
            Waiting(),
            new RecordIndicatorValue { By = Linkoping, IndicatorId = "k1", Value = 17, MeasuredOn = day },
            new RecordIndicatorValue { By = Linkoping, IndicatorId = "k1", Value = 16, MeasuredOn = day },
            new RecordIndicatorValue { By = Linkoping, IndicatorId = "k1", Value = 19, MeasuredOn = day.AddDays(-10) });

        var latest = Assert.Single(state.Indicators).Latest!;
        Assert.Equal((16m, day), (latest.Value, latest.MeasuredOn));
    }

    [Fact]
    public void Indicator_NothingMeasured_IsNeitherOnTrackNorBehind()
    {
        var state = Given(Created(), Waiting());

        Assert.Null(Assert.Single(state.Indicators).OnTrack);
        Assert.Equal(new IndicatorCounts(1, 0, 0), InitiativeSummary.From(state).Indicators);
    }

    public static TheoryData<string, Func<AddIndicator, AddIndicator>> BadIndicators => new()
    {
        { "target_date", a => a with { TargetDate = new DateOnly(2025, 12, 1) } },
        { "target", a => a with { Target = 20 } },
        { "unit", a => a with { Unit = "dagar per invånare och år" } },
        { "name", a => a with { Name = "" } },
        { "baseline", a => a with { Baseline = 5_000_000_000_000m } },
        { "baseline_date", a => a with { BaselineDate = new DateOnly(2026, 6, 1) } },
        { "level", a => a with { Level = (EffectLevel)9 } },
    };

    [Theory]
    [MemberData(nameof(BadIndicators))]
    public void AddIndicator_BreakingARule_IsInvalidNamingTheField(string field, Func<AddIndicator, AddIndicator> change)
    {
        var error = Rejected(Created(), change(Waiting()));

        Assert.Equal((ErrorKind.InvalidArgument, field), (error.Kind, error.Field));
    }

    [Fact]
    public void RecordValue_BeforeTheBaselineOrOfAnUnknownIndicator_IsRefused()
    {
        var state = Given(Created(), Waiting());

        var early = Rejected(state, new RecordIndicatorValue { By = Linkoping, IndicatorId = "k1", Value = 19, MeasuredOn = new DateOnly(2025, 12, 31) });
        var unknown = Rejected(state, new RecordIndicatorValue { By = Linkoping, IndicatorId = "k9", Value = 19 });

        Assert.Equal((ErrorKind.InvalidArgument, "measured_on"), (early.Kind, early.Field));
        Assert.Equal(ErrorKind.NotFound, unknown.Kind);
    }

    [Fact]
    public void RecordValue_ByAnotherOrganisationsEditor_IsPermissionDenied()
    {
        var state = Given(Created(), Waiting());

        var error = Rejected(state, new RecordIndicatorValue { By = new Actor("Motala", "0583", "editor"), IndicatorId = "k1", Value = 19 });

        Assert.Equal(ErrorKind.PermissionDenied, error.Kind);
    }
}
