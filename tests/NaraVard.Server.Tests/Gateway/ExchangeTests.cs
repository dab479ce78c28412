using System.Globalization;
using Grpc.Core;
using NaraVard.Api.V1;
using NaraVard.Exchange.Plans;
using NaraVard.Exchange.Sheets;
using NaraVard.Testing;

namespace NaraVard.Server.Tests.Gateway;

/// <summary>Motala loads its action plan from Excel, corrects it, loads it again; leadership exports what it sees.</summary>
[Collection(GatewayCollection.Name)]
public sealed class ExchangeTests(ServerFixture fixture)
{
    private async Task<ApiClient> MotalaEditorAsync() =>
        new(fixture.Server.Address, await ServerProcess.CreateTokenAsync("0583", "editor", "Motala handläggare", $"--NaraVard:DataDirectory={fixture.DataPath}"));

    [Fact]
    public async Task ImportPlan_FortyRows_DryRunWritesNothingCommitWritesAllReimportChangesNothing()
    {
        using var motala = await MotalaEditorAsync();
        var tag = TestRoadmap.NewKey("plan");
        var file = SamplePlan.Xlsx(SamplePlan.Rows(tag));

        var dry = await motala.ImportAsync(file, "handlingsplan.xlsx", dryRun: true);
        Assert.Equal((false, "xlsx", 40, 40, 0), (dry.Committed, dry.Format, dry.Rows, dry.Created, dry.Problems.Count));
        Assert.Equal(40, (await motala.ImportAsync(file, "handlingsplan.xlsx", dryRun: true)).Created);

        var committed = await motala.ImportAsync(file, "handlingsplan.xlsx", dryRun: false);
        Assert.True(committed.Committed, string.Join("\n", committed.Problems));
        Assert.Equal(40, committed.RowPlans.Select(r => r.InitiativeId).Distinct().Count(id => id.Length > 0));
        var imported = await Task.WhenAll(committed.RowPlans.Select(async r => await motala.Roadmap.GetInitiativeAsync(new GetInitiativeRequest { Id = r.InitiativeId })));
        Assert.Equal(10, imported.Count(i => i.Phase == Phase.Genomford));
        Assert.All(imported, i => Assert.Equal("0583", i.OwnerCode));

        var again = await motala.ImportAsync(file, "handlingsplan.xlsx", dryRun: false);
        Assert.Equal((40, 0, 0), (again.Unchanged, again.Created, again.Updated));
        Assert.Equal(committed.RowPlans.Select(r => r.InitiativeId), again.RowPlans.Select(r => r.InitiativeId));
        Assert.Equal(40, (await TaggedAsync(motala, tag, expected: 40)).Count);
    }

    [Fact]
    public async Task ImportPlan_CorrectedFile_ChangesOnlyTheChangedRowsInTheImportersName()
    {
        using var motala = await MotalaEditorAsync();
        var tag = TestRoadmap.NewKey("plan");
        var rows = SamplePlan.Rows(tag, count: 8);
        var first = await motala.ImportAsync(SamplePlan.Csv(rows), "plan.csv", dryRun: false);
        Assert.True(first.Committed, string.Join("\n", first.Problems));
        rows[2][(int)PlanColumn.Progress] = 64;

        var corrected = await motala.ImportAsync(SamplePlan.Csv(rows), "plan.csv", dryRun: false);

        Assert.Equal((1, 7, 0), (corrected.Updated, corrected.Unchanged, corrected.Created));
        var changed = Assert.Single(corrected.RowPlans, r => r.Action == ImportAction.Update);
        var initiative = await motala.Roadmap.GetInitiativeAsync(new GetInitiativeRequest { Id = changed.InitiativeId });
        Assert.Equal(64, initiative.ProgressPercent);
        var last = (await motala.HistoryAsync(changed.InitiativeId)).Events.Last();
        Assert.Equal(("ProgressReported", "Motala handläggare", "0583"), (last.Type, last.By.Name, last.By.OrganizationCode));
    }

    [Fact]
    public async Task ImportPlan_OneBadRow_WritesNoRowAtAll()
    {
        using var motala = await MotalaEditorAsync();
        var tag = TestRoadmap.NewKey("plan");
        var rows = SamplePlan.Rows(tag, count: 12);
        rows[11][(int)PlanColumn.Progress] = 140;

        var answer = await motala.ImportAsync(SamplePlan.Csv(rows), "plan.csv", dryRun: false);

        Assert.False(answer.Committed);
        var problem = Assert.Single(answer.Problems);
        Assert.Equal((13, "Förlopp (%)"), (problem.Row, problem.Column));
        rows.RemoveAt(11);
        // Had any row been written, the next import would find its initiative instead of planning to create it.
        Assert.Equal(11, (await motala.ImportAsync(SamplePlan.Csv(rows), "plan.csv", dryRun: true)).Created);
    }

