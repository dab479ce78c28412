namespace NaraVard.Cli;

/// <summary>Exit codes scripts can rely on.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The server refused the change by a rule (invalid value, forbidden move, stale version).</summary>
    public const int Rejected = 1;

    /// <summary>The command line itself was wrong.</summary>
    public const int Usage = 2;

    public const int NotFound = 3;

    /// <summary>Not logged in, unknown token, or not allowed.</summary>
    public const int Permission = 4;

    /// <summary>The server could not be reached or failed.</summary>
    public const int Unavailable = 5;
}
