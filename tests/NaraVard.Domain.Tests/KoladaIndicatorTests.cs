using NaraVard.Domain.Initiatives;
using NaraVard.Domain.Rollups;
using NaraVard.Testing;
using static NaraVard.Domain.Tests.Commands;

namespace NaraVard.Domain.Tests;

/// <summary>Measurement points fed by Kolada: linked to a KPI, recorded by the sync, revisions kept, effects judged.</summary>
public sealed class KoladaIndicatorTests
{
    private static readonly DateTimeOffset Today = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly Actor Sync = Actor.System with { Name = "Kolada" };

    private static AddIndicator Cost(string? kpi = "N71000", string? municipality = null) => new()
    {
        By = Linkoping,
        Name = "Primärvårdens kostnad per invånare",
        Unit = "kr",
        Level = EffectLevel.Society,
        Baseline = 5000,
        BaselineDate = new DateOnly(2022, 12, 31),
        Target = 4500,
        TargetDate = new DateOnly(2028, 12, 31),
        KoladaKpi = kpi,
        KoladaMunicipality = municipality,
    };

    private static RecordKoladaValues Read(params (int Year, decimal Value)[] values) =>
        new() { By = Sync, Readings = [.. values.Select(v => new KoladaReading("k1", v.Year, v.Value))] };

    private static IReadOnlyList<InitiativeEvent> Decide(InitiativeState state, InitiativeCommand command, DateTimeOffset? at = null) =>
        InitiativeDecider.Decide("i-1", state, command, TestRoadmap.Ostergotland, at ?? Today);

    private static InitiativeState Given(InitiativeState state, params InitiativeCommand[] commands) =>
        commands.Aggregate(state, (s, c) => Decide(s, c).Aggregate(s, (x, e) => x.Apply(e)));

    private static InitiativeState Linked() => Given(InitiativeState.Initial, Create(), Cost());

    [Fact]
    public void AddIndicator_WithAKpiAndNoMunicipality_IsLinkedToTheOwnersKoladaCode()
    {
        var k1 = Assert.Single(Linked().Indicators);

        Assert.Equal(new KoladaSource("N71000", "0580"), k1.Kolada);
        Assert.Equal("0005", KoladaSource.MunicipalityOf("05"));
    }

    [Theory]
    [InlineData("71000", null, "kolada_kpi")]
    [InlineData("N71000", "580", "kolada_municipality")]
    [InlineData(null, "0580", "kolada_kpi")]
    public void AddIndicator_WithAMalformedKoladaSource_IsRefusedNamingTheField(string? kpi, string? municipality, string field)
    {
        var created = Given(InitiativeState.Initial, Create());

        var refused = Assert.Throws<DomainException>(() => Decide(created, Cost(kpi, municipality)));

        Assert.Equal(field, refused.Field);
    }

    [Fact]
    public void RecordKoladaValues_TheSameValuesTwice_RecordsThemOnce()
    {
        var first = Decide(Linked(), Read((2023, 4900), (2024, 4800)));
        var state = first.Aggregate(Linked(), (s, e) => s.Apply(e));

        Assert.Equal(2, first.Count);
        Assert.Empty(Decide(state, Read((2023, 4900), (2024, 4800))));
        Assert.All(first.Cast<IndicatorMeasured>(), e => Assert.True(e.FromKolada));
    }

    [Fact]
    public void RecordKoladaValues_ARevisedYear_IsKeptBesideTheFirstAndReadAsOfEitherSide()
    {
        var before = Given(Linked(), Read((2024, 4800)));
        var revision = Assert.Single(Decide(before, Read((2024, 4750)), Today.AddDays(30)));
        var after = before.Apply(revision);

        var measured = Assert.IsType<IndicatorMeasured>(revision);
        Assert.Equal((4750m, 4800m), (measured.Value, measured.Revises));
        var k1Before = Assert.Single(before.Indicators);
        var k1After = Assert.Single(after.Indicators);
        Assert.Equal(4800m, k1Before.Latest!.Value);
        Assert.Equal(4750m, k1After.Latest!.Value);
        Assert.Equal([4800m, 4750m], k1After.Values.Select(v => v.Value));
    }

    [Fact]
    public void RecordKoladaValues_YearsBeforeTheBaselineOrNotYetEnded_ArePassedOver()
    {
        var events = Decide(Linked(), Read((2021, 5100), (2026, 4000), (2025, 4700)));

        Assert.Equal([new DateOnly(2025, 12, 31)], events.Cast<IndicatorMeasured>().Select(e => e.MeasuredOn));
    }

    [Fact]
    public void RecordKoladaValues_SentByAPerson_IsRefused_EvenForAnAdmin()
    {
        var refused = Assert.Throws<DomainException>(() => Decide(Linked(), Read((2024, 4800)) with { By = Admin }));

        Assert.Equal(ErrorKind.PermissionDenied, refused.Kind);
    }

    [Fact]
    public void RecordKoladaValues_ForALocalMeasurementPoint_IsRefused()
    {
        var local = Given(InitiativeState.Initial, Create(), Cost(kpi: null));

        Assert.Throws<DomainException>(() => Decide(local, Read((2024, 4800))));
    }

    [Fact]
    public void EffectStalled_InImplementationWithAYearWithoutMovingTowardTarget_IsFlagged_AndMovingIsNot()
    {
        var implementing = Given(Linked(), new AdvancePhase { By = Linkoping, To = Phase.Strategi }, new AdvancePhase { By = Linkoping, To = Phase.Genomforande });
        var still = Given(implementing, Read((2023, 5000), (2024, 5010), (2025, 5020)));
        var moving = Given(implementing, Read((2023, 5000), (2024, 5010), (2025, 4900)));
        var tooEarly = Given(Given(InitiativeState.Initial, Create(), Cost() with { BaselineDate = new DateOnly(2025, 6, 1) }, new AdvancePhase { By = Linkoping, To = Phase.Strategi }, new AdvancePhase { By = Linkoping, To = Phase.Genomforande }), Read((2025, 5020)));

        Assert.Equal((false, true), (Assert.Single(still.Indicators).Moved, still.EffectStalled));
        Assert.Equal((true, false), (Assert.Single(moving.Indicators).Moved, moving.EffectStalled));
        Assert.Equal((null, false), (Assert.Single(tooEarly.Indicators).Moved, tooEarly.EffectStalled));
        Assert.True(InitiativeSummary.From(still).EffectStalled);
        var aheadButStill = Given(implementing, Read((2023, 4700), (2024, 4700), (2025, 4700)));
        Assert.Equal((true, false), (Assert.Single(aheadButStill.Indicators).OnTrack, Assert.Single(aheadButStill.Indicators).Moved));
        Assert.Equal((Health.AtRisk, Health.AtRisk), (aheadButStill.HealthWith(blocked: false, stale: false), InitiativeSummary.From(aheadButStill).Standing));
        Assert.Equal(Health.OnTrack, Given(implementing, Read((2023, 4900), (2024, 4800), (2025, 4700))).HealthWith(blocked: false, stale: false));
        Assert.Equal((1, 0), (InitiativeSummary.From(still).Indicators.Judged, InitiativeSummary.From(still).Indicators.Moving));
    }

    [Fact]
    public void EffectStalled_BeforeImplementation_IsNotFlagged()
    {
        var planning = Given(Linked(), Read((2023, 5000), (2024, 5010), (2025, 5020)));

        Assert.False(planning.EffectStalled);
    }
}
