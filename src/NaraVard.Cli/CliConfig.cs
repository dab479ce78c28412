using System.Text.Json;

namespace NaraVard.Cli;

/// <summary>
/// Where to connect and as whom. Order: NARAVARD_SERVER / NARAVARD_TOKEN, then the login file
/// (~/.config/naravard/config.json, readable only by the user), then a server on this machine: the address
/// it left in its data folder (or http://localhost:5000) with the admin token file it wrote there. The data
/// folder is --data-dir, NARAVARD_DATA_DIR, or the server's default. The local admin token is only ever sent
/// to a server on a loopback address.
/// </summary>
internal sealed record CliConfig(string Server, string? Token)
{
    public const string DefaultServer = "http://localhost:5000";

    public static string ConfigPath => Path.Combine(
        Environment.GetEnvironmentVariable("XDG_CONFIG_HOME") is { Length: > 0 } xdg ? xdg : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config"),
        "naravard",
        "config.json");

    /// <summary>The data folder of a server on this machine.</summary>
    public static string LocalDataDirectory(string? dataDirectory) =>
        dataDirectory is { Length: > 0 } given ? given
        : Environment.GetEnvironmentVariable("NARAVARD_DATA_DIR") is { Length: > 0 } env ? env
        : Path.Combine(
            Environment.GetEnvironmentVariable("XDG_DATA_HOME") is { Length: > 0 } xdg ? xdg : Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify),
            "naravard");

    public static CliConfig Load(string? dataDirectory = null)
    {
        var saved = File.Exists(ConfigPath) ? JsonSerializer.Deserialize<Saved>(File.ReadAllText(ConfigPath)) : null;
        return Resolve(
            Environment.GetEnvironmentVariable("NARAVARD_SERVER") is { Length: > 0 } s ? s : saved?.Server,
            Environment.GetEnvironmentVariable("NARAVARD_TOKEN") is { Length: > 0 } t ? t : saved?.Token,
            LocalDataDirectory(dataDirectory));
    }

    /// <summary>The server and token given (or saved), completed from a local server's data folder.</summary>
    public static CliConfig Resolve(string? server, string? token, string localDataDirectory)
    {
        var local = ReadLine(Path.Combine(localDataDirectory, "server-address")) is { } written ? Normalize(written) : null;
        var address = Normalize(server ?? local ?? DefaultServer);

        // The local admin token goes to the server that wrote it (its address in the same data folder) and to no
        // other: another user's listener on a loopback port would otherwise receive it in clear (issue 31).
        if (token is null && local is not null && SameLocalServer(address, local))
        {
            token = ReadLine(Path.Combine(localDataDirectory, "admin-token"));
        }

        return new CliConfig(address, token);
    }

    private static string? ReadLine(string path) => File.Exists(path) ? File.ReadAllText(path).Trim() is { Length: > 0 } text ? text : null : null;

    /// <summary>Both on this machine's loopback (localhost, 127.0.0.1 and ::1 alike), with one scheme and one port.</summary>
    private static bool SameLocalServer(string address, string local) =>
        Uri.TryCreate(address, UriKind.Absolute, out var a) && Uri.TryCreate(local, UriKind.Absolute, out var b)
        && IsLoopback(a) && IsLoopback(b) && a.Scheme == b.Scheme && a.Port == b.Port;

    private static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (System.Net.IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && System.Net.IPAddress.IsLoopback(ip));

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
