using System.Text.RegularExpressions;

namespace NaraVard.Domain.Initiatives;

/// <summary>
/// Where a measurement point's values come from when Kolada publishes them: a KPI (a letter and five digits,
/// N71000) for a municipality or region by Kolada's code (0580 Linköping, 0005 Region Östergötland). Its values
/// are recorded by NaraVard's sync, one per year, each kept with when it was fetched.
/// </summary>
public sealed partial record KoladaSource(string Kpi, string Municipality)
{
    /// <summary>
    /// Kolada's code for an organisation of the county: a municipality's SCB code is Kolada's, a region's two-digit
    /// county code is padded (05 → 0005).
    /// </summary>
    public static string MunicipalityOf(string organizationCode) =>
        organizationCode.Length == 2 ? "00" + organizationCode : organizationCode;

    /// <summary>The source an <see cref="AddIndicator"/> asks for, checked; null when it names no KPI.</summary>
    internal static KoladaSource? From(string? kpi, string? municipality, string ownerCode)
    {
        if (string.IsNullOrWhiteSpace(kpi))
        {
            return string.IsNullOrWhiteSpace(municipality)
                ? null
                : throw DomainException.Invalid("kolada_kpi", "is required when kolada_municipality is given");
        }

        var id = kpi.Trim().ToUpperInvariant();
        if (!KpiPattern().IsMatch(id))
        {
            throw DomainException.Invalid("kolada_kpi", $"'{kpi.Trim()}' is not a Kolada KPI id: a letter and five digits, like N71000");
        }

        var code = string.IsNullOrWhiteSpace(municipality) ? MunicipalityOf(ownerCode) : municipality.Trim();
        return MunicipalityPattern().IsMatch(code)
            ? new KoladaSource(id, code)
            : throw DomainException.Invalid("kolada_municipality", $"'{code}' is not a Kolada municipality code: four digits, like 0580 or 0005");
    }

    /// <summary>A year's value is dated to the year's last day: Kolada publishes per calendar year.</summary>
    public static DateOnly DateOf(int year) => new(year, 12, 31);

    [GeneratedRegex("^[A-Z][0-9]{5}$")]
    private static partial Regex KpiPattern();

    [GeneratedRegex("^[0-9]{4}$")]
    private static partial Regex MunicipalityPattern();
}

/// <summary>A year's value of a KPI as the sync read it from Kolada, for one measurement point linked to it.</summary>
public sealed record KoladaReading(string IndicatorId, int Year, decimal Value);
