using System.Diagnostics;
using NaraVard.Api.V1;
using NaraVard.Bench.Tools;
using NaraVard.Kolada;
using NaraVard.Testing;

namespace NaraVard.Bench.Benchmarks;

/// <summary>
/// Effects from Kolada at national scale (issue 32): 300 organisations, each with two initiatives in implementation
/// aiming at 15 indicators each (an initiative has at most 20), 30 KPIs in all, and a local Kolada publishing ten years of each (90,000 values,
/// 5,000 a page). The sync is timed against the limit of fetching the same values with the same client alone in the
/// same run; the server's memory is read before and after; the road as of a moment and the indicator page are
/// read once the values are in the log.
/// </summary>
public sealed class EffectsBenchmark(BenchOptions options, Report report)
{
    private const int Indicators = 30;
    private const int Years = 10;

    public async Task RunAsync()
    {
        using var folder = new TempDirectory("naravard-bench-effects");
        await using var kolada = await LocalKolada.StartAsync();
        var roadmap = await NationalScale.WriteRoadmapAsync(folder.File("roadmap.json"));
        await using var server = await BenchServer.StartAsync(folder.File("data"), $"--NaraVard:Roadmap={roadmap}", $"--NaraVard:Kolada:Address={kolada.BaseAddress}", "--NaraVard:Kolada:SyncEvery=00:00:00");
        using var api = new ApiClient(server.Address, server.AdminToken);
        var organizations = NationalScale.MunicipalityCodes.Prepend("05").ToList();
        var year = DateTime.UtcNow.Year;
        await LinkAsync(api, organizations, year);
        foreach (var code in organizations)
        {
            var municipality = code.Length == 2 ? "00" + code : code;
            for (var k = 0; k < Indicators; k++)
            {
                for (var y = year - Years; y < year; y++)
                {
                    // Half of the indicators stand still after their first years, half move toward their target.
                    // Odd indicators move toward their target every year; even ones stop after five years, and in every
                    // other organisation the second initiative's all do, so that initiative's effect stands still.
                    var still = k % 2 == 0 || (k >= Indicators / 2 && organizations.IndexOf(code) % 2 == 0);
                    kolada.Publish(Kpi(k), municipality, y, still ? 50 + Math.Min(y - (year - Years), 5) : 50 + (y - (year - Years)));
                }
            }
        }

        var values = organizations.Count * Indicators * Years;
        var fetchClock = Stopwatch.StartNew();
        using (var http = new HttpClient())
        {
            var fetched = await new KoladaClient(http, TimeProvider.System, new KoladaClientOptions { BaseAddress = kolada.BaseAddress })
                .GetValuesAsync([.. Enumerable.Range(0, Indicators).Select(Kpi)], [.. organizations.Select(c => c.Length == 2 ? "00" + c : c)], [.. Enumerable.Range(year - Years, Years)]);
            if (fetched.Count != values)
            {
                throw new InvalidOperationException($"the local Kolada answered {fetched.Count} values, not {values}");
            }
        }

        var fetch = fetchClock.Elapsed;
        var before = Machine.ResidentMiB(server.ProcessId);
        var clock = Stopwatch.StartNew();
        var first = await api.Initiatives.SyncKoladaAsync(new SyncKoladaRequest(), deadline: ApiClient.In(TimeSpan.FromMinutes(30)));
        var sync = clock.Elapsed;
        var peak = Machine.ResidentMiB(server.ProcessId);
        clock.Restart();
        var again = await api.Initiatives.SyncKoladaAsync(new SyncKoladaRequest(), deadline: ApiClient.In(TimeSpan.FromMinutes(30)));
        var nothingNew = clock.Elapsed;
        if (first.ValuesRecorded != values || again.ValuesRecorded != 0)
        {
            throw new InvalidOperationException($"the sync recorded {first.ValuesRecorded} values (expected {values}), then {again.ValuesRecorded} (expected 0)");
        }

        report.Add(new Result("effects", $"sync from Kolada, {organizations.Count} organisations × {Indicators} indicators × {Years} years ({values:N0} values recorded)", sync.TotalSeconds, "s", fetch.TotalSeconds * 10, "10 × the bare fetch of the same values", 1.0,
            $"bare fetch {fetch.TotalSeconds:0.0} s ({values / fetch.TotalSeconds:N0} values/s); sync {values / sync.TotalSeconds:N0} values/s; again with nothing new {nothingNew.TotalSeconds:0.0} s"));
        // What the values keep, once the sync's own garbage has had time to go (as the abuse benchmark waits). Most of
        // the growth is the watch feed's buffer of the 100,000 latest events with their states filling up, as it does
        // after any 90,000 writes; the server's goal is the national county's (scale: RSS after start ≤ 1 GiB).
        await Task.Delay(TimeSpan.FromSeconds(60));
        var settled = Machine.ResidentMiB(server.ProcessId);
        report.Add(new Result("effects", "server RSS 60 s after the syncs", settled, "MiB", 1024, "goal (1 GiB)", 1.0, $"before {before:N0} MiB, right after the first sync {peak:N0} MiB"));

        var overview = await api.Roadmap.GetOverviewAsync(new GetOverviewRequest());
        clock.Restart();
        var asOf = await api.FollowUp.GetOverviewAsOfAsync(new AsOfRequest { AsOf = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow) });
        var firstAsOf = clock.Elapsed.TotalMilliseconds;
        var asOfTimes = new List<double>();
        for (var i = 0; i < 10; i++)
        {
            clock.Restart();
            await api.FollowUp.GetOverviewAsOfAsync(new AsOfRequest { AsOf = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddSeconds(-i)) });
            asOfTimes.Add(clock.Elapsed.TotalMilliseconds);
        }

        if (asOf.County.EffectStalled != overview.County.EffectStalled || asOf.County.IndicatorsMoving != overview.County.IndicatorsMoving)
        {
            throw new InvalidOperationException("the road as of now and the present disagree on the effects");
        }

        report.Add(new Result("effects", "GetOverviewAsOf with the indicators in the log, slowest of 10", asOfTimes.Max(), "ms", 1000, "goal (1 s)", 1.0,
            $"p50 {Percentile.Of(asOfTimes, 50):0} ms; the first, which folds the log: {firstAsOf:0} ms; {overview.County.IndicatorsMoving:N0} of {overview.County.IndicatorsJudged:N0} judged points moving, {overview.County.EffectStalled} initiatives standing still"));

        using var dashboard = await DashboardPages.SignInAsync(server.DashboardAddress!, server.AdminToken!);
        foreach (var (name, page) in new[] { ("road (Vägen)", "/"), ("indicators (Mätpunkter)", "/matpunkter") })
        {
            var (latencies, bytes) = await dashboard.MeasureAsync(page, 10);
            report.Add(new Result("effects", $"dashboard {name} p99, one at a time", Percentile.Of(latencies, 99), "ms", 1000, "goal (1 s)", 1.0,
                $"p50 {Percentile.Of(latencies, 50):0} ms; first {latencies[0]:0} ms"));
            report.Add(new Result("effects", $"dashboard {name}, HTML", bytes / 1024.0 / 1024.0, "MiB", 0.5, "goal (500 KiB)", 1.0, $"{bytes / 1024:N0} KiB"));
        }

        _ = options;
    }

    private static string Kpi(int k) => $"N{90000 + k}";

    /// <summary>Two initiatives per organisation, in implementation, each with half the indicators linked, 16 at a time.</summary>
    private static async Task LinkAsync(ApiClient api, IReadOnlyList<string> organizations, int year)
    {
        foreach (var batch in organizations.SelectMany(code => new[] { (code, 0), (code, 1) }).Chunk(16))
        {
            await Task.WhenAll(batch.Select(async x =>
            {
                var (code, half) = x;
                var initiative = await api.Initiatives.CreateInitiativeAsync(new CreateInitiativeRequest
                {
                    Title = $"Effekter {half + 1} i {code}", OwnerCode = code, Scope = code == "05" ? Scope.Regional : Scope.Municipal, RoadmapItem = code == "05" ? $"R0{half + 1}" : $"K0{half + 1}",
                });
                await api.Initiatives.AdvancePhaseAsync(new AdvancePhaseRequest { InitiativeId = initiative.Id, To = Phase.Strategi });
                await api.Initiatives.AdvancePhaseAsync(new AdvancePhaseRequest { InitiativeId = initiative.Id, To = Phase.Genomforande });
                for (var k = half * Indicators / 2; k < (half + 1) * Indicators / 2; k++)
                {
                    await api.Initiatives.AddIndicatorAsync(new AddIndicatorRequest
                    {
                        InitiativeId = initiative.Id, Name = $"Indikator {k + 1}", Unit = "%", Level = EffectLevel.Society,
                        Baseline = 50, BaselineDate = $"{year - Years - 1}-12-31", Target = 70, TargetDate = $"{year + 5}-12-31", KoladaKpi = Kpi(k),
                    });
                }
            }));
        }
    }
}
