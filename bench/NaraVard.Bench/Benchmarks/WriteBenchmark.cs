using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using NaraVard.Bench.Tools;
using NaraVard.Persistence.Sqlite;
using NaraVard.Testing;

namespace NaraVard.Bench.Benchmarks;

/// <summary>
/// Durable writes: ReportProgress to distinct initiatives at 1, 8, 32 and 64 concurrent clients. On PostgreSQL
/// against pgbench inserting one comparable event row per transaction at the same concurrency (the naive durable
/// limit; goal ≥ 1.5 × at 32 clients, p99 ≤ 25 ms); on SQLite against a loop inserting one row per transaction
/// with the store's own settings (WAL, synchronous=FULL).
/// </summary>
public sealed partial class WriteBenchmark(BenchOptions options, Report report)
{
    private static readonly int[] Concurrency = [1, 8, 32, 64];

    public async Task RunAsync()
    {
        await PostgresAsync();
        await SqliteAsync();
    }

    private async Task PostgresAsync()
    {
        using var folder = new TempDirectory("naravard-bench-writes-pg");
        await using var postgres = await PostgresServer.StartAsync();
        var connectionString = await postgres.CreateDatabaseAsync();
        var database = new Npgsql.NpgsqlConnectionStringBuilder(connectionString).Database!;
        await using var server = await BenchServer.StartAsync(folder.File("data"), $"--NaraVard:Postgres={connectionString}");
        var (token, bodies) = await PrepareAsync(server, folder);
        var eventSize = int.Parse(await postgres.PsqlAsync(database, "SELECT max(length(data)) FROM events WHERE type = 'ProgressReported'"), CultureInfo.InvariantCulture);
        await File.WriteAllTextAsync(folder.File("insert.sql"), $"INSERT INTO bench_events (stream_id, version, type, data, recorded_at) VALUES ('initiative-' || :client_id, nextval('bench_version'), 'ProgressReported', repeat('x', {eventSize}), now());\n");
        await postgres.PsqlAsync(database, "CREATE TABLE bench_events (LIKE events INCLUDING ALL); CREATE SEQUENCE bench_version;");

        foreach (var clients in Concurrency)
        {
            await WarmUpAsync(server, token, bodies, clients, folder);
            var before = await SettledAsync(() => CountAsync(postgres, database));
            var run = await Writers.RunAsync(server, token, bodies, clients, options.Duration, folder, $"writes-postgres-{clients}");
            Verify(run, await CountAsync(postgres, database) - before);
            var limit = await PgbenchAsync(postgres, database, folder.File("insert.sql"), clients);
            report.Add(new Result("writes", $"PostgreSQL ReportProgress, {clients} clients", run.RequestsPerSecond, "req/s", limit, "pgbench, one row per transaction", clients == 32 ? 1.5 : 0, $"p99 {run.P99:0.0} ms; {run.CpuSummary}"));
            report.Add(new Result("writes", $"PostgreSQL p99 latency, {clients} clients", run.P99, "ms", 25, "goal", clients == 32 ? 1.0 : 0));
        }
    }

    private async Task SqliteAsync()
    {
        using var folder = new TempDirectory("naravard-bench-writes-sqlite");
        await using var server = await BenchServer.StartAsync(folder.File("data"));
        var (token, bodies) = await PrepareAsync(server, folder);
        var database = Path.Combine(server.DataDirectory, "naravard.db");
        var eventSize = (int)await ScalarSqliteAsync(database, "SELECT max(length(data)) FROM events WHERE type = 'ProgressReported'");
        var limit = await InsertLoopAsync(folder.File("loop.db"), eventSize, options.Duration);
        foreach (var clients in Concurrency)
        {
            await WarmUpAsync(server, token, bodies, clients, folder);
            var before = await SettledAsync(() => ScalarSqliteAsync(database, "SELECT count(*) FROM events"));
            var run = await Writers.RunAsync(server, token, bodies, clients, options.Duration, folder, $"writes-sqlite-{clients}");
            Verify(run, await ScalarSqliteAsync(database, "SELECT count(*) FROM events") - before);
            report.Add(new Result("writes", $"SQLite ReportProgress, {clients} clients", run.RequestsPerSecond, "req/s", limit, "insert loop, one row per transaction", 0, $"p99 {run.P99:0.0} ms; {run.CpuSummary}"));
        }
    }

    private static async Task<(string Token, IReadOnlyList<string> Bodies)> PrepareAsync(ServerProcess server, TempDirectory folder)
    {
        var token = server.AdminToken!;
        using var channel = new ApiClient(server.Address, token);
        var ids = await County.SeedAsync(channel, Concurrency.Max());
        var bodies = await Writers.PrepareBodiesAsync(ids, folder);

        // JIT and connection pools warm, on every initiative, before anything is measured.
        await Writers.RunAsync(server, token, bodies, Concurrency.Max(), TimeSpan.FromSeconds(2), folder);
        return (token, bodies);
    }

