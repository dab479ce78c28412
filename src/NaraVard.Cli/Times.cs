using System.Globalization;
using Google.Protobuf.WellKnownTypes;

namespace NaraVard.Cli;

/// <summary>
/// Times as the county reads them: in Swedish time (Europe/Stockholm, summer time included), as the dashboard and
/// the printed pack show them, and labelled; UTC with --utc.
/// </summary>
internal static class Times
{
    private static readonly TimeZoneInfo Stockholm = TimeZoneInfo.FindSystemTimeZoneById("Europe/Stockholm");

    public static readonly System.CommandLine.Option<bool> UtcOption = new("--utc") { Description = "Show times in UTC instead of Swedish time", Recursive = true };

    public static bool Utc { get; set; }

    /// <summary>What the times shown are in: for a column header or after a time.</summary>
    public static string Label => Utc ? "UTC" : "Swedish time";

    public static string Format(Timestamp at, string format) => Format(at.ToDateTimeOffset(), format);

    public static string Format(DateTimeOffset at, string format) =>
        (Utc ? at.ToUniversalTime() : TimeZoneInfo.ConvertTime(at, Stockholm)).ToString(format, CultureInfo.InvariantCulture);
}
