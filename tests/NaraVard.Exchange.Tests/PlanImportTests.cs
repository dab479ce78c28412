using NaraVard.Domain;
using NaraVard.Domain.Initiatives;
using NaraVard.Exchange.Plans;
using NaraVard.Exchange.Sheets;
using NaraVard.Testing;

namespace NaraVard.Exchange.Tests;

/// <summary>The dry run's decisions: what a plan creates, changes and refuses, decided by the initiatives' own rules.</summary>
public sealed class PlanImportTests
{
    private static readonly Domain.Roadmap.RoadmapDefinition Roadmap = TestRoadmap.Ostergotland;
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);
    private static readonly Actor MotalaEditor = new("Motala vård och omsorg", "0583", "editor", "token:motala");

    [Fact]
    public void Plan_FortyRowPlan_CreatesEveryInitiativeAtItsPhaseWithoutProblems()
    {
        var plan = Plan(SamplePlan.Xlsx(SamplePlan.Rows("t")), []);

        Assert.Empty(plan.Problems);
        Assert.Equal(40, plan.Count(RowAction.Create));
        var states = Apply(plan, []);
        Assert.Equal(10, states.Count(s => s.Phase == Phase.Genomford));
        var milestones = states.Single(s => s.Title == "Insats 2 t").Milestones;
        Assert.Equal([true, false], milestones.Select(m => m.CompletedAt is not null).ToArray());
        Assert.Equal(["05"], states.Single(s => s.Title == "Gemensam insats 4 t").Invited.ToArray());
        Assert.Single(states.Single(s => s.Title == "Insats 3 t").Indicators);
    }

    [Fact]
    public void Plan_SameFileAgainAfterImport_ChangesNothing()
    {
        var file = SamplePlan.Xlsx(SamplePlan.Rows("t"));
        var states = Apply(Plan(file, []), []);

        var again = Plan(file, states);

        Assert.Empty(again.Problems);
        Assert.Equal(40, again.Count(RowAction.Unchanged));
    }

    [Fact]
    public void Plan_CorrectedFile_ChangesOnlyTheChangedRows()
    {
        var rows = SamplePlan.Rows("t");
        var states = Apply(Plan(SamplePlan.Csv(rows), []), []);
        rows[0][(int)PlanColumn.Progress] = 35;
        rows[4][(int)PlanColumn.Phase] = "Strategi";

        var corrected = Plan(SamplePlan.Csv(rows), states);

        Assert.Empty(corrected.Problems);
        Assert.Equal([2, 6], corrected.Rows.Where(r => r.Action == RowAction.Update).Select(r => r.Row));
        Assert.Equal(["förlopp 0 → 35 %"], corrected.Rows[0].Changes);
        Assert.Equal(["fas planering → strategi"], corrected.Rows[4].Changes);
    }

    [Fact]
    public void Plan_CorrectedTargetDate_RevisesThatRowsPlanOnly()
    {
        var rows = SamplePlan.Rows("t", count: 3);
        var states = Apply(Plan(SamplePlan.Csv(rows), []), []);
        rows[1][(int)PlanColumn.TargetDate] = new DateOnly(2029, 12, 31);

        var plan = Plan(SamplePlan.Csv(rows), states);

        Assert.Equal([3], plan.Rows.Where(r => r.Action == RowAction.Update).Select(r => r.Row));
        Assert.Equal(["planen reviderad: måldatum 2028-02-28 → 2029-12-31"], plan.Rows[1].Changes);
        Assert.Equal(new DateOnly(2029, 12, 31), Assert.IsType<RevisePlan>(Assert.Single(plan.Rows[1].Commands)).TargetDate);
    }

    [Fact]
    public void Plan_BadRows_NameRowColumnAndRuleAndCommitNothing()
    {
        var rows = SamplePlan.Rows("t", count: 6);
        rows[0][(int)PlanColumn.RoadmapItem] = "K99";
        rows[1][(int)PlanColumn.Owner] = "Gotham";
        rows[2][(int)PlanColumn.Progress] = 150;
        rows.Add(rows[3]);
        rows[4][(int)PlanColumn.Phase] = "Fastnat";

        var plan = Plan(SamplePlan.Csv(rows), []);

        Assert.False(plan.CanCommit);
        var expected = new[]
        {
            (2, "Färdplanspunkt", "okänd färdplanspunkt 'K99'"),
            (3, "Ägare", "okänd organisation 'Gotham'"),
            (4, "Förlopp (%)", "förloppet ska vara mellan 0 och 100 % (var 150)"),
            (6, "Fas", "okänd fas 'Fastnat'"),
            (8, "", "dubblett av rad 5"),
        };
        Assert.Equal(expected.Select(e => (e.Item1, e.Item2)), plan.Problems.Select(p => (p.Row, p.Column)));
        Assert.All(expected.Zip(plan.Problems), pair => Assert.StartsWith(pair.First.Item3, pair.Second.Rule, StringComparison.Ordinal));
    }

    [Fact]
    public void Plan_PhaseBackwards_IsRefusedByTheRoadsRule()
    {
        var rows = SamplePlan.Rows("t", count: 3);
        var states = Apply(Plan(SamplePlan.Csv(rows), []), []);
        rows[2][(int)PlanColumn.Phase] = "Planering";

        var problem = Assert.Single(Plan(SamplePlan.Csv(rows), states).Problems);

        Assert.Equal((4, "Fas"), (problem.Row, problem.Column));
        Assert.Equal("kan inte gå från fas genomförande till planering", problem.Rule);
    }

    [Fact]
    public void Plan_AnotherMunicipalitysInitiatives_AreRefusedForAnEditor()
    {
        var problems = Plan(SamplePlan.Csv(SamplePlan.Rows("t", count: 2, owner: "Linköping")), []).Problems;

        Assert.Equal([2, 3], problems.Select(p => p.Row));
        Assert.All(problems, p => Assert.Equal("Motala vård och omsorg får bara skapa initiativ som 0583 äger, inte 0580s", p.Rule));
    }

    [Theory]
    [InlineData("Delaktighet, personcentrering och självbestämmande", new[] { "delaktighet" })]
    [InlineData("Teambaserad vård, Delaktighet, personcentrering och självbestämmande; Gemensam kultur", new[] { "teambaserad", "delaktighet", "gemensam-kultur" })]
    public void Plan_TargetPictureAreaWithACommaInItsName_IsReadAsOneArea_InXlsxAndCsv(string cell, string[] codes)
    {
        var rows = SamplePlan.Rows("komma", count: 1);
        rows[0][(int)PlanColumn.GoalAreas] = cell;

        foreach (var file in new[] { SamplePlan.Xlsx(rows), SamplePlan.Csv(rows) })
        {
            var plan = PlanImport.Plan(PlanReader.Read(SheetFiles.Read(file, "plan"), Roadmap), [], Roadmap, MotalaEditor, Now, "import-test");
            Assert.Empty(plan.Problems);
            Assert.Equal(codes, Apply(plan, []).Single().GoalAreas);
        }
    }

    [Fact]
    public void Plan_IndicatorWithAKoladaPart_IsLinkedToTheKpi_AndAMalformedOneIsAProblemOfItsCell()
    {
        var rows = SamplePlan.Rows("k");
        rows[2][(int)PlanColumn.Indicators] = "Hemtjänsttagarnas helhetssyn | % | individ | 86 | 92 | 2028-12-31 | Kolada U21468";
        rows[3][(int)PlanColumn.Indicators] = "Kostnad per invånare | kr | samhälle | 5400 | 5000 | 2028-12-31 | Kolada N71000 0005";
        rows[4][(int)PlanColumn.Indicators] = "Väntetid | dagar | individ | 14 | 7 | 2028-12-31 | SCB 123";

        var refused = Plan(SamplePlan.Csv(rows), []);
        rows[4][(int)PlanColumn.Indicators] = null;
        var states = Apply(Plan(SamplePlan.Csv(rows), []), []);

        Assert.Equal(6, Assert.Single(refused.Problems).Row);
        Assert.Equal(new KoladaSource("U21468", "0583"), Assert.Single(states.Single(s => s.Title == "Insats 3 k").Indicators).Kolada);
        Assert.Equal(new KoladaSource("N71000", "0005"), Assert.Single(states.Single(s => s.Title == "Gemensam insats 4 k").Indicators).Kolada);
    }

    [Fact]
    public void Plan_TargetDateBeforeItsStart_IsAProblemInSwedishOfTheTargetDate()
    {
        var rows = SamplePlan.Rows("sv", count: 1);
        rows[0][(int)PlanColumn.StartDate] = new DateOnly(2027, 6, 1);
        rows[0][(int)PlanColumn.TargetDate] = new DateOnly(2027, 1, 31);

        var problem = Assert.Single(Plan(SamplePlan.Csv(rows), []).Problems);

        Assert.Equal((2, "Måldatum", "måldatum får inte vara före startdatum"), (problem.Row, problem.Column, problem.Rule));
    }

    private static ImportPlan Plan(byte[] file, IReadOnlyCollection<InitiativeState> existing) =>
        PlanImport.Plan(PlanReader.Read(SheetFiles.Read(file, "plan"), Roadmap), existing, Roadmap, MotalaEditor, Now, "import-test");

    /// <summary>What a commit does, without a server: every row's commands decided and folded, as the grains would.</summary>
    private static List<InitiativeState> Apply(ImportPlan plan, IReadOnlyCollection<InitiativeState> existing)
    {
        Assert.True(plan.CanCommit, string.Join("\n", plan.Problems));
        var states = existing.ToDictionary(s => s.Id);
        foreach (var row in plan.Rows)
        {
            var id = row.InitiativeId ?? $"i-row{row.Row}";
            var state = states.GetValueOrDefault(id) ?? InitiativeState.Initial;
            foreach (var command in row.Commands)
            {
                state = InitiativeDecider.Decide(id, state, command, Roadmap, Now).Aggregate(state, (s, e) => s.Apply(e));
            }

            states[id] = state;
        }

        return [.. states.Values];
    }
}
