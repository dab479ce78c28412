using NaraVard.Domain.Initiatives;

namespace NaraVard.Domain.Rollups;

/// <summary>One initiative's measurement point aimed at a group's indicator.</summary>
public sealed record IndicatorUse(string InitiativeId, string Title, string OwnerCode, Phase Phase, bool EffectStalled, Indicator Indicator);

/// <summary>
/// What the county measures, indicator by indicator: a Kolada KPI, or a locally measured point by its name and unit,
/// with every initiative that aims at it.
/// </summary>
public sealed record IndicatorGroup(string Name, string Unit, string? KoladaKpi, IReadOnlyList<IndicatorUse> Uses)
{
    public int Moving => Uses.Count(u => u.Indicator.Moved == true);

    public int StandingStill => Uses.Count(u => u.Indicator.Moved == false);
}

public static class IndicatorCatalogue
{
    /// <summary>
    /// The groups, Kolada's KPIs first (by id), then local points (by name): the points of one KPI are one indicator
    /// whatever each initiative called it; local points are one when their names and units read the same.
    /// </summary>
    public static IReadOnlyList<IndicatorGroup> Of(IEnumerable<InitiativeState> initiatives)
    {
        var uses = from s in initiatives
                   from k in s.Indicators
                   select new IndicatorUse(s.Id, s.Title, s.OwnerCode, s.Phase, s.EffectStalled, k);
        return [.. uses
            .GroupBy(u => u.Indicator.Kolada is { } source ? "kolada:" + source.Kpi : $"local:{Fold(u.Indicator.Name)}|{Fold(u.Indicator.Unit)}")
            .Select(g => new IndicatorGroup(g.First().Indicator.Name, g.First().Indicator.Unit, g.First().Indicator.Kolada?.Kpi, [.. g.OrderBy(u => u.OwnerCode, StringComparer.Ordinal).ThenBy(u => u.Title, StringComparer.CurrentCulture)]))
            .OrderBy(g => g.KoladaKpi is null)
            .ThenBy(g => g.KoladaKpi, StringComparer.Ordinal)
            .ThenBy(g => g.Name, StringComparer.CurrentCulture)];
    }

    private static string Fold(string text) => string.Join(' ', text.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant();
}
