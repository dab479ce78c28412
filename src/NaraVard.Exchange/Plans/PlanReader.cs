using NaraVard.Domain;
using NaraVard.Domain.Initiatives;
using NaraVard.Domain.Roadmap;
using NaraVard.Exchange.Sheets;

namespace NaraVard.Exchange.Plans;

/// <summary>A sheet's rows as plan rows: each cell typed by its column, each unreadable cell a problem naming row, column and rule.</summary>
public static class PlanReader
{
    public static PlanSheet Read(SheetTable table, RoadmapDefinition roadmap)
    {
        var problems = table.Problems.Select(p => new PlanProblem(p.Row, p.Column, p.Rule)).ToList();
        var columns = new Dictionary<PlanColumn, int>();
        var ignored = new List<string>();
        for (var i = 0; i < table.Headers.Count; i++)
        {
            var header = table.Headers[i];
            if (PlanColumns.Of(header) is not { } column)
            {
                if (header.Length > 0)
                {
                    ignored.Add(header);
                }
            }
            else if (!columns.TryAdd(column, i))
            {
                problems.Add(new(1, header, $"kolumnen finns två gånger (även som '{table.Headers[columns[column]]}')"));
            }
        }

        foreach (var required in new[] { PlanColumn.Title, PlanColumn.RoadmapItem, PlanColumn.Owner })
        {
            if (!columns.ContainsKey(required) && !columns.ContainsKey(PlanColumn.Id))
            {
                throw new SheetRefusedException($"the first row has no column '{PlanColumns.Header(required)}'; the template's first row names every column (headers found: {string.Join(", ", table.Headers.Where(h => h.Length > 0))})");
            }
        }

        var values = new PlanValues(roadmap);
        var rows = table.Rows.Select(row => ReadRow(row, columns, table.Headers, values, problems)).ToList();
        return new PlanSheet(rows, problems, ignored);
    }

    private static PlanRow ReadRow(SheetRow sheetRow, Dictionary<PlanColumn, int> columns, IReadOnlyList<string> headers, PlanValues values, List<PlanProblem> problems)
    {
        T? Cell<T>(PlanColumn column, Func<string, T> parse)
        {
            if (!columns.TryGetValue(column, out var index) || sheetRow[index] is not { Length: > 0 } text)
            {
                return default;
            }

            try
            {
                return parse(text);
            }
            catch (FormatException e)
            {
                problems.Add(new(sheetRow.Number, headers[index], e.Message));
                return default;
            }
        }

        var effects = new[] { (PlanColumn.EffectIndividual, EffectLevel.Individual), (PlanColumn.EffectOrganization, EffectLevel.Organization), (PlanColumn.EffectSociety, EffectLevel.Society) }
            .Select(e => Cell(e.Item1, text => new Effect(e.Item2, text)))
            .OfType<Effect>()
            .ToList();
        return new PlanRow(sheetRow.Number)
        {
            Id = Cell(PlanColumn.Id, text => text),
            RoadmapItem = Cell(PlanColumn.RoadmapItem, values.RoadmapItem),
            Title = Cell(PlanColumn.Title, text => text),
            OwnerCode = Cell(PlanColumn.Owner, values.Organization),
            Participants = Cell(PlanColumn.Participants, values.Organizations),
            Phase = Cell<Domain.Phase?>(PlanColumn.Phase, text => PlanValues.Phase(text)),
            Status = Cell<InitiativeStatus?>(PlanColumn.Status, text => PlanValues.Status(text)),
            Priority = Cell<Priority?>(PlanColumn.Priority, text => PlanValues.Priority(text)),
            Progress = Cell<int?>(PlanColumn.Progress, text => PlanValues.Progress(text)),
            Comment = Cell(PlanColumn.Comment, text => text),
            GoalAreas = Cell(PlanColumn.GoalAreas, values.GoalAreas),
            Effects = effects.Count > 0 ? effects : null,
            Responsible = Cell(PlanColumn.Responsible, text => text),
            Description = Cell(PlanColumn.Description, text => text),
            StartDate = Cell<DateOnly?>(PlanColumn.StartDate, text => PlanValues.Date(text)),
            TargetDate = Cell<DateOnly?>(PlanColumn.TargetDate, text => PlanValues.Date(text)),
            OwnCost = Cell<decimal?>(PlanColumn.OwnCost, text => PlanValues.Decimal(text)),
            CoFinancing = Cell<decimal?>(PlanColumn.CoFinancing, text => PlanValues.Decimal(text)),
            CoFinancedBy = Cell(PlanColumn.CoFinancedBy, text => text),
            Milestones = Cell(PlanColumn.Milestones, Milestones),
            Indicators = Cell(PlanColumn.Indicators, Indicators),
        };
    }

    private static IReadOnlyList<PlannedMilestone> Milestones(string text) => [.. PlanValues.Lines(text).Select(parts =>
    {
        var done = parts.Skip(1).Any(p => p.ToLowerInvariant() is "klar" or "done" or "✓" or "x");
        var due = parts.Skip(1).FirstOrDefault(p => p.Length > 0 && char.IsDigit(p[0]));
        return new PlannedMilestone(parts[0], due is null ? null : PlanValues.Date(due), done);
    })];

    private static IReadOnlyList<PlannedIndicator> Indicators(string text) => [.. PlanValues.Lines(text).Select(parts => parts.Length is 6 or 7
        ? new PlannedIndicator(parts[0], parts[1], PlanValues.Level(parts[2]), PlanValues.Decimal(parts[3]), PlanValues.Decimal(parts[4]), PlanValues.Date(parts[5]))
        {
            Kolada = parts.Length == 7 ? Kolada(parts[6]) : null,
        }
        : throw new FormatException($"'{string.Join(" | ", parts)}' behöver sex delar, och en sjunde för Kolada: namn | enhet | nivå | utgångsvärde | målvärde | måldatum | Kolada N71000 0580"))];

    /// <summary>"Kolada N71000" or "Kolada N71000 0580": the KPI, and whose values when not the owner's.</summary>
    private static (string Kpi, string? Municipality)? Kolada(string text)
    {
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return words switch
        {
            [] => null,
            [var k, var kpi] when k.Equals("kolada", StringComparison.OrdinalIgnoreCase) => (kpi, null),
            [var k, var kpi, var municipality] when k.Equals("kolada", StringComparison.OrdinalIgnoreCase) => (kpi, municipality),
            _ => throw new FormatException($"'{text}' ska vara Kolada följt av nyckeltalets id och gärna kommunkoden, till exempel Kolada N71000 0580"),
        };
    }
}
