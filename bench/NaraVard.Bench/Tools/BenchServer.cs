using System.Runtime.InteropServices;
using NaraVard.Testing;

namespace NaraVard.Bench.Tools;

/// <summary>
/// The server under measurement: a real naravard-server process, with request logging off (a log line per call
/// would be measured too) and, under --profile, what perf needs to name .NET frames.
/// </summary>
public static class BenchServer
{
    private static readonly string[] QuietLogs = ["--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Information"];

    public static Task<ServerProcess> StartAsync(string dataDirectory, params string[] arguments) =>
        StartBuildAsync(null, dataDirectory, untilStarted: true, arguments);

    /// <summary>A given build of the server (null: the one beside the bench), returned once started or, untilStarted false, once listening.</summary>
    public static Task<ServerProcess> StartBuildAsync(string? serverAssembly, string dataDirectory, bool untilStarted, params string[] arguments) =>
        ServerProcess.StartAsync(dataDirectory, [.. arguments, .. QuietLogs], Profiler.ServerEnvironment, TimeSpan.FromMinutes(5), serverAssembly, untilStarted);

    /// <summary>
    /// The server published as deploy/Dockerfile publishes it, ReadyToRun (its own and its packages' code compiled
    /// ahead of time, which a start-up mostly spends on), into the folder; the path of its assembly. No build
    /// servers stay behind to share the machine with what is measured next.
    /// </summary>
    public static async Task<string> PublishReadyToRunAsync(string folder)
    {
        var (code, output) = await ExternalTool.RunAsync("dotnet",
            ["publish", Path.Combine(ExternalTool.RepositoryRoot, "src", "NaraVard.Server"), "-c", "Release", "-r", RuntimeInformation.RuntimeIdentifier, "--self-contained", "false", "-p:PublishReadyToRun=true", "-o", folder, "-nologo", "-v", "quiet", "--disable-build-servers"],
            ExternalTool.RepositoryRoot, timeout: TimeSpan.FromMinutes(10));
        return code == 0 ? Path.Combine(folder, "naravard-server.dll") : throw new InvalidOperationException($"dotnet publish (ReadyToRun) failed ({code}):\n{output}");
    }
}
