using System.Globalization;
using NaraVard.Domain;

namespace NaraVard.Web.Components.Forms;

/// <summary>What the dashboard's forms read from what a person typed; a value that does not read is refused naming its field, in Swedish.</summary>
public static class FormValues
{
    /// <summary>A date typed as åååå-mm-dd; empty is none.</summary>
    public static DateOnly? Date(string? typed, string field) =>
        string.IsNullOrWhiteSpace(typed) ? null
        : DateOnly.TryParseExact(typed.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day
        : throw DomainException.Invalid(field, $"”{typed}” är inget datum i formen åååå-mm-dd");

    /// <summary>A number as a Swedish user types it ("12,5", "1 250 kr"), read by the import's one rule; empty is none.</summary>
    public static decimal? Number(string? typed, string field)
    {
        if (string.IsNullOrWhiteSpace(typed))
        {
            return null;
        }

        try
        {
            return NaraVard.Exchange.Plans.PlanValues.Decimal(typed);
        }
        catch (FormatException)
        {
            throw DomainException.Invalid(field, $"”{typed}” är inget tal");
        }
    }
}
