using NaraVard.Exchange.Exports;
using NaraVard.Exchange.Plans;

namespace NaraVard.Testing;

/// <summary>
/// A municipality's action plan as it arrives: Motala's, 40 initiatives across the roadmap's municipal and joint
/// items, at every phase, with goal areas, budgets, milestones and measurement points. Titles carry a tag so
/// tests sharing a server never match each other's rows.
/// </summary>
public static class SamplePlan
{
    private static readonly string[] Phases = ["Planering", "Strategi", "Genomförande", "Genomförd"];
    private static readonly string[] Statuses = ["Enligt plan", "Risk för försening", "Försenad"];

    public static IReadOnlyList<string> Headers { get; } = [.. PlanColumns.All.Select(c => c.Swedish)];

    public static List<object?[]> Rows(string tag, int count = 40, string owner = "Motala")
    {
        var rows = new List<object?[]>();
        for (var i = 0; i < count; i++)
        {
            var joint = i % 4 == 3;
            var row = new object?[Headers.Count];
            row[(int)PlanColumn.RoadmapItem] = joint ? $"G{i % 14 + 1:00}" : $"K{i % 9 + 1:00}";
            row[(int)PlanColumn.Title] = $"{(joint ? "Gemensam insats" : "Insats")} {i + 1} {tag}";
            row[(int)PlanColumn.Owner] = owner;
            row[(int)PlanColumn.Participants] = joint ? "Region Östergötland" : null;
            row[(int)PlanColumn.Phase] = Phases[i % Phases.Length];
            row[(int)PlanColumn.Status] = Statuses[i % Statuses.Length];
            row[(int)PlanColumn.Progress] = i % Phases.Length == 3 ? 100 : (i * 7) % 100;
            row[(int)PlanColumn.Comment] = i % 5 == 0 ? "Enligt beslut i nämnden" : null;
            row[(int)PlanColumn.GoalAreas] = i % 2 == 0 ? "Hälsofrämjande vård, Teambaserad vård" : "gemensam-styrning";
            row[(int)PlanColumn.EffectIndividual] = i % 3 == 0 ? "Färre resor till sjukhuset" : null;
            row[(int)PlanColumn.Responsible] = $"Handläggare {i % 6 + 1}";
            row[(int)PlanColumn.Description] = $"Insats nummer {i + 1} i handlingsplanen.";
            row[(int)PlanColumn.StartDate] = new DateOnly(2026, 1 + i % 12, 1);
            row[(int)PlanColumn.TargetDate] = new DateOnly(2028, 1 + i % 12, 28);
            row[(int)PlanColumn.OwnCost] = 100_000m + 5_000 * i;
            row[(int)PlanColumn.CoFinancing] = joint ? 50_000m : null;
            row[(int)PlanColumn.CoFinancedBy] = joint ? "Region Östergötland" : null;
            row[(int)PlanColumn.Milestones] = i % 4 == 1 ? "Förstudie klar | 2026-06-30 | klar\nPilot startad | 2027-01-31" : null;
            row[(int)PlanColumn.Indicators] = i % 10 == 2 ? "Undvikbar slutenvård | per 1000 invånare | samhälle | 12 | 9 | 2028-12-31" : null;
            rows.Add(row);
        }

        return rows;
    }

    public static byte[] Xlsx(IEnumerable<object?[]> rows) => XlsxTableWriter.Write(Table(rows));

    public static byte[] Csv(IEnumerable<object?[]> rows) => CsvTableWriter.Write(Table(rows));

    public static ExportTable Table(IEnumerable<object?[]> rows) =>
        new("Initiativ", [.. Headers.Select(h => new ExportColumn(h))], [.. rows]);
}
