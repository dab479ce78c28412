using System.Diagnostics;
using NaraVard.Api.V1;
using NaraVard.Bench.Tools;
using NaraVard.Testing;

namespace NaraVard.Bench.Benchmarks;

/// <summary>
/// Watch fan-out: 1,000 open WatchRoadmap streams (ten connections of 100 streams, Kestrel's default stream
/// limit) while one client reports progress ten times a second. For every report and every stream: the time
/// from the report's acknowledgement to the change's arrival (0 when it arrived first). Goal: p99 ≤ 100 ms.
/// </summary>
public sealed class WatchBenchmark(BenchOptions options, Report report)
{
    private const int Streams = 1_000;
    private const int Connections = 10;

    public async Task RunAsync()
    {
        using var folder = new TempDirectory("naravard-bench-watch");
        await using var server = await BenchServer.StartAsync(folder.File("data"));
        using var reporter = new ApiClient(server.Address, server.AdminToken);
        var ids = await County.SeedAsync(reporter, 20);

        var channels = Enumerable.Range(0, Connections).Select(_ => new ApiClient(server.Address, server.AdminToken)).ToList();
        using var stop = new CancellationTokenSource();
        var watchers = Enumerable.Range(0, Streams).Select(i => new Watcher(channels[i % Connections])).ToList();
        var running = watchers.Select(w => w.RunAsync(stop.Token)).ToList();
        await Task.WhenAll(watchers.Select(w => w.Ready)).WaitAsync(TimeSpan.FromMinutes(2));
        var rssWithStreams = Machine.ResidentMiB(server.ProcessId);

        var acknowledged = new Dictionary<(string, long), long>();
        var reports = Math.Max(50, (int)options.Duration.TotalSeconds * 10);
        for (var i = 0; i < reports; i++)
        {
            var answer = await reporter.Initiatives.ReportProgressAsync(new ReportProgressRequest { InitiativeId = ids[i % ids.Count], ProgressPercent = i % 100, Status = InitiativeStatus.OnTrack }).ResponseAsync;
            acknowledged[(answer.Id, answer.Version)] = Stopwatch.GetTimestamp();
            await Task.Delay(100);
        }

        // Every stream must receive every report; wait for the stragglers, then stop.
        var deadline = Stopwatch.StartNew();
        while (watchers.Any(w => !acknowledged.Keys.All(w.Arrivals.ContainsKey)) && deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(100);
        }

        await stop.CancelAsync();
        await Task.WhenAll(running);
        channels.ForEach(c => c.Dispose());

        var missing = watchers.Sum(w => acknowledged.Keys.Count(k => !w.Arrivals.ContainsKey(k)));
        if (missing > 0)
        {
            throw new InvalidOperationException($"{missing} of {Streams * reports} changes never reached their stream.");
        }

        var latencies = watchers.SelectMany(w => acknowledged.Select(a => Math.Max(0, Stopwatch.GetElapsedTime(a.Value, w.Arrivals[a.Key]).TotalMilliseconds))).ToList();
        report.Add(new Result("watch", $"{Streams:N0} streams × {reports} reports, p99 ack → arrival", Percentile.Of(latencies, 99), "ms", 100, "goal", 1.0,
            $"p50 {Percentile.Of(latencies, 50):0.0} ms, max {latencies.Max():0.0} ms, server RSS {rssWithStreams:0} MiB with the streams open"));
    }

    /// <summary>One watch stream: reads the snapshot, then stamps the arrival of every change by initiative and version.</summary>
    private sealed class Watcher(ApiClient channel)
    {
        private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Ready => _ready.Task;

        public System.Collections.Concurrent.ConcurrentDictionary<(string, long), long> Arrivals { get; } = new();

        public async Task RunAsync(CancellationToken stop)
        {
            try
            {
                await foreach (var change in channel.WatchAsync(new WatchRoadmapRequest(), cancellationToken: stop))
                {
                    if (change.SubjectCase == RoadmapChange.SubjectOneofCase.SnapshotComplete)
                    {
                        _ready.TrySetResult();
                    }
                    else if (change.Event is not null && change.Initiative is { } initiative)
                    {
                        Arrivals.TryAdd((initiative.Id, initiative.Version), Stopwatch.GetTimestamp());
                    }
                }
            }
            catch (Exception e) when (stop.IsCancellationRequested && e is OperationCanceledException or Grpc.Core.RpcException or IOException or HttpRequestException)
            {
            }
            catch (Exception e)
            {
                _ready.TrySetException(e);
                throw;
            }
        }
    }
}
