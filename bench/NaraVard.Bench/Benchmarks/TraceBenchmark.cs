using System.Diagnostics;
using System.Globalization;
using NaraVard.Api.V1;
using NaraVard.Bench.Tools;
using NaraVard.Persistence;
using NaraVard.Persistence.Postgres;
using NaraVard.Testing;

namespace NaraVard.Bench.Benchmarks;

/// <summary>
/// One report by wall clock, on PostgreSQL, one client, one call at a time: where the time goes between the
/// gateway, the grain and the store (the server's own marks, NaraVard:TraceWrites), and how much the server adds
/// to the store's own append time (the same store class appending the same event from this process). Goal of
/// issue 16: the server adds at most 1 ms.
/// </summary>
public sealed class TraceBenchmark(Report report)
{
    private const int Calls = 400;

    public async Task RunAsync()
    {
        using var folder = new TempDirectory("naravard-bench-trace");
        await using var postgres = await PostgresServer.StartAsync();
        var connectionString = await postgres.CreateDatabaseAsync();
        await using var server = await BenchServer.StartAsync(folder.File("data"), $"--NaraVard:Postgres={connectionString}", "--NaraVard:TraceWrites=true", "--Logging:LogLevel:NaraVard.Server.Services.CallGate=Information");
        using var api = new ApiClient(server.Address, server.AdminToken);
        var id = (await County.SeedAsync(api, 1))[0];

        var latencies = new List<double>();
        for (var i = 0; i < Calls * 3 / 2; i++)
        {
            var clock = Stopwatch.StartNew();
            await api.Initiatives.ReportProgressAsync(new ReportProgressRequest { InitiativeId = id, ProgressPercent = i % 100, Status = InitiativeStatus.OnTrack });
            if (i >= Calls / 2)
            {
                latencies.Add(clock.Elapsed.TotalMilliseconds); // the first half-batch warms JIT and pools
            }
        }

        var store = await StoreAppendAsync(connectionString);
        var call = Percentile.Of(latencies, 50);
        report.Add(new Result("trace", "ReportProgress, 1 client, median", call, "ms", store + 1, "store's own append + 1 ms", 1.0, $"store alone {store:0.00} ms; the server adds {call - store:0.00} ms"));
        report.Note(StageTable(server.Output, Calls / 2 + 1, $"Wall-clock trace of one ReportProgress on PostgreSQL, one client (median of {{0}} calls, ms after the gateway's interceptor starts; client total {call:0.00} ms):", call));

        // Under load the marks say which stage the calls queue in.
        var bodies = await Writers.PrepareBodiesAsync(await County.SeedAsync(api, LoadedClients), folder);
        var before = server.Output.Length;
        var loaded = await Writers.RunAsync(server, server.AdminToken!, bodies, LoadedClients, TimeSpan.FromSeconds(5), folder);
        report.Note(StageTable(server.Output[before..], 0, $"The same at {LoadedClients} clients (h2load, {loaded.RequestsPerSecond:0} req/s, {loaded.CpuSummary}; median of {{0}} calls):", Percentile.Of(loaded.LatenciesMs, 50)));
    }

    private const int LoadedClients = 32;

    /// <summary>The same kind of event appended by the store class itself, one at a time, as the server's writer would.</summary>
    private static async Task<double> StoreAppendAsync(string connectionString)
    {
        await using var store = new PostgresEventStore(connectionString);
        await store.InitializeAsync();
        var data = new string('x', 600);
        var times = new List<double>();
        for (var i = 0; i < Calls * 3 / 2; i++)
        {
            var clock = Stopwatch.StartNew();
            await store.AppendAsync("bench-trace", ExpectedVersion.Any, [new EventData("ProgressReported", data)]);
            if (i >= Calls / 2)
            {
                times.Add(clock.Elapsed.TotalMilliseconds);
            }
        }

        return Percentile.Of(times, 50);
    }

    /// <summary>Median offset of each mark from the gateway's first, over the traced ReportProgress calls.</summary>
    private static string StageTable(string output, int skip, string title, double call)
    {
        var traces = output.Split('\n')
            .Where(l => l.Contains("write trace /naravard.v1.InitiativeService/ReportProgress", StringComparison.Ordinal))
            .Skip(skip)
            .Select(l => l[(l.IndexOf("ReportProgress ", StringComparison.Ordinal) + 15)..].Trim().Split(' ').Select(m => m.Split('=')).ToDictionary(m => m[0], m => double.Parse(m[1], CultureInfo.InvariantCulture) / 1000))
            .ToList();
        if (traces.Count == 0)
        {
            return "no traces were logged";
        }

        var stages = traces[0].Keys.ToList();
        var lines = new List<string> { string.Format(CultureInfo.InvariantCulture, title, traces.Count), "", "| mark | at | since the previous mark |", "|---|---:|---:|" };
        var previous = 0.0;
        foreach (var stage in stages)
        {
            var at = Percentile.Of([.. traces.Where(t => t.ContainsKey(stage)).Select(t => t[stage])], 50);
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"| {stage} | {at:0.00} | {at - previous:0.00} |"));
            previous = at;
        }

        lines.Add(string.Create(CultureInfo.InvariantCulture, $"| (client: response received) | {call:0.00} | {call - previous:0.00} |"));
        return string.Join('\n', lines);
    }
}
