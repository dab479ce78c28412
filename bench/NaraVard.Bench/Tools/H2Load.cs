using System.Globalization;
using System.Text.RegularExpressions;
using NaraVard.Testing;

namespace NaraVard.Bench.Tools;

/// <summary>What h2load reported for one run; latencies come from its per-request log when one was asked for.</summary>
public sealed record H2LoadRun(double RequestsPerSecond, long Succeeded, long Failed, long Errored, IReadOnlyList<double> LatenciesMs, string Output);

/// <summary>
/// nghttp2's h2load as the gRPC load generator: a prepared, framed request body is sent as a POST with the gRPC
/// headers. h2load counts HTTP 200 as success and cannot see grpc-status, so every benchmark checks the effect
/// of its calls another way (a sample call through a gRPC client, or the rows written).
/// </summary>
public static partial class H2Load
{
    public static string Path { get; } = ExternalTool.Require("apt-get install -y nghttp2-client", "h2load");

    public static IEnumerable<string> GrpcHeaders(string? token) =>
        ["-H", "content-type: application/grpc", "-H", "te: trailers", .. token is null ? Array.Empty<string>() : ["-H", $"authorization: Bearer {token}"]];

    /// <summary>
    /// Runs h2load for a fixed time after a warm-up. <paramref name="clients"/> connections with
    /// <paramref name="streams"/> concurrent streams each.
    /// </summary>
    public static async Task<H2LoadRun> RunAsync(Uri url, string body, string? token, int clients, int streams, TimeSpan duration, TimeSpan warmUp, string? logFile = null)
    {
        string[] arguments =
        [
            "-c", Invariant(clients), "-m", Invariant(streams), "-t", "1",
            "-D", Invariant((int)duration.TotalSeconds), .. warmUp > TimeSpan.Zero ? ["--warm-up-time", Invariant((int)Math.Max(1, warmUp.TotalSeconds))] : Array.Empty<string>(),
            "-d", body, .. GrpcHeaders(token), .. logFile is null ? Array.Empty<string>() : [$"--log-file={logFile}"], url.ToString(),
        ];
        var (code, output) = await ExternalTool.RunAsync(Path, arguments, System.IO.Path.GetTempPath(), timeout: duration + warmUp + TimeSpan.FromMinutes(1));
        if (code != 0)
        {
            throw new InvalidOperationException($"h2load failed ({code}):\n{output}");
        }

        var finished = Finished().Match(output);
        var requests = Requests().Match(output);
        if (!finished.Success || !requests.Success)
        {
            throw new InvalidOperationException("Cannot read h2load's output:\n" + output);
        }

        var latencies = logFile is null ? [] : ReadLatencies(logFile);
        return new H2LoadRun(
            double.Parse(finished.Groups[1].Value, CultureInfo.InvariantCulture),
            long.Parse(requests.Groups["succeeded"].Value, CultureInfo.InvariantCulture),
            long.Parse(requests.Groups["failed"].Value, CultureInfo.InvariantCulture),
            long.Parse(requests.Groups["errored"].Value, CultureInfo.InvariantCulture),
            latencies,
            output);
    }

    /// <summary>
    /// Sends <paramref name="requests"/> calls without a warm-up and returns the response body bytes per call.
    /// (In timed runs h2load counts the warm-up's bytes but not its requests, so only a counted run can tell.)
    /// </summary>
    public static async Task<double> BytesPerAnswerAsync(Uri url, string body, string? token, int requests)
    {
        string[] arguments = ["-n", Invariant(requests), "-c", "2", "-m", "8", "-d", body, .. GrpcHeaders(token), url.ToString()];
        var (code, output) = await ExternalTool.RunAsync(Path, arguments, System.IO.Path.GetTempPath());
        var succeeded = Requests().Match(output);
        var traffic = Traffic().Match(output);
        return code == 0 && succeeded.Success && traffic.Success && long.Parse(succeeded.Groups["succeeded"].Value, CultureInfo.InvariantCulture) == requests
            ? double.Parse(traffic.Groups[1].Value, CultureInfo.InvariantCulture) / requests
            : throw new InvalidOperationException($"h2load could not complete {requests} calls:\n{output}");
    }

    /// <summary>The third column of h2load's log: microseconds from the request's start to the end of its response.</summary>
    private static List<double> ReadLatencies(string logFile) =>
        [.. File.ReadLines(logFile)
            .Select(l => l.Split('\t'))
            .Where(c => c.Length >= 3 && c[1] == "200")
            .Select(c => double.Parse(c[2], CultureInfo.InvariantCulture) / 1000.0)];

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex(@"finished in [^,]+, ([0-9.]+) req/s")]
    private static partial Regex Finished();

    [GeneratedRegex(@"requests: \d+ total, \d+ started, \d+ done, (?<succeeded>\d+) succeeded, (?<failed>\d+) failed, (?<errored>\d+) errored")]
    private static partial Regex Requests();

    [GeneratedRegex(@"traffic: .*\((\d+)\) data")]
    private static partial Regex Traffic();
}
