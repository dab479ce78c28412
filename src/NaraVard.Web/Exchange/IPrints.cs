using NaraVard.Domain;
using NaraVard.Exchange.Exports;

namespace NaraVard.Web.Exchange;

/// <summary>Dashboard pages printed to PDF by the server's Chromium, as the caller sees them.</summary>
public interface IPrints
{
    /// <param name="pathAndQuery">The page, e.g. "/sedan-senaste-motet?organ=svo".</param>
    Task<ExportFile> PrintAsync(Actor by, string pathAndQuery, string fileName, CancellationToken cancellationToken);
}

/// <summary>The printable pages and their file names: one place for the dashboard's links and the API.</summary>
public static class Printable
{
    public static (string Path, string FileName) SinceMeeting(string body, bool byItem, DateOnly today) =>
        ($"/sedan-senaste-motet?organ={body}{(byItem ? "&vy=punkt" : "")}", $"naravard-sedan-motet-{body}-{Day(today)}.pdf");

    public static (string Path, string FileName) Road(DateOnly? asOf, DateOnly today) =>
        (asOf is { } day ? $"/?per={Day(day)}" : "/", $"naravard-vagen-{Day(asOf ?? today)}.pdf");

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
