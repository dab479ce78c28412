namespace NaraVard.Kolada;

/// <summary>
/// One value as Kolada publishes it: a KPI for a municipality or region (Kolada's codes: 0580 Linköping, 0005
/// Region Östergötland) and a period, for one gender (T total, K women, M men), with the moment it was fetched.
/// Kolada revises values without notice, so a value is always kept with when it was read.
/// </summary>
public sealed record KoladaValue(string Kpi, string Municipality, int Period, string Gender, decimal? Value, int Count, string Status, DateTimeOffset FetchedAt);

/// <summary>A KPI's description: what the measurement point is called and in what unit.</summary>
public sealed record KoladaKpi(string Id, string Title, string Description, string MunicipalityType);

/// <summary>Kolada could not be read: offline, refusing or answering something else. Nothing partial is returned.</summary>
public sealed class KoladaUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
