using System.Globalization;
using NaraVard.Domain;
using NaraVard.Domain.Obstacles;

namespace NaraVard.Web;

/// <summary>
/// The roadmap's own words and Swedish formats, in one place: every page says "genomförande" and
/// "1 234" the same way. Phases carry a letter too, so colour is never the only carrier.
/// </summary>
public static class Sv
{
    public static readonly CultureInfo Culture = CultureInfo.GetCultureInfo("sv-SE");

    private static readonly TimeZoneInfo Sweden = NaraVard.Domain.FollowUp.SwedishTime.Zone;

    /// <summary>The phases of the road itself, in order (paused and stopped are off the road).</summary>
    public static readonly Phase[] Road = [Phase.Planering, Phase.Strategi, Phase.Genomforande, Phase.Genomford];

    /// <summary>The Swedish genitive of a name: "Motalas", but a name ending in s, x or z takes no s ("Hans").</summary>
    public static string Genitive(string name) => SwedishNames.Genitive(name);

    /// <summary>One letter per phase, shown in matrix cells and badges beside the colour.</summary>
    public static string Letter(this Phase phase) => phase switch
    {
        Phase.Planering => "P",
        Phase.Strategi => "S",
        Phase.Genomforande => "G",
        Phase.Genomford => "✓",
        Phase.Pausad => "‖",
        Phase.Stoppad => "×",
        _ => "?",
    };

    public static string Number(long value) => value.ToString("N0", Culture);

    /// <summary>A measured value: as many decimals as it has, up to four, in Swedish ("12,5").</summary>
    public static string Decimal(decimal value) => value.ToString("#,0.####", Culture);

    public static string Percent(double share) => share.ToString("P0", Culture);

    public static string Sek(long value) => value.ToString("C0", Culture);

    public static string Date(DateTimeOffset at) => Local(at).ToString("d MMM yyyy", Culture);

    public static string Date(DateOnly date) => date.ToString("d MMM yyyy", Culture);

    public static string DateTime(DateTimeOffset at) => Local(at).ToString("d MMM yyyy HH:mm", Culture);

    public static string Time(DateTimeOffset at) => Local(at).ToString("HH:mm:ss", Culture);

    /// <summary>"3 dagar", "5 veckor", "4 månader": how long an obstacle has been open.</summary>
    public static string Age(TimeSpan age) => age.TotalDays switch
    {
        < 1 => "i dag",
        < 2 => "1 dag",
        < 14 => $"{(int)age.TotalDays} dagar",
        < 60 => $"{(int)(age.TotalDays / 7)} veckor",
        _ => $"{(int)(age.TotalDays / 30.4)} månader",
    };

    private static DateTimeOffset Local(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, Sweden);
}