    [Fact]
    public async Task ImportPlan_FileThatIsNoSpreadsheet_IsInvalidArgumentWithTheReason()
    {
        var refusal = await Assert.ThrowsAsync<RpcException>(() => fixture.Channel.ImportAsync([0x89, 0x50, 0x4E, 0x47, 0, 0, 0, 0], "plan.xlsx", dryRun: true));

        Assert.Equal(StatusCode.InvalidArgument, refusal.StatusCode);
        Assert.Contains("not an Excel workbook", refusal.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImportPlan_MoreThan10Megabytes_IsRefusedWhileStreaming()
    {
        var refusal = await Assert.ThrowsAsync<RpcException>(() => fixture.Channel.ImportAsync(new byte[11 * 1024 * 1024], "plan.csv", dryRun: true));

        Assert.Equal(StatusCode.InvalidArgument, refusal.StatusCode);
        Assert.Contains("larger than 10 MB", refusal.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_InitiativesAsXlsx_ReadsBackAsTheApiAnswersFieldByField()
    {
        using var motala = await MotalaEditorAsync();
        var tag = TestRoadmap.NewKey("plan");
        Assert.True((await motala.ImportAsync(SamplePlan.Xlsx(SamplePlan.Rows(tag, count: 6)), "plan.xlsx", dryRun: false)).Committed);
        var expected = await TaggedAsync(motala, tag, expected: 6);

        var (name, content) = await ApiClient.DownloadAsync(fixture.Channel.Exchange.Export(new ExportRequest { View = ExportView.Initiatives, Format = ExportFormat.Xlsx, OrganizationCode = "0583" }));

        Assert.Matches(@"^naravard-initiativ-0583-\d{4}-\d{2}-\d{2}\.xlsx$", name);
        var sheet = PlanReader.Read(SheetFiles.Read(content, name), TestRoadmap.Ostergotland);
        var exported = sheet.Rows.Where(r => r.Title!.EndsWith(tag, StringComparison.Ordinal)).ToDictionary(r => r.Id!);
        Assert.Equal(expected.Count, exported.Count);
        foreach (var initiative in expected)
        {
            var row = exported[initiative.Id];
            Assert.Equal(
                (initiative.Title, initiative.RoadmapItem, initiative.OwnerCode, initiative.Phase.ToString(), initiative.ProgressPercent, string.Join(",", initiative.GoalAreas.Order())),
                (row.Title, row.RoadmapItem, row.OwnerCode, PhaseName(row.Phase!.Value), row.Progress!.Value, string.Join(",", row.GoalAreas!.Order())));
        }

        // Exported, edited in Excel, imported back: a correction, not a second copy.
        var reimport = await motala.ImportAsync(content, name, dryRun: true);
        Assert.Equal(0, reimport.Created);
    }

    [Fact]
    public async Task Export_OverviewAsCsv_IsWhatSwedishExcelOpens()
    {
        var overview = await fixture.Channel.Roadmap.GetOverviewAsync(new GetOverviewRequest());

        var (name, content) = await ApiClient.DownloadAsync(fixture.Channel.Exchange.Export(new ExportRequest { View = ExportView.Overview, Format = ExportFormat.Csv }));

        Assert.EndsWith(".csv", name, StringComparison.Ordinal);
        Assert.Equal([0xEF, 0xBB, 0xBF], content[..3]);
        var lines = System.Text.Encoding.UTF8.GetString(content[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("Kod;Organisation;Invånare;Initiativ;Planering;", lines[0], StringComparison.Ordinal);
        Assert.Equal(overview.Organizations.Count + 1, lines.Length);
        var linkoping = lines.Single(l => l.StartsWith("0580;", StringComparison.Ordinal)).Split(';');
        Assert.Equal("Linköping", linkoping[1]);
        Assert.Equal(overview.Organizations.Single(o => o.Organization.Code == "0580").Organization.Population.ToString(CultureInfo.InvariantCulture), linkoping[2]);
    }

    [Fact]
    public async Task Export_ObstaclesAsCsv_CarriesWhoCarriesEachForwardItsNextStepDateAndDescription()
    {
        var flagged = await fixture.Channel.Obstacles.FlagObstacleAsync(new FlagObstacleRequest { Category = "styrning", Severity = Severity.Medium, Title = "Oklart mandat för SVPL", Description = "Ingen har fått uppdraget", BlockedOrganizations = { "0561" } });
        await fixture.Channel.Obstacles.PlanObstacleNextStepAsync(new PlanObstacleNextStepRequest { ObstacleId = flagged.Id, Owner = "LGVO", NextStep = "Förslag om mandat", Due = "2099-03-31" });

        var (_, content) = await ApiClient.DownloadAsync(fixture.Channel.Exchange.Export(new ExportRequest { View = ExportView.Obstacles, Format = ExportFormat.Csv }));

        var lines = System.Text.Encoding.UTF8.GetString(content[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.EndsWith(";Ansvarig;Nästa steg;Senast;Beskrivning", lines[0], StringComparison.Ordinal);
        Assert.EndsWith(";LGVO;Förslag om mandat;2099-03-31;Ingen har fått uppdraget", lines.Single(l => l.StartsWith(flagged.Id + ";", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_OverviewAsXlsx_MatchesTheOverviewFieldByField()
    {
        Overview overview;
        byte[] content;
        do
        {
            // Other tests' writes reach the roll-ups a moment after they commit: compare one settled overview.
            overview = await fixture.Channel.Roadmap.GetOverviewAsync(new GetOverviewRequest());
            (_, content) = await ApiClient.DownloadAsync(fixture.Channel.Exchange.Export(new ExportRequest { View = ExportView.Overview }));
        }
        while ((await fixture.Channel.Roadmap.GetOverviewAsync(new GetOverviewRequest())).Position != overview.Position);

        var sheet = SheetFiles.Read(content, "oversikt.xlsx");

        Assert.Equal(["Kod", "Organisation", "Invånare", "Initiativ", "Planering", "Strategi", "Genomförande", "Genomförd", "Pausad", "Stoppad", "Blockerad", "Ingen aktuell rapport", "Efter plan", "Risk för försening", "Enligt plan", "Utan rapport", "Snittförlopp (%)", "Öppna hinder"], sheet.Headers);
        Assert.Equal(overview.Organizations.Count, sheet.Rows.Count);
        foreach (var org in overview.Organizations)
        {
            var row = sheet.Rows.Single(r => r[0] == org.Organization.Code);
            int Phase(Phase phase) => org.Spread.ByPhase.SingleOrDefault(p => p.Phase == phase)?.Count ?? 0;
            int Health(InitiativeHealth health) => org.Spread.ByHealth.SingleOrDefault(s => s.Health == health)?.Count ?? 0;
            long[] expected =
            [
                org.Organization.Population, org.Spread.Total,
                Phase(Api.V1.Phase.Planering), Phase(Api.V1.Phase.Strategi), Phase(Api.V1.Phase.Genomforande), Phase(Api.V1.Phase.Genomford), Phase(Api.V1.Phase.Pausad), Phase(Api.V1.Phase.Stoppad),
                Health(InitiativeHealth.Blocked), Health(InitiativeHealth.Stale), Health(InitiativeHealth.BehindPlan), Health(InitiativeHealth.AtRisk), Health(InitiativeHealth.OnTrack), org.Spread.Stale, org.AverageProgress, org.OpenObstacles,
            ];
            Assert.Equal(org.Organization.Name, row[1]);
            Assert.Equal(expected, row.Cells.Skip(2).Select(c => long.Parse(c, CultureInfo.InvariantCulture)));
        }
    }

    [Fact]
    public async Task GetPlanTemplate_IsAWorkbookTheImportReadsAsAnEmptyPlan()
    {
        var (name, content) = await ApiClient.DownloadAsync(fixture.Channel.Exchange.GetPlanTemplate(new GetPlanTemplateRequest()));

        Assert.Equal("naravard-handlingsplan-mall.xlsx", name);
        var answer = await fixture.Channel.ImportAsync(content, name, dryRun: true);
        Assert.Equal((0, 0, "xlsx"), (answer.Rows, answer.Problems.Count, answer.Format));
        Assert.Empty(answer.IgnoredColumns);
    }

    [Fact]
    public async Task Export_UnknownOrganisation_IsInvalidArgumentNamingTheField()
    {
        var refusal = await Assert.ThrowsAsync<RpcException>(() => ApiClient.DownloadAsync(fixture.Channel.Exchange.Export(new ExportRequest { View = ExportView.Initiatives, OrganizationCode = "9999" })));

        Assert.Equal(StatusCode.InvalidArgument, refusal.StatusCode);
        Assert.StartsWith("organization_code:", refusal.Status.Detail, StringComparison.Ordinal);
    }

    private static string PhaseName(Domain.Phase phase) => phase.ToString();

    /// <summary>Motala's initiatives with the tag, as the county lists them (it hears of writes a moment after they commit: read until all are there).</summary>
    private static async Task<List<Initiative>> TaggedAsync(ApiClient api, string tag, int expected)
    {
        for (var attempt = 0; ; attempt++)
        {
            var ids = new List<string>();
            var request = new ListInitiativesRequest { OrganizationCode = "0583", PageSize = 500 };
            do
            {
                var page = await api.Roadmap.ListInitiativesAsync(request);
                ids.AddRange(page.Initiatives.Where(i => i.Title.EndsWith(tag, StringComparison.Ordinal)).Select(i => i.Id));
                request.PageToken = page.NextPageToken;
            }
            while (request.PageToken.Length > 0);

            if (ids.Count >= expected || attempt == 50)
            {
                return [.. await Task.WhenAll(ids.Select(async id => await api.Roadmap.GetInitiativeAsync(new GetInitiativeRequest { Id = id })))];
            }

            await Task.Delay(100);
        }
    }
}
