using NaraVard.Grains.Roadmaps;
using NaraVard.Server.Mapping;

namespace NaraVard.Server.Services;

/// <summary>Field rules shared by the services: ids, optional filters and page sizes.</summary>
internal static class RequestFields
{
    public static string RequiredId(string id, string field) =>
        id.Length is > 0 and <= 64 ? id : throw StatusMapping.Invalid(field, id.Length == 0 ? "is required" : "must be at most 64 characters");

    /// <summary>A number sent as a double, kept as a decimal: NaN and infinities are refused with the field named.</summary>
    public static decimal Decimal(double value, string field) =>
        double.IsFinite(value) && Math.Abs(value) < 7.9e27 ? (decimal)value : throw StatusMapping.Invalid(field, "must be a finite number");

    /// <summary>An empty filter means "any".</summary>
    public static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;

    public static int PageSize(int size) =>
        size is >= 0 and <= InitiativeQuery.MaxPageSize ? size : throw StatusMapping.Invalid("page_size", $"must be between 0 and {InitiativeQuery.MaxPageSize}");
}
