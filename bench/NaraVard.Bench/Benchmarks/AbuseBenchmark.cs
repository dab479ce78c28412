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
        await MemoryAfterUnknownIdsAsync();
        await BystanderAsync();
    }

    /// <summary>200,000 lookups of ids that do not exist (limits lifted so that every one reaches a grain), then the server idle.</summary>
    private async Task MemoryAfterUnknownIdsAsync()
    {
        using var folder = new TempDirectory("naravard-bench-abuse-memory");
        await using var server = await BenchServer.StartAsync(folder.File("data"));
        using var admin = new ApiClient(server.Address, server.AdminToken);
        await County.SeedAsync(admin, 20);

        // Warm: the code paths compiled and tiered, the pools at their working size. What is measured is what
        // 200,000 more unknown ids leave behind, not the first use of the lookup path.
        await UnknownIdsAsync(admin, UnknownLookups / 10, CancellationToken.None);
        await Task.Delay(TimeSpan.FromSeconds(60));
        var before = Machine.ResidentMiB(server.ProcessId);
        var rate = await UnknownIdsAsync(admin, UnknownLookups, CancellationToken.None);
        var peak = Machine.ResidentMiB(server.ProcessId);
        await Task.Delay(TimeSpan.FromSeconds(60)); // unknown ids deactivate at once; the server trims once idle
        var after = Machine.ResidentMiB(server.ProcessId);
        report.Add(new Result("abuse", $"RSS 60 s after {UnknownLookups:N0} unknown-id lookups", after, "MiB", 1.1 * before, "1.1 × RSS before", 1.0, $"before (warm, idle) {before:0} MiB, right after {peak:0} MiB; {rate}"));
    }

    /// <summary>The floods against a server with the default limits, a bystander reading beside each.</summary>
    private async Task BystanderAsync()
    {
        using var folder = new TempDirectory("naravard-bench-abuse");

        // The limits a real server has (test and benchmark servers lift them to measure the server itself).
        var defaults = new NaraVard.Server.NaraVardOptions();
        await using var server = await BenchServer.StartAsync(
            folder.File("data"),
            $"--NaraVard:WatchStreamsPerIdentity={defaults.WatchStreamsPerIdentity}",
            $"--NaraVard:WritesPerSecondPerIdentity={defaults.WritesPerSecondPerIdentity}",
            $"--NaraVard:WriteBurstPerIdentity={defaults.WriteBurstPerIdentity}",
            $"--NaraVard:ReadsPerSecondPerIdentity={defaults.ReadsPerSecondPerIdentity}",
            $"--NaraVard:ReadBurstPerIdentity={defaults.ReadBurstPerIdentity}");
        using var admin = new ApiClient(server.Address, server.AdminToken);
        var ids = await County.SeedAsync(admin, 20);
        var store = $"--NaraVard:DataDirectory={folder.File("data")}";
        using var bystander = new ApiClient(server.Address, await ServerProcess.CreateTokenAsync("0586", "viewer", "Ledamot LGVO", store));
        using var editor = new ApiClient(server.Address, await ServerProcess.CreateTokenAsync("0580", "editor", "Skript Linköping", store));
        await bystander.Roadmap.GetOverviewAsync(new GetOverviewRequest()).ResponseAsync.WaitAsync(TimeSpan.FromSeconds(30));

        await Bystander.MeasureAsync(bystander, TimeSpan.FromSeconds(2), CancellationToken.None); // warm
        var idle = await Bystander.MeasureAsync(bystander, options.Duration, CancellationToken.None);
        Console.WriteLine($"  bystander idle: p95 {idle:0.00} ms");

        var (lookups, duringLookups) = await WhileAsync(bystander, stop => UnknownIdsAsync(admin, int.MaxValue, stop));
        report.Add(new Result("abuse", "unknown-id lookups by one token (64 at once): bystander GetOverview p95", duringLookups, "ms", 2 * idle, "2 × idle p95", 1.0, $"idle p95 {idle:0.00} ms; {lookups}"));

        var (streams, duringStreams) = await WhileAsync(bystander, stop => StreamFloodAsync(server.Address, server.AdminToken!, stop));
        report.Add(new Result("abuse", $"{StreamFlood:N0} watch streams on one token + {StreamFlood:N0} anonymous health watches: bystander p95", duringStreams, "ms", 2 * idle, "2 × idle p95", 1.0, streams));

        var (writes, duringWrites) = await WhileAsync(bystander, stop => WriteFloodAsync(editor, ids, stop));
        report.Add(new Result("abuse", "write flood by one editor (32 at once): bystander p95", duringWrites, "ms", 2 * idle, "2 × idle p95", 1.0, writes));

        // Issue 31's floods: the bystander's p95 while each runs, and the server's RSS once it has been idle 60 s.
        var linkoping = ids.Where((_, i) => i % 14 == 8).ToList();
        using var viewer = new ApiClient(server.Address, await ServerProcess.CreateTokenAsync("0581", "viewer", "Ledamot SVO", store));
        var warm = Machine.ResidentMiB(server.ProcessId);
        (string Name, Func<CancellationToken, Task<string>> Flood)[] floods =
        [
            ("writes by one editor through the method path in other case (32 at once)", stop => AbuseFloods.MisCasedWritesAsync(server.Address, editor.Token!, linkoping, stop)),
            ("dry runs of a 60-range merged-cell XLSX by one viewer (4 at once)", stop => AbuseFloods.MergedRangeDryRunsAsync(viewer, stop)),
            ("PDF prints by one viewer (40 at once)", stop => AbuseFloods.PrintsAsync(viewer, stop)),
            ("10,000 idle connections from one address", stop => AbuseFloods.IdleConnectionsAsync(server.Address, stop)),
        ];
        foreach (var (name, flood) in floods)
        {
            var (outcome, during) = await WhileAsync(bystander, flood);
            report.Add(new Result("abuse", $"{name}: bystander p95", during, "ms", 2 * idle, "2 × idle p95", 1.0, outcome));
            await Task.Delay(TimeSpan.FromSeconds(60));
            var settled = Machine.ResidentMiB(server.ProcessId);
            report.Add(new Result("abuse", $"{name}: RSS 60 s after", settled, "MiB", 1.1 * warm, "1.1 × warm idle RSS", 1.0, $"warm idle {warm:0} MiB"));
        }
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

    private static async Task<string> UnknownIdsAsync(ApiClient admin, int count, CancellationToken stop)
    {
        int next = 0, refused = 0, dropped = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, 64).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) <= count && !stop.IsCancellationRequested)
            {
                try
                {
                    await admin.Roadmap.GetInitiativeAsync(new GetInitiativeRequest { Id = NaraVard.Grains.Ids.New("i") });
                }
                catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
                {
                }
                catch (RpcException e) when (e.StatusCode == StatusCode.ResourceExhausted)
                {
                    Interlocked.Increment(ref refused);
                }
                catch (RpcException e) when (e.StatusCode == StatusCode.Unavailable)
                {
                    // Kestrel closes a connection that keeps this up for some seconds (tens of thousands of refused
                    // calls); the flooder reconnects, as a script would. Counted, so the report says so.
                    Interlocked.Increment(ref dropped);
                }
            }
        }));
        var made = Math.Min(next, count);
        return $"{made:N0} lookups, {made / clock.Elapsed.TotalSeconds:N0} a second, {refused:N0} refused RESOURCE_EXHAUSTED, {dropped:N0} lost with a connection the server closed";
    }

    private static async Task<string> StreamFloodAsync(Uri address, string token, CancellationToken stop)
    {
        var channels = Enumerable.Range(0, 100).Select(_ => GrpcChannel.ForAddress(address, new GrpcChannelOptions { HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true } })).ToList();
        var auth = new Metadata { { "authorization", $"Bearer {token}" } };
        var watches = new Tally();
        var health = new Tally();
        var calls = new List<Task>();
        for (var i = 0; i < StreamFlood; i++)
        {
            var channel = channels[i % channels.Count];
            calls.Add(watches.HoldAsync(() => new RoadmapService.RoadmapServiceClient(channel).WatchRoadmap(new WatchRoadmapRequest(), auth, cancellationToken: stop).ResponseStream, stop));
            calls.Add(health.HoldAsync(() => new Health.HealthClient(channel).Watch(new HealthCheckRequest(), cancellationToken: stop).ResponseStream, stop));
        }

        await Task.WhenAll(calls);
        channels.ForEach(c => c.Dispose());
        return $"watch streams: {watches}; health watches: {health}";
    }

    /// <summary>How many streams of one kind were open at once at most, and how many were refused or failed otherwise.</summary>
    private sealed class Tally
    {
        private int _open;
        private int _peak;
        private int _refused;
        private int _failed;

        public async Task HoldAsync<TMessage>(Func<IAsyncStreamReader<TMessage>> open, CancellationToken stop)
        {
            var opened = false;
            try
            {
                var stream = open();
                if (await stream.MoveNext(stop))
                {
                    opened = true;
                    var now = Interlocked.Increment(ref _open);
                    InterlockedMax(ref _peak, now);
                    while (await stream.MoveNext(stop))
                    {
                    }
                }
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.ResourceExhausted)
            {
                Interlocked.Increment(ref _refused);
            }
            catch (RpcException) when (stop.IsCancellationRequested)
            {
            }
            catch (RpcException)
            {
                Interlocked.Increment(ref _failed);
            }
            finally
            {
                if (opened)
                {
                    Interlocked.Decrement(ref _open);
                }
            }
        }

        private static void InterlockedMax(ref int target, int value)
        {
            for (var seen = target; value > seen && Interlocked.CompareExchange(ref target, value, seen) != seen; seen = target)
            {
            }
        }

        public override string ToString() => $"{_peak:N0} open at most, {_refused:N0} refused RESOURCE_EXHAUSTED, {_failed:N0} failed otherwise";
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
