using NaraVard.Domain;
using NaraVard.Domain.FollowUp;
using NaraVard.Domain.Initiatives;

namespace NaraVard.Exchange.Exports;

/// <summary>An organisation's report for its own committee (nämnd), as one workbook: what its PDF holds, sheet by sheet.</summary>
public sealed partial class ExportViews
{
    /// <param name="initiatives">Its initiatives, as <see cref="Initiatives"/> writes them (the plan template's columns: it imports back).</param>
    /// <param name="plans">The same initiatives' states, for their measurement points.</param>
    /// <param name="obstacles">The obstacles that block it, as <see cref="Obstacles"/> writes them.</param>
    /// <param name="moved">What moved since <paramref name="since"/>, already narrowed to the organisation.</param>
    public ExportTable CommitteeReport(ExportTable initiatives, IEnumerable<InitiativeState> plans, ExportTable obstacles, ChangeReport moved, DateOnly since)
    {
        var changes = Changes(moved, null);
        var day = since.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        return initiatives with
        {
            More =
            [
                Indicators(plans),
                obstacles,
                changes with { Title = $"Sedan {day}", More = [] },
                .. changes.More.Take(1).Select(period => period with { Title = $"Hinder sedan {day}" }),
            ],
        };
    }

    /// <summary>Every measurement point of the initiatives: its path, its latest value, whether it is on track and moving, and its source.</summary>
    public static ExportTable Indicators(IEnumerable<InitiativeState> plans) => new(
        "Mätpunkter",
        [
            new("Initiativ", ColumnKind.Wrapped, 36), new("Mätpunkt", ColumnKind.Wrapped, 36), new("Enhet", Width: 10), new("Effektnivå", Width: 14),
            new("Utgångsvärde", ColumnKind.Decimal, 12), new("Målvärde", ColumnKind.Decimal, 12), new("Måldatum", ColumnKind.Date, 12),
            new("Senaste värde", ColumnKind.Decimal, 12), new("Mätt", ColumnKind.Date, 12), new("I fas", Width: 8), new("Rör sig mot målet", Width: 12), new("Källa", Width: 24),
        ],
        [.. from plan in plans
            from k in plan.Indicators
            select new object?[]
            {
                plan.Title, k.Name, k.Unit, k.Level.Name(), k.Baseline, k.Target, k.TargetDate, k.Latest?.Value, k.Latest?.MeasuredOn,
                k.OnTrack switch { true => "Ja", false => "Nej", null => null }, k.Moved switch { true => "Ja", false => "Nej", null => null },
                k.Kolada is { } source ? $"Kolada {source.Kpi} ({source.Municipality})" : "Egen mätning",
            }]);
}
