using Google.Protobuf;
using NaraVard.Api.V1;
using NaraVard.Bench.Tools;
using NaraVard.Testing;

namespace NaraVard.Bench.Benchmarks;

/// <summary>
/// Reads: GetInitiative and GetOverview at 16 and 64 concurrent streams (4 connections × 4 or 16 streams),
/// against a bare Kestrel HTTP/2 endpoint that answers the same response bytes without doing anything.
/// Goal: at least 0.7 × the bare endpoint's requests per second. Beside it, as context, the same answer from an
/// empty Grpc.AspNetCore service (<see cref="FrameworkFloor"/>): how much of the gap is the gRPC framework's.
/// </summary>
public sealed class ReadBenchmark(BenchOptions options, Report report)
{
    private const string LimitSource = "bare Kestrel h2c, same response bytes";

    public async Task RunAsync()
    {
        using var folder = new TempDirectory("naravard-bench-reads");
        await using var server = await BenchServer.StartAsync(folder.File("data"));
        var token = server.AdminToken!;
        using var channel = new ApiClient(server.Address, token);
        var ids = await County.SeedAsync(channel, 56);

        var initiativeRequest = new GetInitiativeRequest { Id = ids[7] };
        var initiative = await channel.Roadmap.GetInitiativeAsync(initiativeRequest).ResponseAsync;
        await MeasureAsync("GetInitiative", "/naravard.v1.RoadmapService/GetInitiative", initiativeRequest, initiative, server, token, folder);

        var overviewRequest = new GetOverviewRequest();
        var overview = await channel.Roadmap.GetOverviewAsync(overviewRequest).ResponseAsync;
        await MeasureAsync("GetOverview", "/naravard.v1.RoadmapService/GetOverview", overviewRequest, overview, server, token, folder);
    }

    private async Task MeasureAsync(string name, string path, IMessage request, IMessage response, ServerProcess server, string token, TempDirectory folder)
    {
        var body = await Framing.WriteAsync(request, folder.File($"{name}.bin"));
        var framedResponse = Framing.Frame(response);
        await using var bare = await BareEndpoint.StartAsync(framedResponse, folder.Path);
        await using var framework = await BareEndpoint.StartAsync(framedResponse, folder.Path, framework: true);
        foreach (var (clients, streams) in new[] { (4, 4), (4, 16) })
        {
            // Alternating runs, best of two each: a neighbour's burst on a shared machine hits one run, not the ratio.
            var url = new Uri(server.Address, path.TrimStart('/'));
            H2LoadRun? limit = null, floor = null, measured = null;
            for (var round = 0; round < 2; round++)
            {
                var bareRun = await H2Load.RunAsync(new Uri(bare.Address, path.TrimStart('/')), body, token, clients, streams, options.Duration, options.WarmUp);
                var floorRun = await H2Load.RunAsync(new Uri(framework.Address, path.TrimStart('/')), body, token, clients, streams, options.Duration, options.WarmUp);
                var profile = round == 0 ? Profiler.SampleAsync(server.ProcessId, $"reads-{name}-{clients * streams}", options.Duration) : Task.CompletedTask;
                var serverRun = await H2Load.RunAsync(url, body, token, clients, streams, options.Duration, options.WarmUp);
                await profile;
                limit = Best(limit, bareRun);
                floor = Best(floor, floorRun);
                measured = Best(measured, serverRun);
            }

            var check = await CheckAsync(measured!, url, body, token, framedResponse.Length);
            var context = $"an empty Grpc.AspNetCore service answering the same: {floor!.RequestsPerSecond:N0} req/s ({floor.RequestsPerSecond / limit!.RequestsPerSecond:0.00} of the limit)";
            report.Add(new Result("reads", $"{name} ({framedResponse.Length} B), {clients * streams} streams", measured!.RequestsPerSecond, "req/s", limit.RequestsPerSecond, LimitSource, 0.7, check + context));
        }
    }

    private static H2LoadRun Best(H2LoadRun? best, H2LoadRun run) => best is null || run.RequestsPerSecond > best.RequestsPerSecond ? run : best;

    /// <summary>h2load counts HTTP 200 as success; a gRPC error has no body, so the bytes per answer must match the real response.</summary>
    private static async Task<string> CheckAsync(H2LoadRun run, Uri url, string body, string token, int responseBytes)
    {
        var perAnswer = await H2Load.BytesPerAnswerAsync(url, body, token, 2_000);
        var failed = run.Failed + run.Errored;
        return failed > 0 || Math.Abs(perAnswer - responseBytes) > responseBytes * 0.01
            ? throw new InvalidOperationException($"The server's answers were not all real: {failed} failed, {perAnswer:0.0} bytes per answer instead of {responseBytes}.\n{run.Output}")
            : "";
    }
}
