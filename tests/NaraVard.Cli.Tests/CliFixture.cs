using System.Diagnostics;
using NaraVard.Testing;

namespace NaraVard.Cli.Tests;

/// <summary>
/// A real server on its embedded default in a temp "home", and the naravard CLI as people get it: packed as a
/// .NET tool, installed with <c>dotnet tool install</c>, and run as the <c>naravard</c> command.
/// </summary>
public sealed class CliFixture : IAsyncLifetime
{
    private readonly TempDirectory _home = new("naravard-cli");

    public ServerProcess Server { get; private set; } = null!;

    public string Home => _home.Path;

    /// <summary>The installed command.</summary>
    public string Naravard { get; private set; } = "";

    /// <summary>Kolada, as a local server in its documented format.</summary>
    public LocalKolada Kolada { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        // The server's data folder is where a server on this machine keeps it by default: $XDG_DATA_HOME/naravard.
        Kolada = await LocalKolada.StartAsync();
        var server = ServerProcess.StartAsync(Path.Combine(_home.Path, "data", "naravard"), [$"--NaraVard:Kolada:Address={Kolada.BaseAddress}", "--NaraVard:Kolada:SyncEvery=00:00:00", "--NaraVard:Kolada:Attempts=1"]);
        Naravard = await InstallToolAsync(_home.File("tools"));
        Server = await server;
    }

    /// <summary>dotnet pack (of what the test run built) and dotnet tool install into a folder of its own.</summary>
    private async Task<string> InstallToolAsync(string toolPath)
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name; // bin/<configuration>/net10.0/
        var version = typeof(ExitCodes).Assembly.GetName().Version!.ToString(3);
        var packages = _home.File("packages");
        await DotnetAsync("pack", Path.Combine(ExternalTool.RepositoryRoot, "src", "NaraVard.Cli"), "--no-build", "-c", configuration, "-o", packages);
        await DotnetAsync("tool", "install", "NaraVard.Cli", "--tool-path", toolPath, "--add-source", packages, "--version", version, "--ignore-failed-sources");
        return Path.Combine(toolPath, "naravard");
    }

    private async Task DotnetAsync(params string[] arguments)
    {
        var (exitCode, output) = await ExternalTool.RunAsync("dotnet", arguments, _home.Path, timeout: TimeSpan.FromMinutes(3));
        Assert.True(exitCode == 0, $"dotnet {string.Join(' ', arguments)} failed:\n{output}");
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        await Kolada.DisposeAsync();
        _home.Dispose();
    }

    public Task<string> TokenAsync(string org, string role, string name) =>
        ServerProcess.CreateTokenAsync(org, role, name, $"--NaraVard:DataDirectory={Path.Combine(_home.Path, "data", "naravard")}");

    /// <summary>Runs naravard with the fixture's home; no login unless a test makes one.</summary>
    /// <param name="server">The NARAVARD_SERVER to set; "" sets none, so the CLI looks for a local server.</param>
    /// <param name="dataHome">XDG_DATA_HOME; by default the one the fixture's server keeps its data in.</param>
    public async Task<CliResult> RunAsync(string[] arguments, string? token = null, string? server = null, string? configHome = null, string? dataHome = null)
    {
        var info = new ProcessStartInfo(Naravard) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _home.Path };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["XDG_DATA_HOME"] = dataHome ?? Path.Combine(_home.Path, "data");
        info.Environment.Remove("NARAVARD_DATA_DIR");
        info.Environment["XDG_CONFIG_HOME"] = configHome ?? Path.Combine(_home.Path, "config-none");
        info.Environment["NARAVARD_SERVER"] = server ?? $"{Server.Address.Host}:{Server.Address.Port}";
        if (server == "")
        {
            info.Environment.Remove("NARAVARD_SERVER");
        }
        info.Environment.Remove("NARAVARD_TOKEN");
        if (token is not null)
        {
            info.Environment["NARAVARD_TOKEN"] = token;
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
        return new CliResult(process.ExitCode, await output, await error);
    }
}

public sealed record CliResult(int ExitCode, string Output, string Error);

[CollectionDefinition(Name)]
public sealed class CliCollection : ICollectionFixture<CliFixture>
{
    public const string Name = "cli";
}
