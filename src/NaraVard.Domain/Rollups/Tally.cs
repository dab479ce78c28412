using System.Runtime.CompilerServices;
using NaraVard.Domain.Initiatives;

namespace NaraVard.Domain.Rollups;

/// <summary>
/// Counters for a group of initiatives (a county, an organisation, an area, a matrix cell) that are kept
/// up to date by adding and removing single summaries, so no read ever rescans the initiatives.
/// </summary>
internal sealed class Tally
{
    private readonly int[] _byPhase = new int[Enum.GetValues<Phase>().Length + 1];
    private readonly int[] _byStatus = new int[Enum.GetValues<InitiativeStatus>().Length + 1];
    private readonly int[] _byStanding = new int[Enum.GetValues<Health>().Length + 1];

    // Last-report times of initiatives still on the road, counted per time and per standing (so the health can
    // say how many of each went stale). Unordered: a change is one hash update (a county of 100,000 initiatives
    // restores from its snapshot in a fraction of the time a sorted tree took), and "stale" is one pass over the
    // distinct times when figures are read (at most once a second).
    // Made at a standing's first initiative: a national county has tens of thousands of tallies (every matrix cell),
    // most with initiatives of one or two standings.
    private readonly Dictionary<DateTimeOffset, int>?[] _lastReports = new Dictionary<DateTimeOffset, int>?[Enum.GetValues<Health>().Length + 1];

    public int Total { get; private set; }

    public long ProgressSum { get; private set; }

    private int _indicators;
    private int _indicatorsMeasured;
    private int _indicatorsOnTrack;
    private int _indicatorsJudged;
    private int _indicatorsMoving;
    private int _effectStalled;

    // Optimised at its first call, as Rollup.Apply: a restart runs it for every summary and group.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(InitiativeSummary s, int sign)
    {
        Total += sign;
        _indicators += sign * s.Indicators.Total;
        _indicatorsMeasured += sign * s.Indicators.Measured;
        _indicatorsOnTrack += sign * s.Indicators.OnTrack;
        _indicatorsJudged += sign * s.Indicators.Judged;
        _indicatorsMoving += sign * s.Indicators.Moving;
        _effectStalled += s.EffectStalled ? sign : 0;
        ProgressSum += sign * s.ProgressPercent;
        _byPhase[(int)s.Phase] += sign;
        if (!s.Phase.IsTerminal() && s.Phase != Phase.Pausad)
        {
            _byStatus[(int)s.Status] += sign;
        }

        var standing = s.Standing;
        _byStanding[(int)standing] += sign;
        if (s.CountsForStaleness)
        {
            var lastReports = _lastReports[(int)standing] ??= [];
            var count = lastReports.GetValueOrDefault(s.LastReportAt) + sign;
            if (count == 0)
            {
                lastReports.Remove(s.LastReportAt);
            }
            else
            {
                lastReports[s.LastReportAt] = count;
            }
        }
    }

    public int Count(Phase phase) => _byPhase[(int)phase];

    /// <summary>Initiatives still on the road without a report within the limit, whatever else holds them.</summary>
    public int StaleCount(DateTimeOffset now, TimeSpan staleAfter)
    {
        var stale = 0;
        for (var standing = 0; standing < _lastReports.Length; standing++)
        {
            stale += StaleCount((Health)standing, now - staleAfter);
        }

        return stale;
    }

    private int StaleCount(Health standing, DateTimeOffset threshold)
    {
        if (_lastReports[(int)standing] is not { } lastReports)
        {
            return 0;
        }

        var stale = 0;
        foreach (var (at, count) in lastReports)
        {
            if (at < threshold)
            {
                stale += count;
            }
        }

        return stale;
    }

    /// <summary>Initiatives per health at <paramref name="now"/>, by <see cref="HealthRule.At"/>: a standing that can go stale gives up those that did.</summary>
    public Dictionary<Health, int> ByHealth(DateTimeOffset now, TimeSpan staleAfter)
    {
        var counts = new int[_byStanding.Length];
        Count(counts, now - staleAfter);
        return Enum.GetValues<Health>().ToDictionary(h => h, h => counts[(int)h]);
    }

    /// <summary>The most urgent health among these initiatives at <paramref name="now"/>; null when there are none.</summary>
    public Health? WorstHealth(DateTimeOffset now, TimeSpan staleAfter)
    {
        Span<int> counts = stackalloc int[_byStanding.Length];
        Count(counts, now - staleAfter);
        foreach (var health in HealthRule.ByUrgency)
        {
            if (counts[(int)health] > 0)
            {
                return health;
            }
        }

        return null;
    }

    private void Count(Span<int> counts, DateTimeOffset threshold)
    {
        _byStanding.CopyTo(counts);
        foreach (var standing in HealthRule.ByUrgency)
        {
            if (standing.CanGoStale() && counts[(int)standing] > 0)
            {
                var stale = StaleCount(standing, threshold);
                counts[(int)standing] -= stale;
                counts[(int)Health.Stale] += stale;
            }
        }
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
        ByHealth = ByHealth(now, staleAfter),
        Indicators = new IndicatorCounts(_indicators, _indicatorsMeasured, _indicatorsOnTrack) { Judged = _indicatorsJudged, Moving = _indicatorsMoving },
        EffectStalled = _effectStalled,
    };
}
