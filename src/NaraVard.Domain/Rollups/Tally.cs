using System.Runtime.CompilerServices;

namespace NaraVard.Domain.Rollups;

/// <summary>
/// Counters for a group of initiatives (a county, an organisation, an area, a matrix cell) that are kept
/// up to date by adding and removing single summaries, so no read ever rescans the initiatives.
/// </summary>
internal sealed class Tally
{
    private readonly int[] _byPhase = new int[Enum.GetValues<Phase>().Length + 1];
    private readonly int[] _byStatus = new int[Enum.GetValues<InitiativeStatus>().Length + 1];

    // Last-report times of initiatives still on the road, counted per time. Unordered: a change is one hash
    // update (a county of 100,000 initiatives restores from its snapshot in a fraction of the time a sorted
    // tree took), and "stale" is one pass over the distinct times when figures are read (at most once a second).
    private readonly Dictionary<DateTimeOffset, int> _lastReports = [];

    public int Total { get; private set; }

    public long ProgressSum { get; private set; }

    private int _indicators;
    private int _indicatorsMeasured;
    private int _indicatorsOnTrack;

    // Optimised at its first call, as Rollup.Apply: a restart runs it for every summary and group.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(InitiativeSummary s, int sign)
    {
        Total += sign;
        _indicators += sign * s.Indicators.Total;
        _indicatorsMeasured += sign * s.Indicators.Measured;
        _indicatorsOnTrack += sign * s.Indicators.OnTrack;
        ProgressSum += sign * s.ProgressPercent;
        _byPhase[(int)s.Phase] += sign;
        if (!s.Phase.IsTerminal() && s.Phase != Phase.Pausad)
        {
            _byStatus[(int)s.Status] += sign;
        }

        if (s.CountsForStaleness)
        {
            var count = _lastReports.GetValueOrDefault(s.LastReportAt) + sign;
            if (count == 0)
            {
                _lastReports.Remove(s.LastReportAt);
            }
            else
            {
                _lastReports[s.LastReportAt] = count;
            }
        }
    }

    public int Count(Phase phase) => _byPhase[(int)phase];

    public int StaleCount(DateTimeOffset now, TimeSpan staleAfter)
    {
        var threshold = now - staleAfter;
        var stale = 0;
        foreach (var (at, count) in _lastReports)
        {
            if (at < threshold)
            {
                stale += count;
            }
        }

        return stale;
    }

    /// <summary>The furthest phase reached on the road, ignoring stopped and paused initiatives.</summary>
    public Phase? FurthestPhase() =>
        new[] { Phase.Genomford, Phase.Genomforande, Phase.Strategi, Phase.Planering, Phase.Pausad, Phase.Stoppad }
            .Cast<Phase?>().FirstOrDefault(p => _byPhase[(int)p!.Value] > 0);

    public InitiativeStatus? WorstStatus() =>
        new[] { InitiativeStatus.OffTrack, InitiativeStatus.AtRisk, InitiativeStatus.OnTrack }
            .Cast<InitiativeStatus?>().FirstOrDefault(s => _byStatus[(int)s!.Value] > 0);

    public int AverageProgress => Total == 0 ? 0 : (int)Math.Round((double)ProgressSum / Total);

    public Spread ToSpread(DateTimeOffset now, TimeSpan staleAfter) => new(
        Enum.GetValues<Phase>().ToDictionary(p => p, p => _byPhase[(int)p]),
        Enum.GetValues<InitiativeStatus>().ToDictionary(s => s, s => _byStatus[(int)s]),
        Total,
        StaleCount(now, staleAfter))
    {
        Indicators = new IndicatorCounts(_indicators, _indicatorsMeasured, _indicatorsOnTrack),
    };
}
