using System.Diagnostics;
using NaraVard.Bench.Tools;
using NaraVard.Testing;

namespace NaraVard.Bench.Benchmarks;

/// <summary>
/// Loading a large plan: 5,000 rows (a whole county's plans several times over) through ImportPlan on the
/// embedded store, dry run then commit, in rows and in writes per second; beside them, the durable write rate of
/// ReportProgress from 16 clients on the same server in the same run (the import writes with 16 rows at a time).
/// </summary>
public sealed class ImportBenchmark(BenchOptions options, Report report)
{
    private const int Rows = 5000;
    private const int Clients = 16;

    public async Task RunAsync()
    {
        using var folder = new TempDirectory("naravard-bench-import");
        await using var server = await BenchServer.StartAsync(folder.File("data"));
        var token = server.AdminToken!;
        using var api = new ApiClient(server.Address, token);
        var ids = await County.SeedAsync(api, Clients);
        var bodies = await Writers.PrepareBodiesAsync(ids, folder);
        await Writers.RunAsync(server, token, bodies, Clients, TimeSpan.FromSeconds(2), folder);
        var writes = await Writers.RunAsync(server, token, bodies, Clients, options.Duration, folder, "import-writes");

        var file = SamplePlan.Xlsx(SamplePlan.Rows("bench", Rows));
        await api.ImportAsync(SamplePlan.Xlsx(SamplePlan.Rows("warm", 20)), "warm.xlsx", dryRun: false);

        var clock = Stopwatch.StartNew();
        var dry = await api.ImportAsync(file, "plan.xlsx", dryRun: true);
        var dryTime = clock.Elapsed;
        clock.Restart();
        var committed = await api.ImportAsync(file, "plan.xlsx", dryRun: false);
        var commitTime = clock.Elapsed;
        if (dry.Created != Rows || !committed.Committed || committed.Created != Rows)
        {
            throw new InvalidOperationException($"the import did not create {Rows} initiatives: dry run {dry.Created}, commit {committed.Created}, problems {string.Join("; ", committed.Problems.Take(3))}");
        }

        var commands = committed.Writes;
        var note = $"{file.Length / 1024} KB XLSX; {commands:N0} writes";
        report.Add(new Result("import", $"Dry run, {Rows:N0} rows", Rows / dryTime.TotalSeconds, "rows/s", writes.RequestsPerSecond, $"ReportProgress, {Clients} clients", 0, $"{dryTime.TotalSeconds:0.0} s; {note}"));
        report.Add(new Result("import", $"Commit, {Rows:N0} rows", Rows / commitTime.TotalSeconds, "rows/s", writes.RequestsPerSecond, $"ReportProgress, {Clients} clients", 0, $"{commitTime.TotalSeconds:0.0} s"));
        report.Add(new Result("import", "Commit, durable writes", commands / commitTime.TotalSeconds, "writes/s", writes.RequestsPerSecond, $"ReportProgress, {Clients} clients", 0, $"p99 of the ReportProgress run {writes.P99:0.0} ms"));
    }
}
