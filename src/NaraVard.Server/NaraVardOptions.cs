namespace NaraVard.Server;

/// <summary>Configuration section "NaraVard" (appsettings, environment NaraVard__X, or --NaraVard:X=...).</summary>
public sealed class NaraVardOptions
{
    public const string Section = "NaraVard";

    /// <summary>The roadmap definition file; the Östergötland roadmap shipped with the server by default.</summary>
    public string Roadmap { get; set; } = Path.Combine(AppContext.BaseDirectory, "roadmaps", "ostergotland-2030.json");

    /// <summary>Folder for the embedded SQLite store (and the first admin token).</summary>
    public string DataDirectory { get; set; } = DefaultDataDirectory();

    /// <summary>Idle time after which a grain leaves memory.</summary>
    public TimeSpan GrainIdleTimeout { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Largest gRPC message accepted or sent, in bytes (4 MiB as in other gRPC servers).</summary>
    public int MaxMessageSize { get; set; } = 4 * 1024 * 1024;

    public string SqlitePath => Path.Combine(DataDirectory, "naravard.db");

    private static string DefaultDataDirectory()
    {
        var root = Environment.GetEnvironmentVariable("XDG_DATA_HOME") is { Length: > 0 } xdg
            ? xdg
            : Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create);
        return Path.Combine(root, "naravard");
    }
}
