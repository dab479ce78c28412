using Grpc.Core;
using NaraVard.Api.V1;

namespace NaraVard.Server.Tests.Gateway;

/// <summary>Measurement points over gRPC: added, measured, shown with their series, counted in the roll-ups.</summary>
[Collection(GatewayCollection.Name)]
public sealed class IndicatorTests(ServerFixture fixture)
{
    [Fact]
    public async Task Indicator_AddedAndMeasured_ShowsItsSeriesAndCountsOnTrackInTheOrganisation()
    {
        var initiative = await fixture.Channel.CreateAsync("0562", "K04");
        async Task<Spread> SpreadAsync() => (await fixture.Channel.Roadmap.GetOrganizationAsync(new GetOrganizationRequest { Code = "0562" })).Progress.Spread;
        var before = await SpreadAsync();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);

        await fixture.Channel.Initiatives.AddIndicatorAsync(new AddIndicatorRequest
        {
            InitiativeId = initiative.Id, Name = "Andel utskrivna med SIP inom 3 dagar", Unit = "%", Level = EffectLevel.Organization,
            Baseline = 40, BaselineDate = Iso(today.AddDays(-30)), Target = 80, TargetDate = Iso(today.AddDays(335)),
        });
        var measured = await fixture.Channel.Initiatives.RecordIndicatorValueAsync(new RecordIndicatorValueRequest { InitiativeId = initiative.Id, IndicatorId = "k1", Value = 52.5, Comment = "Oktober", RequestId = "m-oktober" });
        var again = await fixture.Channel.Initiatives.RecordIndicatorValueAsync(new RecordIndicatorValueRequest { InitiativeId = initiative.Id, IndicatorId = "k1", Value = 52.5, Comment = "Oktober", RequestId = "m-oktober" });
        var after = await SpreadAsync();

        var k1 = Assert.Single(measured.Indicators);
        Assert.Equal(("%", 52.5, OnTrack.Yes), (k1.Unit, Assert.Single(k1.Values).Value, k1.OnTrack));
        Assert.Equal(measured.Version, again.Version);
        Assert.Equal((before.Indicators + 1, before.IndicatorsMeasured + 1, before.IndicatorsOnTrack + 1), (after.Indicators, after.IndicatorsMeasured, after.IndicatorsOnTrack));
    }

    [Fact]
    public async Task Indicator_TargetDateBeforeTheBaseline_IsInvalidNamingTheField()
    {
        var initiative = await fixture.Channel.CreateAsync("0562", "K04");

        var error = await Assert.ThrowsAsync<RpcException>(() => fixture.Channel.Initiatives.AddIndicatorAsync(new AddIndicatorRequest
        {
            InitiativeId = initiative.Id, Name = "Väntetid", Unit = "dagar", Level = EffectLevel.Individual,
            Baseline = 20, BaselineDate = "2026-01-01", Target = 10, TargetDate = "2025-12-31",
        }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("target_date: must be after the baseline date (2026-01-01)", error.Status.Detail);
    }

    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
