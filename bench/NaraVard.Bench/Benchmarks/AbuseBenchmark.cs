using System.Diagnostics;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using NaraVard.Api.V1;
using NaraVard.Bench.Tools;
using NaraVard.Testing;

namespace NaraVard.Bench.Benchmarks;

/// <summary>
/// One caller abusing the server while another uses it (issue 17): 200,000 lookups of ids that do not exist,
/// 10,000 watch streams on one token and 10,000 health watches without one, and one editor writing as fast as
/// it can. Beside each flood, a bystander with its own token reads the overview; its p95 is compared with its
/// p95 on the idle server in the same run (goal: within 2×). After the unknown-id flood the server's RSS, once
/// idle, is compared with where it started (goal: within 10 %).
/// </summary>
public sealed class AbuseBenchmark(BenchOptions options, Report report)
{
    private const int UnknownLookups = 200_000;
    private const int StreamFlood = 10_000;

    public async Task RunAsync()
    {
        using var folder = new TempDirectory("naravard-bench-abuse");
        await using var server = await BenchServer.StartAsync(folder.File("data"));
        using var admin = new ApiClient(server.Address, server.AdminToken);
        var ids = await County.SeedAsync(admin, 20);
        var store = $"--NaraVard:DataDirectory={folder.File("data")}";
        using var bystander = new ApiClient(server.Address, await ServerProcess.CreateTokenAsync("0586", "viewer", "Ledamot LGVO", store));
        using var editor = new ApiClient(server.Address, await ServerProcess.CreateTokenAsync("0580", "editor", "Skript Linköping", store));
        await bystander.Roadmap.GetOverviewAsync(new GetOverviewRequest()).ResponseAsync.WaitAsync(TimeSpan.FromSeconds(30));

        var idle = await Bystander.MeasureAsync(bystander, options.Duration, CancellationToken.None);
        Console.WriteLine($"  bystander idle: p95 {idle:0.00} ms");
        var rssBefore = Machine.ResidentMiB(server.ProcessId);

        var (unknownRate, duringLookups) = await WhileAsync(bystander, stop => UnknownIdsAsync(admin, stop));
        await Task.Delay(TimeSpan.FromSeconds(30)); // unknown ids deactivate at once; give the GC an idle moment too
        var rssAfter = Machine.ResidentMiB(server.ProcessId);
        report.Add(new Result("abuse", $"{UnknownLookups:N0} unknown-id lookups: bystander GetOverview p95", duringLookups, "ms", 2 * idle, "2 × idle p95", 1.0, $"idle p95 {idle:0.00} ms; {unknownRate:N0} lookups/s"));
        report.Add(new Result("abuse", "RSS 30 s after the unknown-id flood", rssAfter, "MiB", 1.1 * rssBefore, "1.1 × RSS before", 1.0, $"before {rssBefore:0} MiB"));

        var (streams, duringStreams) = await WhileAsync(bystander, stop => StreamFloodAsync(server.Address, server.AdminToken!, stop));
        report.Add(new Result("abuse", $"{StreamFlood:N0} watch streams on one token + {StreamFlood:N0} anonymous health watches: bystander p95", duringStreams, "ms", 2 * idle, "2 × idle p95", 1.0, streams));

        var (writes, duringWrites) = await WhileAsync(bystander, stop => WriteFloodAsync(editor, ids, stop));
        report.Add(new Result("abuse", "write flood by one editor: bystander p95", duringWrites, "ms", 2 * idle, "2 × idle p95", 1.0, writes));
    }

    /// <summary>Runs the flood and the bystander together; the bystander's p95 is taken while the flood runs.</summary>
    private async Task<(T Outcome, double BystanderP95)> WhileAsync<T>(ApiClient bystander, Func<CancellationToken, Task<T>> flood)
    {
        using var stop = new CancellationTokenSource();
        var running = flood(stop.Token);
        await Task.Delay(TimeSpan.FromSeconds(1)); // the flood is under way
        var p95 = await Bystander.MeasureAsync(bystander, options.Duration, CancellationToken.None);
        await stop.CancelAsync();
        return (await running, p95);
    }

