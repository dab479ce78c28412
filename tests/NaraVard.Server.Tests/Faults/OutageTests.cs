using System.Collections.Concurrent;
using System.Diagnostics;
using NaraVard.Api.V1;
using Grpc.Core;
using NaraVard.Testing;
using Xunit.Abstractions;

namespace NaraVard.Server.Tests.Faults;

/// <summary>PostgreSQL stops for 5 s under load: calls answer UNAVAILABLE promptly, service returns by itself, nothing acknowledged is lost.</summary>
public sealed class OutageTests(ITestOutputHelper output)
{
    [Fact]
    public async Task DatabaseStoppedFiveSecondsUnderLoad_AnswersUnavailable_RecoversWithinFiveSeconds_LosesNothing()
    {
        using var data = new TempDirectory("naravard-outage");
        await using var postgres = await PostgresServer.StartAsync();
        var connectionString = await postgres.CreateDatabaseAsync();
        await using var server = await ServerProcess.StartAsync(data.Path, [$"--NaraVard:Postgres={connectionString}"]);
        using var channel = new ApiClient(server.Address, server.AdminToken!);
        var id = (await channel.Initiatives.CreateInitiativeAsync(new CreateInitiativeRequest { Title = "Avbrott", OwnerCode = "0581", Scope = Scope.Municipal, RoadmapItem = "K05" }).ResponseAsync).Id;

        var acknowledged = new ConcurrentBag<string>();
        var statuses = new ConcurrentDictionary<StatusCode, int>();
        var slowest = TimeSpan.Zero;
        using var stop = new CancellationTokenSource();
        var load = Enumerable.Range(0, 4).Select(c => Task.Run(async () =>
        {
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var started = Stopwatch.StartNew();
                try
                {
                    await channel.Initiatives.ReportProgressAsync(new ReportProgressRequest { InitiativeId = id, ProgressPercent = n % 101, Status = InitiativeStatus.OnTrack, RequestId = $"o{c}-{n}" }, deadline: ApiClient.In(TimeSpan.FromSeconds(3))).ResponseAsync;
                    acknowledged.Add($"o{c}-{n}");
                }
                catch (RpcException e)
                {
                    statuses.AddOrUpdate(e.StatusCode, 1, (_, k) => k + 1);
                    await Task.Delay(50);
                }

                if (started.Elapsed > slowest)
                {
                    slowest = started.Elapsed;
                }
            }
        })).ToList();

        await Task.Delay(1_000);
        await postgres.StopClusterAsync();
        await Task.Delay(5_000);
        await postgres.StartClusterAsync();
        var back = Stopwatch.StartNew();
        var countBefore = acknowledged.Count;
        while (acknowledged.Count == countBefore && back.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(20);
        }

        var recovery = back.Elapsed;
        await Task.Delay(500);
        await stop.CancelAsync();
        await Task.WhenAll(load);

        var history = await channel.HistoryAsync(id);
        var recorded = history.Events.Select(e => e.RequestId).ToHashSet();
        var lost = acknowledged.Count(r => !recorded.Contains(r));
        output.WriteLine($"acknowledged {acknowledged.Count}; errors {string.Join(", ", statuses.Select(s => $"{s.Key}={s.Value}"))}; slowest call {slowest.TotalSeconds:0.00} s; serving again {recovery.TotalSeconds:0.00} s after the database returned; lost = {lost}");
        Assert.False(server.HasExited);
        Assert.True(statuses.GetValueOrDefault(StatusCode.Unavailable) > 0, "calls during the outage must answer UNAVAILABLE");
        Assert.True(slowest < TimeSpan.FromSeconds(4), $"a call took {slowest} (deadline 3 s)");
        Assert.True(recovery < TimeSpan.FromSeconds(5), $"serving again took {recovery}");
        Assert.Equal(0, lost);
    }
}