    /// <summary>
    /// The same load unmeasured first: the first seconds at a new concurrency ran at about half the rate of the
    /// next ones (JIT tiers and pools settling), and a server is measured as it runs for days.
    /// </summary>
    private Task WarmUpAsync(ServerProcess server, string token, IReadOnlyList<string> bodies, int clients, TempDirectory folder) =>
        Writers.RunAsync(server, token, bodies, clients, options.WarmUp, folder);

    /// <summary>
    /// The event count once the calls the warm-up's h2load left in flight have been written: the server commits
    /// them after h2load has stopped, and counted in the measured run they exceeded its one call per client
    /// (54,584 events for 54,502 answers at 64 clients, 2026-12-03).
    /// </summary>
    private static async Task<long> SettledAsync(Func<Task<long>> count)
    {
        var last = await count();
        for (var tries = 0; tries < 50; tries++)
        {
            await Task.Delay(100);
            var now = await count();
            if (now == last)
            {
                return now;
            }

            last = now;
        }

        throw new InvalidOperationException($"The event count was still moving 5 s after the warm-up stopped ({last:N0}).");
    }

    /// <summary>
    /// Every call h2load counted as answered must have written its event (a gRPC error is an HTTP 200 too);
    /// at most one call per client may have been cut off by h2load's stop after the server committed it.
    /// </summary>
    private static void Verify(WriteRun run, long written)
    {
        if (run.Failed > 0 || written < run.Succeeded || written > run.Succeeded + run.Clients)
        {
            throw new InvalidOperationException($"{run.Clients} clients: h2load counted {run.Succeeded} answered and {run.Failed} failed, but {written} events were written.");
        }
    }

    private static async Task<long> CountAsync(PostgresServer postgres, string database) =>
        long.Parse(await postgres.PsqlAsync(database, "SELECT count(*) FROM events"), CultureInfo.InvariantCulture);

    private static async Task<long> ScalarSqliteAsync(string path, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private async Task<double> PgbenchAsync(PostgresServer postgres, string database, string script, int clients)
    {
        string[] arguments = ["-h", "127.0.0.1", "-p", postgres.Port.ToString(CultureInfo.InvariantCulture), "-U", "postgres", "-n", "-M", "prepared",
            "-c", clients.ToString(CultureInfo.InvariantCulture), "-j", Math.Min(clients, 2).ToString(CultureInfo.InvariantCulture),
            "-T", ((int)options.Duration.TotalSeconds).ToString(CultureInfo.InvariantCulture), "-f", script, database];
        var (code, output) = await ExternalTool.RunAsync(postgres.Tool("pgbench"), arguments, Path.GetTempPath(), timeout: options.Duration + TimeSpan.FromMinutes(1));
        var tps = Tps().Match(output);
        return code == 0 && tps.Success
            ? double.Parse(tps.Groups[1].Value, CultureInfo.InvariantCulture)
            : throw new InvalidOperationException($"pgbench failed ({code}):\n{output}");
    }

    /// <summary>
    /// The naive durable limit of SQLite: one row per transaction into the store's own schema (made by the store,
    /// WAL mode) with its writer's setting (synchronous=FULL), for the same time.
    /// </summary>
    private static async Task<double> InsertLoopAsync(string path, int dataSize, TimeSpan duration)
    {
        await using (var store = new SqliteEventStore(path))
        {
            await store.InitializeAsync();
        }

        await using var connection = new SqliteConnection($"Data Source={path}");
        await connection.OpenAsync();
        await using var setup = connection.CreateCommand();
        setup.CommandText = "PRAGMA synchronous=FULL;";
        await setup.ExecuteNonQueryAsync();
        await using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO events (stream_id, version, type, data, recorded_at) VALUES ('initiative-loop', $v, 'ProgressReported', $d, $t)";
        var version = insert.Parameters.Add("$v", SqliteType.Integer);
        insert.Parameters.AddWithValue("$d", new string('x', dataSize));
        insert.Parameters.AddWithValue("$t", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        var clock = System.Diagnostics.Stopwatch.StartNew();
        long rows = 0;
        while (clock.Elapsed < duration)
        {
            version.Value = ++rows;
            await insert.ExecuteNonQueryAsync();
        }

        return rows / clock.Elapsed.TotalSeconds;
    }

    [GeneratedRegex(@"tps = ([0-9.]+) \(without initial connection time\)")]
    private static partial Regex Tps();
}
