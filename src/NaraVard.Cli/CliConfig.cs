using System.Text.Json;

namespace NaraVard.Cli;

/// <summary>
/// Where to connect and as whom. Order: NARAVARD_SERVER / NARAVARD_TOKEN, then the login file
/// (~/.config/naravard/config.json, readable only by the user), then a server on this machine on its
/// embedded default: http://localhost:5000 with the admin token file it wrote.
/// </summary>
internal sealed record CliConfig(string Server, string? Token)
{
    public const string DefaultServer = "http://localhost:5000";

    public static string ConfigPath => Path.Combine(
        Environment.GetEnvironmentVariable("XDG_CONFIG_HOME") is { Length: > 0 } xdg ? xdg : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config"),
        "naravard",
        "config.json");

    public static string LocalAdminTokenPath => Path.Combine(
        Environment.GetEnvironmentVariable("XDG_DATA_HOME") is { Length: > 0 } xdg ? xdg : Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify),
        "naravard",
        "admin-token");

    public static CliConfig Load()
    {
        var saved = File.Exists(ConfigPath) ? JsonSerializer.Deserialize<Saved>(File.ReadAllText(ConfigPath)) : null;
        var server = Environment.GetEnvironmentVariable("NARAVARD_SERVER") is { Length: > 0 } s ? s : saved?.Server ?? DefaultServer;
        var token = Environment.GetEnvironmentVariable("NARAVARD_TOKEN") is { Length: > 0 } t ? t : saved?.Token;
        token ??= File.Exists(LocalAdminTokenPath) ? File.ReadAllText(LocalAdminTokenPath).Trim() : null;
        return new CliConfig(Normalize(server), token);
    }

    public static string Save(string server, string token)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(ConfigPath)!);
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(ConfigPath, options))
        {
            JsonSerializer.Serialize(stream, new Saved(Normalize(server), token));
        }

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(ConfigPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return ConfigPath;
    }

    private static string Normalize(string server) => server.Contains("://", StringComparison.Ordinal) ? server : "http://" + server;

    private sealed record Saved(string Server, string Token);
}
