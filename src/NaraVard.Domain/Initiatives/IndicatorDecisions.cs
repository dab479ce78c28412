namespace NaraVard.Domain.Initiatives;

/// <summary>The rules of measurement points, decided for <see cref="InitiativeDecider"/>.</summary>
internal static class IndicatorDecisions
{
    public const int MaxIndicators = 20;
    public const int MaxMeasurements = 500;
    private const int UnitLength = 20;

    // Large enough for kronor across the county, small enough that no value is a typo of a thousand times.
    private const decimal Largest = 1_000_000_000_000m;

    public static IndicatorAdded Add(string id, InitiativeState state, AddIndicator a, DateOnly today, DateTimeOffset now)
    {
        if (state.Indicators.Length >= MaxIndicators)
        {
            throw DomainException.Precondition("indicators", $"an initiative has at most {MaxIndicators} indicators");
        }

        if (!Enum.IsDefined(a.Level))
        {
            throw DomainException.Invalid("level", "must be individual, organization or society");
        }

        var baselineDate = a.BaselineDate ?? today;
        if (baselineDate > today)
        {
            throw DomainException.Invalid("baseline_date", $"must not be after today ({today:yyyy-MM-dd}): a baseline is measured");
        }

        if (a.TargetDate <= baselineDate)
        {
            throw DomainException.Invalid("target_date", $"must be after the baseline date ({baselineDate:yyyy-MM-dd})");
        }

        if (a.Target == a.Baseline)
        {
            throw DomainException.Invalid("target", "must differ from the baseline");
        }

        return new IndicatorAdded
        {
            InitiativeId = id,
            By = a.By,
            At = now,
            RequestId = a.RequestId,
            IndicatorId = $"k{state.Indicators.Length + 1}",
            Name = Limits.Line(a.Name, "name", Limits.Name, required: true),
            Unit = Limits.Line(a.Unit, "unit", UnitLength, required: true),
            Level = a.Level,
            Baseline = Number(a.Baseline, "baseline"),
            BaselineDate = baselineDate,
            Target = Number(a.Target, "target"),
            TargetDate = a.TargetDate,
            Kolada = KoladaSource.From(a.KoladaKpi, a.KoladaMunicipality, state.OwnerCode),
        };
    }

    /// <summary>
    /// What Kolada's values add to what is kept: a year not kept before, or a year whose value Kolada has revised
    /// (kept as a new version beside the first, so what a meeting saw can be read again). Years before the
    /// baseline or not yet ended are not this measurement point's path and are passed over.
    /// </summary>
    public static IEnumerable<IndicatorMeasured> RecordKolada(string id, InitiativeState state, RecordKoladaValues r, DateOnly today, DateTimeOffset now)
    {
        var readings = r.Readings.IsDefault ? [] : r.Readings;
        var added = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var reading in readings.GroupBy(x => (x.IndicatorId, x.Year)).Select(g => g.Last()))
        {
            var indicator = Find(id, state, reading.IndicatorId);
            if (indicator.Kolada is null)
            {
                throw DomainException.Precondition("indicator_id", $"indicator {reading.IndicatorId} is not linked to Kolada");
            }

            var measuredOn = KoladaSource.DateOf(reading.Year);
            if (measuredOn < indicator.BaselineDate || measuredOn > today)
            {
                continue;
            }

            var kept = indicator.Values.LastOrDefault(v => v.FromKolada && v.MeasuredOn == measuredOn);
            if (kept?.Value == reading.Value)
            {
                continue;
            }

            added[indicator.Id] = added.GetValueOrDefault(indicator.Id) + 1;
            RequireRoom(indicator, added[indicator.Id]);
            yield return new IndicatorMeasured
            {
                InitiativeId = id,
                By = r.By,
                At = now,
                RequestId = r.RequestId,
                IndicatorId = reading.IndicatorId,
                Value = Number(reading.Value, "value"),
                MeasuredOn = measuredOn,
                FromKolada = true,
                Revises = kept?.Value,
            };
        }
    }

    public static IndicatorMeasured Measure(string id, InitiativeState state, RecordIndicatorValue r, DateOnly today, DateTimeOffset now)
    {
        var indicator = Find(id, state, r.IndicatorId);
        RequireRoom(indicator, 1);
        var measuredOn = r.MeasuredOn ?? today;
        if (measuredOn > today || measuredOn < indicator.BaselineDate)
        {
            throw DomainException.Invalid("measured_on", $"must be between the baseline date ({indicator.BaselineDate:yyyy-MM-dd}) and today ({today:yyyy-MM-dd})");
        }

        return new IndicatorMeasured
        {
            InitiativeId = id,
            By = r.By,
            At = now,
            RequestId = r.RequestId,
            IndicatorId = r.IndicatorId,
            Value = Number(r.Value, "value"),
            MeasuredOn = measuredOn,
            Comment = Limits.Text(r.Comment, "comment", Limits.Comment),
        };
    }

    private static Indicator Find(string id, InitiativeState state, string indicatorId) =>
        state.Indicators.FirstOrDefault(i => i.Id == indicatorId) ?? throw DomainException.NotFound($"initiative {id} has no indicator '{indicatorId}'");

    /// <summary>Room for <paramref name="adding"/> more values: an indicator keeps at most <see cref="MaxMeasurements"/>.</summary>
    private static void RequireRoom(Indicator indicator, int adding)
    {
        if (indicator.Values.Length + adding > MaxMeasurements)
        {
            throw DomainException.Precondition("indicator_id", $"indicator {indicator.Id} has {MaxMeasurements} values, the most one keeps");
        }
    }

    private static decimal Number(decimal value, string field) =>
        Math.Abs(value) <= Largest ? value : throw DomainException.Invalid(field, $"must be between -{Largest:0} and {Largest:0}");
}
