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
        };
    }

    public static IndicatorMeasured Measure(string id, InitiativeState state, RecordIndicatorValue r, DateOnly today, DateTimeOffset now)
    {
        var indicator = state.Indicators.FirstOrDefault(i => i.Id == r.IndicatorId)
            ?? throw DomainException.NotFound($"initiative {id} has no indicator '{r.IndicatorId}'");
        if (indicator.Values.Length >= MaxMeasurements)
        {
            throw DomainException.Precondition("indicator_id", $"indicator {r.IndicatorId} has {MaxMeasurements} values, the most one keeps");
        }

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

    private static decimal Number(decimal value, string field) =>
        Math.Abs(value) <= Largest ? value : throw DomainException.Invalid(field, $"must be between -{Largest:0} and {Largest:0}");
}
