using System.Collections.Concurrent;
using NaraVard.Api.V1;
using Grpc.Core;
using NaraVard.Testing;
using Xunit.Abstractions;

namespace NaraVard.Server.Tests.Faults;

/// <summary>
/// Clients report with unique request ids while the server is killed with SIGKILL at random moments and
/// restarted, ten rounds. Afterwards every acknowledged report is in the history (lost = 0) and reports
/// retried after an unknown outcome appear once (duplicates = 0).
/// </summary>
public sealed class CrashTests(ITestOutputHelper output)
{
    // Ten in the suite; bench/soak raises it for long runs (NARAVARD_CRASH_ROUNDS).
    private static readonly int Rounds = int.TryParse(Environment.GetEnvironmentVariable("NARAVARD_CRASH_ROUNDS"), out var rounds) && rounds > 0 ? rounds : 10;
    private const int Clients = 6;

    [Fact]
    public async Task SqliteServer_KilledTenTimesUnderLoad_LosesAndDuplicatesNothing()
    {
        using var data = new TempDirectory("naravard-crash");
        await RunAsync(data.Path, []);
    }

    [Fact]
    public async Task PostgresServer_KilledTenTimesUnderLoad_LosesAndDuplicatesNothing()
    {
        using var data = new TempDirectory("naravard-crash-pg");
        await using var postgres = await PostgresServer.StartAsync();
        var connectionString = await postgres.CreateDatabaseAsync();
        await RunAsync(data.Path, [$"--NaraVard:Postgres={connectionString}"]);
    }

    private async Task RunAsync(string dataDirectory, string[] store)
    {
        var port = Loopback.FreePort();

        // Restarted as an operator would: the same addresses, so the cluster sees a newer generation of the same silo.
        string[] arguments =
        [
            $"--urls=http://127.0.0.1:{port}", $"--NaraVard:SiloPort={Loopback.FreePort()}", $"--NaraVard:GatewayPort={Loopback.FreePort()}",
            "--NaraVard:AdvertisedAddress=127.0.0.1", .. store,
        ];
        var server = await ServerProcess.StartAsync(dataDirectory, arguments);
        var token = server.AdminToken!;
        using var channel = new ApiClient(new Uri($"http://127.0.0.1:{port}"), token);
        var ids = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            ids.Add((await channel.Initiatives.CreateInitiativeAsync(new CreateInitiativeRequest { Title = $"Krasch {i}", OwnerCode = "0580", Scope = Scope.Municipal, RoadmapItem = "K01" }).ResponseAsync).Id);
        }

        var acknowledged = new ConcurrentDictionary<string, string>(); // request id → initiative
        var unknownOutcomes = 0;
        using var stop = new CancellationTokenSource();
        var clients = Enumerable.Range(0, Clients).Select(c => Task.Run(async () =>
        {
            var random = new Random(c);
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var requestId = $"c{c}-{n}";
                var id = ids[random.Next(ids.Count)];
                while (true)
                {
                    try
                    {
                        await channel.Initiatives.ReportProgressAsync(new ReportProgressRequest { InitiativeId = id, ProgressPercent = n % 101, Status = InitiativeStatus.OnTrack, RequestId = requestId }, deadline: ApiClient.In(TimeSpan.FromSeconds(5))).ResponseAsync;
                        acknowledged[requestId] = id;
                        break;
                    }
                    catch (RpcException e) when (e.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Internal or StatusCode.Unknown or StatusCode.Cancelled)
                    {
                        // Unknown outcome: the server may or may not have committed it. Retry the same request id.
                        Interlocked.Increment(ref unknownOutcomes);
                        await Task.Delay(100);
                    }
                }
            }
        })).ToList();

        var chaos = new Random(42);
        for (var round = 0; round < Rounds; round++)
        {
            await Task.Delay(chaos.Next(300, 900));
            await server.KillAsync();
            await server.DisposeAsync();
            server = await ServerProcess.StartAsync(dataDirectory, arguments);
        }

        await Task.Delay(500);
        await stop.CancelAsync();
        await Task.WhenAll(clients).WaitAsync(TimeSpan.FromMinutes(2));

        var lost = 0;
        var duplicates = 0;
        foreach (var id in ids)
        {
            var history = await channel.HistoryAsync(id);
            var recorded = history.Events.Where(e => e.Type == "ProgressReported").GroupBy(e => e.RequestId).ToDictionary(g => g.Key, g => g.Count());
            duplicates += recorded.Values.Sum(count => count - 1);
            lost += acknowledged.Count(a => a.Value == id && !recorded.ContainsKey(a.Key));
        }

        // Progress made: after the last kill every initiative takes a report again (a count of reports acknowledged
        // during the run would measure how busy the machine was, not what a user cares about).
        foreach (var id in ids)
        {
            await channel.Initiatives.ReportProgressAsync(new ReportProgressRequest { InitiativeId = id, ProgressPercent = 100, Status = InitiativeStatus.OnTrack, RequestId = $"after-{id}" }, deadline: ApiClient.In(TimeSpan.FromMinutes(1))).ResponseAsync;
        }

        await server.DisposeAsync();
        output.WriteLine($"{Rounds} kills; {acknowledged.Count} acknowledged reports; {unknownOutcomes} attempts with unknown outcome retried; lost = {lost}, duplicates = {duplicates}");
        Assert.NotEmpty(acknowledged);
        Assert.Equal(0, lost);
        Assert.Equal(0, duplicates);
    }
}
