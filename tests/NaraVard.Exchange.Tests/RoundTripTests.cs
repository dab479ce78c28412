using CsCheck;
using NaraVard.Domain;
using NaraVard.Domain.Initiatives;
using NaraVard.Domain.Rollups;
using NaraVard.Exchange.Exports;
using NaraVard.Exchange.Plans;
using NaraVard.Exchange.Sheets;
using NaraVard.Testing;

namespace NaraVard.Exchange.Tests;

/// <summary>
/// A county's own export imports back as no change at all (issue 30), whatever its titles and areas hold:
/// commas, semicolons, quotes, Swedish letters, the area whose name holds the list separator. Counties are
/// generated (CsCheck), so the case nobody thought of is found and shrunk to a short one.
/// </summary>
public sealed class RoundTripTests
{
    private static readonly Domain.Roadmap.RoadmapDefinition Roadmap = TestRoadmap.Ostergotland;
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);
    private static readonly Actor Motala = new("Motala vård och omsorg", "0583", "editor", "token:motala");

    // Titles as people write them, with the characters that break naive CSV and list reading.
    private static readonly Gen<string> Titles = Gen.String[Gen.Char["abcåäöÅÄÖ ,;\"'-–()/&.:0123456789"], 1, 60]
        .Where(t => t.Trim().Length > 0 && t == t.Trim() && !t.Contains("  ", StringComparison.Ordinal));

    // Free text with line breaks: descriptions and effects.
    private static readonly Gen<string> Texts = Gen.String[Gen.Char["abcåäö ,;\"'\n.0123"], 0, 80].Select(t => t.Trim());

    private sealed record Planned(string Title, string Item, string[] Areas, string[] Invited, int Steps, int Progress, InitiativeStatus Status)
    {
        public Details Plan { get; init; } = new("", "", null, null, 0, [], []);

        public override string ToString() => $"{Item} \"{Title}\" areas [{string.Join("|", Areas)}] invited [{string.Join("|", Invited)}] steps {Steps} {Progress} % {Status} {Plan}";
    }

    private sealed record Details(string Responsible, string Description, int? StartDays, int? Weeks, decimal Cost, string[] Effects, string[] Milestones);

    private static readonly Gen<Details> Plans = Gen.Select(
        Titles, Texts, Gen.Int[-1, 400].Select(n => n < 0 ? (int?)null : n), Gen.Int[0, 200].Select(n => n == 0 ? (int?)null : n), Gen.Int[0, 3_000_000].Select(n => n / 4m), Texts.Array[0, 3],
        Gen.String[Gen.Char["abcåäö ,;\"'-0123|"], 1, 30].Select(t => t.Trim()).Where(t => t.Length > 0).Array[0, 3],
        (responsible, description, start, weeks, cost, effects, milestones) => new Details(responsible, description, start, weeks, cost, effects, [.. milestones.Distinct(StringComparer.OrdinalIgnoreCase)]));

    private static readonly Gen<Planned> Initiatives = Gen.Select(
        Titles,
        Gen.Const(Roadmap.RoadmapItems.Where(i => i.Code[0] is 'K' or 'G').Select(i => i.Code).ToArray()).SelectMany(items => Gen.Int[0, items.Length - 1].Select(i => items[i])),
        Gen.Shuffle(Roadmap.GoalAreas.Select(a => a.Code).ToArray(), 0, 3),
        Gen.Shuffle(new[] { "05", "0580", "0581", "0586" }, 0, 2),
        Gen.Int[0, 3],
        Gen.Int[0, 100],
        Gen.Int[0, 2].Select(i => new[] { InitiativeStatus.OnTrack, InitiativeStatus.AtRisk, InitiativeStatus.OffTrack }[i]),
        (title, item, areas, invited, steps, progress, status) => new Planned(title, item, areas, item[0] == 'G' ? invited : [], steps, progress, status))
        .SelectMany(planned => Plans.Select(plan => planned with { Plan = plan }));

    [Fact]
    public void ExportThenImport_OfAnyGeneratedCounty_ChangesNothing_InXlsxAndCsv()
    {
        Initiatives.Array[1, 12].Sample(county =>
        {
            var states = county.Select((planned, index) => Live($"i-{index}", planned)).ToList();
            var byId = states.ToDictionary(s => s.Id);
            var table = new ExportViews(Roadmap).Initiatives("Initiativ", [.. states.Select(InitiativeSummary.From)], new HashSet<string>(), byId.GetValueOrDefault);

            foreach (var (format, file) in new[] { ("xlsx", XlsxTableWriter.Write(table)), ("csv", CsvTableWriter.Write(table)) })
            {
                var plan = PlanImport.Plan(PlanReader.Read(SheetFiles.Read(file, "export"), Roadmap), states, Roadmap, Motala, Now, "round-trip");
                Assert.True(plan.Problems.Count == 0, $"{format}: {string.Join("; ", plan.Problems)}");
                Assert.Equal(county.Length, plan.Rows.Count);
                var changed = plan.Rows.Where(r => r.Action != RowAction.Unchanged || r.Warnings.Count > 0).Select(r => $"row {r.Row}: {r.Action} {string.Join(", ", r.Changes.Concat(r.Warnings))}").ToList();
                Assert.True(changed.Count == 0, $"{format}: {string.Join("; ", changed)}");
            }
        }, iter: 100);
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")")]
    [InlineData("-5 kr", "'-5 kr")]
    [InlineData("'-ett namn", "''-ett namn")]
    [InlineData("'apostrof först", "'apostrof först")]
    public void CsvCell_StartingLikeAFormula_IsShownAsTextInTheSpreadsheet_AndReadsBackAsItWas(string cell, string written)
    {
        var table = new ExportTable("t", [new("Namn", ColumnKind.Wrapped, 20)], [new object?[] { cell }]);
        var csv = CsvTableWriter.Write(table);

        Assert.Contains(written.Contains('"', StringComparison.Ordinal) ? "\"" + written.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : written, System.Text.Encoding.UTF8.GetString(csv), StringComparison.Ordinal);
        Assert.Equal(cell, SheetFiles.Read(csv, "namn").Rows[0].Cells[0]);
    }

    /// <summary>The initiative as Motala's editor made it: created, its participants invited, walked along the road, reported on.</summary>
    private static InitiativeState Live(string id, Planned p)
    {
        var state = InitiativeState.Initial;
        void Do(InitiativeCommand command) => state = InitiativeDecider.Decide(id, state, command, Roadmap, Now).Aggregate(state, (s, e) => s.Apply(e));

        var d = p.Plan;
        var start = d.StartDays is { } days ? DateOnly.FromDateTime(Now.UtcDateTime).AddDays(days) : (DateOnly?)null;
        Do(new CreateInitiative
        {
            By = Motala, Title = p.Title, OwnerCode = "0583", RoadmapItem = p.Item, GoalAreas = p.Areas, Participants = p.Invited,
            Scope = Roadmap.ScopeFor("0583", p.Item, p.Invited.Length > 0),
            Responsible = d.Responsible, Description = d.Description, StartDate = start, TargetDate = d.Weeks is { } weeks ? (start ?? DateOnly.FromDateTime(Now.UtcDateTime)).AddDays(7 * weeks) : null,
            Budget = d.Cost > 0 ? new Budget(d.Cost, d.Cost / 2, "Regionen") : null,
            Effects = [.. d.Effects.Select((text, level) => new Effect((EffectLevel)(level + 1), text)).Where(e => e.Description.Length > 0)],
        });
        foreach (var (milestone, index) in d.Milestones.Select((m, i) => (m, i)))
        {
            Do(new AddMilestone { By = Motala, Title = milestone, Due = index % 2 == 0 ? DateOnly.FromDateTime(Now.UtcDateTime).AddDays(30 * (index + 1)) : null });
            if (index == 0)
            {
                Do(new CompleteMilestone { By = Motala, MilestoneId = state.Milestones[^1].Id });
            }
        }

        if (d.Milestones.Length > 1)
        {
            Do(new AddIndicator { By = Motala, Name = d.Milestones[1] + " i procent", Unit = "%", Level = EffectLevel.Organization, Baseline = d.Cost % 100, Target = (d.Cost % 100) + 12.25m, TargetDate = DateOnly.FromDateTime(Now.UtcDateTime).AddYears(2),
                KoladaKpi = d.Cost % 3 == 0 ? null : "U21468", KoladaMunicipality = d.Cost % 3 == 2 ? "0005" : null });
        }
        foreach (var to in new[] { Phase.Strategi, Phase.Genomforande, Phase.Genomford }.Take(p.Steps))
        {
            Do(to == Phase.Genomford ? new CloseInitiative { By = Motala, Outcome = Phase.Genomford, Reason = "Klart" } : new AdvancePhase { By = Motala, To = to });
        }

        if (!state.Phase.IsTerminal())
        {
            Do(new ReportProgress { By = Motala, ProgressPercent = p.Progress, Status = p.Status });
        }

        return state;
    }
}
