using NaraVard.Domain;
using NaraVard.Domain.Initiatives;
using NaraVard.Domain.Roadmap;

namespace NaraVard.Exchange.Plans;

/// <summary>
/// Decides what importing a plan does, without doing it: each row is matched to an existing initiative (by
/// NaraVard id, else by owner + roadmap item + title), compared with it, and turned into the same commands a
/// user would send. Every command is then run through <see cref="InitiativeDecider"/> against the state it
/// would meet, so the dry run refuses exactly what the commit would (one rule, one place: the import has no
/// rules of its own about phases, permissions or limits). Pure: the caller supplies the existing initiatives.
/// </summary>
public static class PlanImport
{
    public static ImportPlan Plan(PlanSheet sheet, IReadOnlyCollection<InitiativeState> existing, RoadmapDefinition roadmap, Actor by, DateTimeOffset now, string requestPrefix)
    {
        var problems = sheet.Problems.ToList();
        var byId = existing.ToDictionary(s => s.Id);
        var byKey = existing.GroupBy(s => PlanRow.KeyOf(s.OwnerCode, s.RoadmapItem, s.Title)).ToDictionary(g => g.Key, g => g.First());
        var seen = new Dictionary<string, int>();
        var rows = new List<RowPlan>();
        foreach (var row in sheet.Rows)
        {
            var identity = row.Id ?? row.Key;
            if (identity is null)
            {
                // A cell that could not be read has been named already; the missing key follows from it.
                if (!sheet.Problems.Any(p => p.Row == row.Number))
                {
                    problems.Add(new(row.Number, "", $"ett nytt initiativ behöver '{PlanColumns.Header(PlanColumn.Title)}', '{PlanColumns.Header(PlanColumn.RoadmapItem)}' och '{PlanColumns.Header(PlanColumn.Owner)}' (eller ett '{PlanColumns.Header(PlanColumn.Id)}')"));
                }

                continue;
            }

            if (!seen.TryAdd(identity, row.Number))
            {
                problems.Add(new(row.Number, "", $"dubblett av rad {seen[identity]} (samma {(row.Id is null ? "ägare, färdplanspunkt och titel" : "NaraVard-id")})"));
                continue;
            }

            InitiativeState? current = null;
            if (row.Id is { } id && !byId.TryGetValue(id, out current))
            {
                problems.Add(new(row.Number, PlanColumns.Header(PlanColumn.Id), $"inget initiativ har id '{id}'"));
                continue;
            }

            current ??= row.Key is { } key && byKey.TryGetValue(key, out var found) ? found : null;
            var request = $"{requestPrefix}-r{row.Number}";
            var plan = new RowPlanner(row, current, roadmap, by, now, request).Run();
            problems.AddRange(plan.Problems);
            rows.Add(plan.Row);
        }

        return new ImportPlan(rows, [.. problems.OrderBy(p => p.Row)], sheet.IgnoredColumns);
    }
}

/// <summary>A plan as read from the file: typed rows, the cells that could not be read, columns not used.</summary>
public sealed record PlanSheet(IReadOnlyList<PlanRow> Rows, IReadOnlyList<PlanProblem> Problems, IReadOnlyList<string> IgnoredColumns);
