namespace NaraVard.Grains;

/// <summary>
/// The clock the grains read (report times, staleness), registered as a keyed <see cref="TimeProvider"/>: the
/// silo's own timers keep the system clock, so a test can move NaraVard's time without stopping the cluster's.
/// </summary>
public static class Clock
{
    public const string Key = "naravard.clock";
}
