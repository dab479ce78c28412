using NaraVard.Domain;
using NaraVard.Domain.FollowUp;
using NaraVard.Domain.Initiatives;
using NaraVard.Domain.Roadmap;
using NaraVard.Grains;
using NaraVard.Grains.Initiatives;
using NaraVard.Grains.Roadmaps;
using NaraVard.Kolada;

namespace NaraVard.Server.Indicators;

/// <summary>What one sync from Kolada did: the figures the CLI, the dashboard and the log report.</summary>
public sealed record KoladaSyncResult(int Indicators, int Fetched, int Recorded, int Revised, DateTimeOffset At);

/// <summary>
/// Feeds measurement points linked to a Kolada KPI: asks Kolada for every year's value of their KPIs for their
/// municipalities (the last <see cref="Years"/> years), and sends each open initiative what Kolada answered for
/// its points. The initiative decides what is new or revised (<see cref="RecordKoladaValues"/>): the sync keeps
/// nothing of its own, so a value is never lost or overwritten here. One sync at a time; when Kolada cannot be
/// reached nothing is sent at all.
/// </summary>
internal sealed partial class KoladaSync(IGrainFactory grains, RoadmapDefinition roadmap, KoladaClient kolada, [FromKeyedServices(Clock.Key)] TimeProvider time, ILogger<KoladaSync> logger)
{
    /// <summary>How many years back a sync asks for: Kolada's series for Nära vård's indicators rarely reach further.</summary>
    public const int Years = 10;

    /// <summary>Who records Kolada's values: the sync, never a person (<see cref="Domain.Access.Permissions"/>).</summary>
    public static readonly Actor By = Actor.System with { Name = "Kolada", Id = "system:kolada" };

    private readonly SemaphoreSlim _running = new(1, 1);

    /// <summary>The last sync that reached Kolada, since the server started; null before.</summary>
    public KoladaSyncResult? Last { get; private set; }

    /// <summary>Syncs now, for a planner or admin (or the schedule, as <see cref="By"/>).</summary>
    public async Task<KoladaSyncResult> RunAsync(Actor by, CancellationToken cancellationToken)
    {
        Domain.Access.Permissions.RequirePlanner(by, "sync measurement points from Kolada");
        if (!await _running.WaitAsync(0, cancellationToken))
        {
            throw new DomainException(ErrorKind.ResourceExhausted, null, "a sync from Kolada is running already; its values are there when it ends");
        }

        try
        {
            var result = await SyncAsync(cancellationToken);
            Last = result;
            Synced(result.Indicators, result.Fetched, result.Recorded, result.Revised);
            return result;
        }
        finally
        {
            _running.Release();
        }
    }

    private async Task<KoladaSyncResult> SyncAsync(CancellationToken cancellationToken)
    {
        var (items, _) = await grains.GetGrain<IRoadmapGrain>(roadmap.Id).AllInitiativesAsync(new InitiativeQuery());
        // Only open initiatives with measurement points are read: at national scale most have none.
        var open = items.Where(i => !i.Phase.IsTerminal() && i.Indicators.Total > 0).Select(i => i.Id);
        var states = await GrainReads.InitiativesAsync(grains, open);
        var linked = states.Values
            .Select(s => (State: s, Points: s.Indicators.Where(i => i.Kolada is not null).ToList()))
            .Where(x => x.Points.Count > 0)
            .ToList();
        var sources = linked.SelectMany(x => x.Points).Select(p => p.Kolada!).ToList();
        var at = time.GetUtcNow();
        if (sources.Count == 0)
        {
            return new(0, 0, 0, 0, at);
        }

        var lastYear = SwedishTime.Today(at).Year - 1;
        var years = Enumerable.Range(lastYear - Years + 1, Years).ToList();
        var fetched = await kolada.GetValuesAsync([.. sources.Select(s => s.Kpi).Distinct()], [.. sources.Select(s => s.Municipality).Distinct()], years, cancellationToken);
        var totals = fetched
            .Where(v => v.Gender == "T" && v.Value is not null)
            .ToLookup(v => new KoladaSource(v.Kpi, v.Municipality), v => (v.Period, Value: v.Value!.Value));

        var recorded = 0;
        var revised = 0;
        foreach (var batch in linked.Chunk(64))
        {
            var counts = await Task.WhenAll(batch.Select(x => SendAsync(x.State, x.Points, totals)));
            recorded += counts.Sum(c => c.Recorded);
            revised += counts.Sum(c => c.Revised);
        }

        return new(sources.Count, totals.Sum(g => g.Count()), recorded, revised, at);
    }

    private async Task<(int Recorded, int Revised)> SendAsync(InitiativeState state, List<Indicator> points, ILookup<KoladaSource, (int Year, decimal Value)> totals)
    {
        var readings = points.SelectMany(p => totals[p.Kolada!].Select(v => new KoladaReading(p.Id, v.Year, v.Value))).ToList();
        if (readings.Count == 0)
        {
            return (0, 0);
        }

        try
        {
            var after = (await grains.GetGrain<IInitiativeGrain>(state.Id).ExecuteAsync(new RecordKoladaValues { By = By, Readings = [.. readings] })).State;
            return (Count(after, _ => true) - Count(state, _ => true), Count(after, m => m.Revises is not null) - Count(state, m => m.Revises is not null));
        }
        catch (DomainException e)
        {
            // Closed or changed since it was read: the others are still fed.
            NotRecorded(state.Id, e.Message);
            return (0, 0);
        }
    }

    private static int Count(InitiativeState state, Func<Measurement, bool> which) =>
        state.Indicators.Sum(i => i.Values.Count(m => m.FromKolada && which(m)));

    [LoggerMessage(Level = LogLevel.Information, Message = "Synced from Kolada: {Indicators} measurement points, {Fetched} values fetched, {Recorded} recorded, {Revised} of them revisions")]
    private partial void Synced(int indicators, int fetched, int recorded, int revised);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Kolada's values for initiative {Id} were not recorded: {Reason}")]
    private partial void NotRecorded(string id, string reason);
}
