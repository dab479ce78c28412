namespace NaraVard.Server.Demo;

/// <summary>
/// The server's clock on a demo start: the system's, except while the demo county is written, when it reads the
/// moment the script has reached. Every event is stamped in one place (the grains' and the store's clock), so the
/// demo's past is dated as a user's changes would have been, through the same commands and rules.
/// </summary>
internal sealed class DemoClock : TimeProvider
{
    private DateTimeOffset? _pinned;

    public override DateTimeOffset GetUtcNow() => _pinned ?? System.GetUtcNow();

    /// <summary>From now on the clock reads <paramref name="moment"/>, until <see cref="Release"/>.</summary>
    public void Pin(DateTimeOffset moment) => _pinned = moment;

    public void Release() => _pinned = null;
}
