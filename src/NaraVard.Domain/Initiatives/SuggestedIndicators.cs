namespace NaraVard.Domain.Initiatives;

/// <summary>One of the sector's agreed measurement points, suggested for the county to pick from.</summary>
/// <param name="KoladaKpi">Its Kolada KPI where NaraVard knows the id for certain; null where it must be looked up by title (<c>naravard indicators find</c>).</param>
/// <param name="Search">Words of the title to look it up by in Kolada.</param>
public sealed record SuggestedIndicator(string Name, string Unit, EffectLevel Level, bool HigherIsBetter, string? KoladaKpi, string Search);

/// <summary>
/// SKR's Nära vård indicators (2023) and the Kolada KPIs the county already follows for primary and elderly care: a
/// suggested set, not a rule. Kolada ids are given only where they are known for certain (Kolada's KPI lists
/// elsewhere are unreliable); the others are found by their title in Kolada's own search.
/// </summary>
public static class SuggestedIndicators
{
    public static readonly IReadOnlyList<SuggestedIndicator> All =
    [
        new("Invånare med fast läkarkontakt", "%", EffectLevel.Individual, true, null, "fast läkarkontakt"),
        new("Kontinuitet med samma läkare eller team", "%", EffectLevel.Individual, true, null, "kontinuitet"),
        new("Tillgänglighet i primärvården", "%", EffectLevel.Individual, true, null, "tillgänglighet primärvård"),
        new("Förtroende för hälso- och sjukvården", "%", EffectLevel.Society, true, null, "förtroende hälso- och sjukvården"),
        new("Undvikbar slutenvård vid kronisk sjukdom", "per 100 000 inv.", EffectLevel.Society, false, null, "undvikbar slutenvård"),
        new("Invånare 65+ med hemtjänst", "%", EffectLevel.Organization, false, null, "hemtjänst 65+"),
        new("Vårdtillfällen i slutenvård", "per 100 000 inv.", EffectLevel.Society, false, null, "vårdtillfällen slutenvård"),
        new("Återinskrivning inom 30 dagar, 65+", "%", EffectLevel.Organization, false, null, "återinskrivning 30 dagar"),
        new("Primärvårdens kostnad per invånare", "kr", EffectLevel.Society, false, "N71000", "primärvård kostnad per invånare"),
        new("Hemtjänsttagarnas helhetssyn", "%", EffectLevel.Individual, true, "U21468", "brukarbedömning hemtjänst helhetssyn"),
    ];
}
