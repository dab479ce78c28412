using System.Collections.Immutable;

namespace NaraVard.Domain.Initiatives;

/// <summary>One measured value of an indicator, on the day it was measured.</summary>
public sealed record Measurement(DateOnly MeasuredOn, decimal Value, string Comment, DateTimeOffset RecordedAt)
{
    /// <summary>Read from Kolada (at <see cref="RecordedAt"/>): shown with "Källa: Kolada".</summary>
    public bool FromKolada { get; init; }

    /// <summary>The value Kolada published for the same year before, when this one revises it.</summary>
    public decimal? Revises { get; init; }
}

/// <summary>
/// A measurement point (mätpunkt) of an initiative: what is measured, in which unit, from which baseline to
/// which target by which date, and on which level the effect is expected (individual, organisation, society).
/// </summary>
public sealed record Indicator(
    string Id,
    string Name,
    string Unit,
    EffectLevel Level,
    decimal Baseline,
    DateOnly BaselineDate,
    decimal Target,
    DateOnly TargetDate,
    ImmutableArray<Measurement> Values)
{
    /// <summary>
    /// How far back an effect is judged: whether the latest value has moved toward the target since the value
    /// known a year before it. Kolada publishes yearly, so a shorter window would judge noise.
    /// </summary>
    public const int EffectWindowDays = 365;

    /// <summary>The Kolada KPI its values come from; null for a measurement point measured locally.</summary>
    public KoladaSource? Kolada { get; init; }

    /// <summary>
    /// The latest value, the one rule every view, export, print and the CLI use: the one measured last, and of
    /// two measured on one day the one recorded last (values are kept in the order the log recorded them).
    /// </summary>
    public Measurement? Latest => Values.IsDefaultOrEmpty ? null : Values.Aggregate((latest, v) => v.MeasuredOn >= latest.MeasuredOn ? v : latest);

    /// <summary>
    /// The series to draw and print: one value a day, the one recorded last (a revision replaces what it revises,
    /// which stays in <see cref="Values"/> for the record), in the order measured.
    /// </summary>
    public IEnumerable<Measurement> Series => Values.GroupBy(v => v.MeasuredOn).Select(day => day.Last()).OrderBy(v => v.MeasuredOn);

    /// <summary>
    /// On track: the latest value has come at least as far from the baseline towards the target as a straight
    /// line from the baseline date to the target date says it should have by the day it was measured (and is
    /// at or past the target once the target date has passed). Null until something has been measured. The one
    /// rule for every figure of indicators on track.
    /// </summary>
    public bool? OnTrack
    {
        get
        {
            if (Latest is not { } latest)
            {
                return null;
            }

            var span = TargetDate.DayNumber - BaselineDate.DayNumber;
            var share = Math.Clamp((decimal)(latest.MeasuredOn.DayNumber - BaselineDate.DayNumber) / span, 0m, 1m);
            var expected = Baseline + ((Target - Baseline) * share);
            return Target >= Baseline ? latest.Value >= expected : latest.Value <= expected;
        }
    }

    /// <summary>
    /// Whether the effect moves: the latest value is closer to the target than the value known a year
    /// (<see cref="EffectWindowDays"/>) before it — the latest value measured then, or the baseline. Null until
    /// values a year apart exist. The one rule for "effects that do not move".
    /// </summary>
    public bool? Moved
    {
        get
        {
            if (Latest is not { } latest)
            {
                return null;
            }

            var cutoff = latest.MeasuredOn.AddDays(-EffectWindowDays);
            var before = Values.Where(v => v.MeasuredOn <= cutoff).Aggregate((Measurement?)null, (found, v) => found is null || v.MeasuredOn >= found.MeasuredOn ? v : found);
            decimal? then = before?.Value ?? (BaselineDate <= cutoff ? Baseline : null);
            return then is { } earlier ? (latest.Value - earlier) * Math.Sign(Target - Baseline) > 0 : null;
        }
    }
}
