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
        ServerProcess.StartAsync(dataDirectory, [.. arguments, .. QuietLogs], Profiler.ServerEnvironment, TimeSpan.FromMinutes(5));
}
