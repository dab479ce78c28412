using NaraVard.Domain;
using NaraVard.Domain.Initiatives;
using NaraVard.Server.Indicators;

namespace NaraVard.Server.Demo;

/// <summary>
/// The demo county's effects: two measurement points linked to Kolada KPIs, with three years of values as the sync
/// records them (the demo has no Kolada to ask, so its values are made up, like everything in the demo county).
/// Finspång's home rehabilitation is reported on plan while home-care users' satisfaction stands still; the
/// region's mobile x-ray moves primary care's cost per inhabitant toward its target.
/// </summary>
internal sealed partial class DemoCounty
{
    private async Task EffectsAsync(int day, string standsStill, string moves)
    {
        var year = Day(day).Year;
        await Initiative(day, standsStill, new AddIndicator
        {
            By = Owner(standsStill), Name = "Hemtjänsttagarnas helhetssyn", Unit = "%", Level = EffectLevel.Individual,
            Baseline = 86, BaselineDate = new DateOnly(year - 4, 12, 31), Target = 92, TargetDate = new DateOnly(year + 2, 12, 31), KoladaKpi = "U21468",
        });
        await Initiative(day, moves, new AddIndicator
        {
            By = Owner(moves), Name = "Primärvårdens kostnad per invånare", Unit = "kr", Level = EffectLevel.Society,
            Baseline = 5400, BaselineDate = new DateOnly(year - 4, 12, 31), Target = 5000, TargetDate = new DateOnly(year + 2, 12, 31), KoladaKpi = "N71000",
        });
        await Initiative(day + 1, standsStill, Kolada("k1", (year - 3, 88.5m), (year - 2, 89.5m), (year - 1, 89.5m)));
        await Initiative(day + 1, moves, Kolada("k2", (year - 3, 5330), (year - 2, 5250), (year - 1, 5180)));
    }

    private static RecordKoladaValues Kolada(string indicator, params (int Year, decimal Value)[] values) =>
        new() { By = KoladaSync.By, Readings = [.. values.Select(v => new KoladaReading(indicator, v.Year, v.Value))] };
}