    private static async Task<double> UnknownIdsAsync(ApiClient admin, CancellationToken stop)
    {
        var next = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, 64).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) is var n && n <= UnknownLookups)
            {
                try
                {
                    await admin.Roadmap.GetInitiativeAsync(new GetInitiativeRequest { Id = $"i-unknown{n:x8}" });
                }
                catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
                {
                }
            }
        }));
        return UnknownLookups / clock.Elapsed.TotalSeconds;
    }

    private static async Task<string> StreamFloodAsync(Uri address, string token, CancellationToken stop)
    {
        var channels = Enumerable.Range(0, 100).Select(_ => GrpcChannel.ForAddress(address, new GrpcChannelOptions { HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true } })).ToList();
        var auth = new Metadata { { "authorization", $"Bearer {token}" } };
        int watching = 0, healthWatching = 0, refused = 0;
        var calls = new List<Task>();
        for (var i = 0; i < StreamFlood; i++)
        {
            var channel = channels[i % channels.Count];
            calls.Add(HoldAsync(() => new RoadmapService.RoadmapServiceClient(channel).WatchRoadmap(new WatchRoadmapRequest(), auth, cancellationToken: stop).ResponseStream, () => Interlocked.Increment(ref watching)));
            calls.Add(HoldAsync(() => new Health.HealthClient(channel).Watch(new HealthCheckRequest(), cancellationToken: stop).ResponseStream, () => Interlocked.Increment(ref healthWatching)));
        }

        async Task HoldAsync<TMessage>(Func<IAsyncStreamReader<TMessage>> open, Action opened)
        {
            try
            {
                var stream = open();
                if (await stream.MoveNext(stop))
                {
                    opened();
                    while (await stream.MoveNext(stop))
                    {
                    }
                }
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.ResourceExhausted)
            {
                Interlocked.Increment(ref refused);
            }
            catch (RpcException) when (stop.IsCancellationRequested)
            {
            }
        }

        await Task.WhenAll(calls);
        channels.ForEach(c => c.Dispose());
        return $"open at the peak: {watching:N0} watch streams, {healthWatching:N0} health watches; refused RESOURCE_EXHAUSTED: {refused:N0}";
    }

    private static async Task<string> WriteFloodAsync(ApiClient editor, IReadOnlyList<string> ids, CancellationToken stop)
    {
        var linkoping = ids.Where((_, i) => i % 14 == 8).ToList(); // County.SeedAsync gives 0580 every 14th
        int accepted = 0, refused = 0;
        await Task.WhenAll(Enumerable.Range(0, 32).Select(async worker =>
        {
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                try
                {
                    await editor.Initiatives.ReportProgressAsync(new ReportProgressRequest { InitiativeId = linkoping[worker % linkoping.Count], ProgressPercent = n % 100, Status = InitiativeStatus.OnTrack });
                    Interlocked.Increment(ref accepted);
                }
                catch (RpcException e) when (e.StatusCode == StatusCode.ResourceExhausted)
                {
                    Interlocked.Increment(ref refused);
                }
            }
        }));
        return $"{accepted:N0} writes accepted, {refused:N0} refused RESOURCE_EXHAUSTED";
    }

    /// <summary>A viewer reading the overview one call after another, as a dashboard would.</summary>
    private static class Bystander
    {
        public static async Task<double> MeasureAsync(ApiClient client, TimeSpan duration, CancellationToken cancel)
        {
            var samples = new List<double>();
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < duration && !cancel.IsCancellationRequested)
            {
                var start = Stopwatch.GetTimestamp();
                await client.Roadmap.GetOverviewAsync(new GetOverviewRequest()).ResponseAsync;
                samples.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                await Task.Delay(20, cancel);
            }

            return Percentile.Of(samples, 95);
        }
    }
}
