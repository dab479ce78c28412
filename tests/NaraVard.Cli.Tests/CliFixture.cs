using System.Diagnostics;
using NaraVard.Testing;

namespace NaraVard.Cli.Tests;

/// <summary>A real server on its embedded default in a temp "home", and the naravard CLI run as a process against it.</summary>
public sealed class CliFixture : IAsyncLifetime
{
    private readonly TempDirectory _home = new("naravard-cli");

    public ServerProcess Server { get; private set; } = null!;

    public string Home => _home.Path;

    public async Task InitializeAsync() =>
        // The server's data folder is where a server on this machine keeps it by default: $XDG_DATA_HOME/naravard.
        Server = await ServerProcess.StartAsync(Path.Combine(_home.Path, "data", "naravard"));

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        _home.Dispose();
    }

    public Task<string> TokenAsync(string org, string role, string name) =>
        ServerProcess.CreateTokenAsync(org, role, name, $"--NaraVard:DataDirectory={Path.Combine(_home.Path, "data", "naravard")}");

    /// <summary>Runs naravard with the fixture's home; no login unless a test makes one.</summary>
    public async Task<CliResult> RunAsync(string[] arguments, string? token = null, string? server = null, string? configHome = null)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _home.Path };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "naravard.dll"));
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["XDG_DATA_HOME"] = Path.Combine(_home.Path, "data");
        info.Environment["XDG_CONFIG_HOME"] = configHome ?? Path.Combine(_home.Path, "config-none");
        info.Environment["NARAVARD_SERVER"] = server ?? $"{Server.Address.Host}:{Server.Address.Port}";
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
