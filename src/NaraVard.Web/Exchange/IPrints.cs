using NaraVard.Domain;
using NaraVard.Domain.FollowUp;
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
    public static (string Path, string FileName) SinceMeeting(Body body, bool byItem, DateOnly today) =>
        ($"/sedan-senaste-motet?organ={Organ(body)}{(byItem ? "&vy=punkt" : "")}", $"naravard-sedan-motet-{Organ(body)}-{Day(today)}.pdf");

    /// <summary>The dashboard's word for a body in its addresses (?organ=svo), read back by <see cref="Body"/>.</summary>
    public static string Organ(Body body) => body.ToString().ToLowerInvariant();

    public static Body? BodyOf(string? organ) => organ switch
    {
        "svo" => Body.Svo,
        "lgvo" => Body.Lgvo,
        _ => null,
    };

    public static (string Path, string FileName) Road(DateOnly? asOf, DateOnly today) =>
        (asOf is { } day ? $"/?per={Day(day)}" : "/", $"naravard-vagen-{Day(asOf ?? today)}.pdf");

    /// <summary>An organisation's report for its own committee (nämnd), with what moved since a day.</summary>
    public static (string Path, string FileName) CommitteeReport(string organizationCode, DateOnly since, DateOnly today) =>
        ($"/organisation/{organizationCode}/namnd?sedan={Day(since)}", $"naravard-{organizationCode}-namnd-{Day(today)}.pdf");

    /// <summary>The first day of the report's period as typed (åååå-mm-dd, not after today), else three months back: a committee's usual interval.</summary>
    public static DateOnly CommitteeReportSince(string? typed, DateOnly today) =>
        DateOnly.TryParseExact(typed, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var day) && day <= today ? day : today.AddMonths(-3);

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
