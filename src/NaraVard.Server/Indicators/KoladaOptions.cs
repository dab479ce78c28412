namespace NaraVard.Server.Indicators;

/// <summary>Where Kolada is and how often NaraVard asks it (the "NaraVard:Kolada" section).</summary>
public sealed class KoladaOptions
{
    public const string Section = "NaraVard:Kolada";

    /// <summary>Kolada's API, v3.</summary>
    public Uri Address { get; set; } = new("https://api.kolada.se/v3/");

    /// <summary>How often the sync runs by itself; zero: only when asked (<c>naravard indicators sync</c>, the dashboard).</summary>
    public TimeSpan SyncEvery { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How many times a call to Kolada is tried before the sync gives up (waiting 1, 2, 4 … s between).</summary>
    public int Attempts { get; set; } = 4;

    /// <summary>How long after the start the first scheduled sync runs: not while a restart is still loading the county.</summary>
    public TimeSpan FirstSyncAfter { get; set; } = TimeSpan.FromMinutes(5);
}
