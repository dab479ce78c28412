using NaraVard.Api.V1;
using NaraVard.Testing;

namespace NaraVard.Bench.Tools;

/// <summary>What N concurrent writers achieved together: each is an h2load process with one connection and one stream.</summary>
public sealed record WriteRun(int Clients, double RequestsPerSecond, long Succeeded, long Failed, IReadOnlyList<double> LatenciesMs, TimeSpan ServerCpu, TimeSpan MachineCpu, TimeSpan Elapsed)
{
    public double P99 => Percentile.Of(LatenciesMs, 99);

    /// <summary>Where the machine's time went: the server's CPU per answered call, and how busy all cores were.</summary>
    public string CpuSummary => Succeeded == 0 ? "" :
        $"server {ServerCpu.TotalMicroseconds / Succeeded:0} µs CPU per call, machine {MachineCpu / (Elapsed * Environment.ProcessorCount):P0} busy";
}

/// <summary>
/// Durable writes as users make them: every client reports progress on its own initiative, one call after the
/// other. h2load sends one body per process, so each client is an h2load process of its own.
/// </summary>
public static class Writers
{
    public static async Task<IReadOnlyList<string>> PrepareBodiesAsync(IReadOnlyList<string> initiativeIds, TempDirectory folder) =>
        await Task.WhenAll(initiativeIds.Select((id, i) => Framing.WriteAsync(
            new ReportProgressRequest
            {
                InitiativeId = id,
                ProgressPercent = 40,
                Status = InitiativeStatus.AtRisk,
                Comment = "Veckorapport: rekrytering av distriktssköterskor pågår, två av fyra tjänster tillsatta.",
            },
            folder.File($"report-{i}.bin"))));

    public static async Task<WriteRun> RunAsync(ServerProcess server, string token, IReadOnlyList<string> bodies, int clients, TimeSpan duration, TempDirectory folder, string? profileName = null)
    {
        var url = new Uri(server.Address, "naravard.v1.InitiativeService/ReportProgress");
        var profile = profileName is null ? Task.CompletedTask : Profiler.SampleAsync(server.ProcessId, profileName, duration);
        var (serverBefore, machineBefore, started) = (Machine.ProcessCpu(server.ProcessId), Machine.BusyCpu(), System.Diagnostics.Stopwatch.GetTimestamp());
        var runs = await Task.WhenAll(Enumerable.Range(0, clients).Select(c =>
            H2Load.RunAsync(url, bodies[c], token, clients: 1, streams: 1, duration, TimeSpan.Zero, folder.File($"writes-{clients}-{c}.log"))));
        var (serverCpu, machineCpu, elapsed) = (Machine.ProcessCpu(server.ProcessId) - serverBefore, Machine.BusyCpu() - machineBefore, System.Diagnostics.Stopwatch.GetElapsedTime(started));
        await profile;
        return new WriteRun(clients, runs.Sum(r => r.RequestsPerSecond), runs.Sum(r => r.Succeeded), runs.Sum(r => r.Failed + r.Errored), [.. runs.SelectMany(r => r.LatenciesMs)], serverCpu, machineCpu, elapsed);
    }
}
