using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using NaraVard.Exchange.Plans;
using NaraVard.Exchange.Sheets;
using NaraVard.Testing;
using static Microsoft.Playwright.Assertions;

namespace NaraVard.Web.Tests;

/// <summary>A municipality loads its action plan in the browser; leadership takes the views to Excel.</summary>
[Collection(DashboardCollection.Name)]
public sealed class SpreadsheetTests(DashboardFixture fixture)
{
    [Fact]
    public async Task Import_UploadReviewConfirm_SavesThePlanAndLinksEveryInitiative()
    {
        var tag = TestRoadmap.NewKey("web");
        var file = Path.Combine(fixture.DataPath, $"handlingsplan-{tag}.xlsx");
        await File.WriteAllBytesAsync(file, SamplePlan.Xlsx(SamplePlan.Rows(tag, count: 12, owner: "Linköping")));
        var page = await fixture.SignInAsync(fixture.EditorToken);

        await fixture.OpenAsync(page, "/initiativ");
        await page.GetByRole(AriaRole.Link, new() { Name = "Importera en handlingsplan från Excel" }).ClickAsync();
        await page.GetByLabel("Fil (.xlsx eller .csv").SetInputFilesAsync(file);
        await page.GetByRole(AriaRole.Button, new() { Name = "Granska filen" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Granska importen");
        await Expect(page.Locator("p.lead")).ToContainTextAsync("12 nya initiativ, 0 ändras, 0 oförändrade. Ingenting är sparat ännu.");
        await page.ScreenshotAsync(new() { Path = Path.Combine(DashboardFixture.Screenshots, "import-granska-1440x900.png"), FullPage = true });
        var axe = await page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
        Assert.DoesNotContain(axe.Violations, v => v.Impact is "serious" or "critical");

        await page.GetByRole(AriaRole.Button, new() { Name = "Spara importen" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Importen är sparad");
        var first = page.GetByRole(AriaRole.Link, new() { Name = $"Insats 1 {tag}", Exact = true });
        await Expect(first).ToBeVisibleAsync();
        await first.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync($"Insats 1 {tag}");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Import_FileWithProblems_ListsThemByRowAndColumnAndOffersNoSave()
    {
        var tag = TestRoadmap.NewKey("web");
        var rows = SamplePlan.Rows(tag, count: 4, owner: "Linköping");
        rows[1][(int)PlanColumn.RoadmapItem] = "K77";
        rows[3][(int)PlanColumn.Owner] = "Motala";
        var file = Path.Combine(fixture.DataPath, $"fel-{tag}.csv");
        await File.WriteAllBytesAsync(file, SamplePlan.Csv(rows));
        var page = await fixture.SignInAsync(fixture.EditorToken);

        await fixture.OpenAsync(page, "/importera");
        await page.GetByLabel("Fil (.xlsx eller .csv").SetInputFilesAsync(file);
        await page.GetByRole(AriaRole.Button, new() { Name = "Granska filen" }).ClickAsync();

        var problems = page.Locator("table.problems tbody tr");
        await Expect(problems).ToHaveCountAsync(2);
        await Expect(problems.Nth(0)).ToContainTextAsync("3Färdplanspunktokänd färdplanspunkt 'K77'");
        await Expect(problems.Nth(1)).ToContainTextAsync("5");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Spara importen" })).ToHaveCountAsync(0);
        await page.ScreenshotAsync(new() { Path = Path.Combine(DashboardFixture.Screenshots, "import-problem-1440x900.png"), FullPage = true });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Import_FileOverTheLimit_IsRefusedWithTheLimitInWords()
    {
        var file = Path.Combine(fixture.DataPath, "for-stor.csv");
        await File.WriteAllBytesAsync(file, new byte[15 * 1024 * 1024]);
        var page = await fixture.SignInAsync(fixture.EditorToken);

        await fixture.OpenAsync(page, "/importera");
        await page.GetByLabel("Fil (.xlsx eller .csv").SetInputFilesAsync(file);
        await page.GetByRole(AriaRole.Button, new() { Name = "Granska filen" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Filen är för stor: en import får vara högst 10 MB.");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Matrix_ExcelLink_DownloadsTheMatrixWithEveryRoadmapItem()
    {
        var page = await fixture.SignInAsync(fixture.ViewerToken);
        await fixture.OpenAsync(page, "/matris");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Excel (.xlsx)" }).ClickAsync());
        var path = Path.Combine(fixture.DataPath, download.SuggestedFilename);
        await download.SaveAsAsync(path);

        Assert.Matches(@"^naravard-matrisen-\d{4}-\d{2}-\d{2}\.xlsx$", download.SuggestedFilename);
        var sheet = SheetFiles.Read(await File.ReadAllBytesAsync(path), path);
        Assert.Equal(["Kod", "Färdplanspunkt", "Region Östergötland"], sheet.Headers.Take(3));
        Assert.Equal(TestRoadmap.Ostergotland.RoadmapItems.Select(i => i.Code), sheet.Rows.Select(r => r[0]));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task CommitteeReport_ExcelLink_GivesOneWorkbookWithInitiativesPointsObstaclesAndWhatMoved()
    {
        var page = await fixture.SignInAsync(fixture.ViewerToken);
        await fixture.OpenAsync(page, "/organisation/0581/namnd");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Rapporten som Excel (.xlsx)" }).ClickAsync());
        var path = Path.Combine(fixture.DataPath, download.SuggestedFilename);
        await download.SaveAsAsync(path);
        using var workbook = DocumentFormat.OpenXml.Packaging.SpreadsheetDocument.Open(path, false);
        var sheets = workbook.WorkbookPart!.Workbook.Sheets!.Elements<DocumentFormat.OpenXml.Spreadsheet.Sheet>().Select(s => s.Name!.Value!).ToList();
        var words = string.Join("\n", workbook.WorkbookPart.WorksheetParts.Select(w => w.Worksheet.InnerText));
        var first = SheetFiles.Read(await File.ReadAllBytesAsync(path), path);

        Assert.Matches(@"^naravard-namnd-0581-\d{4}-\d{2}-\d{2}\.xlsx$", download.SuggestedFilename);
        Assert.Equal(["Initiativ – Norrköping", "Mätpunkter", "Hinderregistret"], sheets.Take(3));
        Assert.Matches(@"^Sedan \d{4}-\d{2}-\d{2}$", sheets[3]);
        Assert.Contains("Trygghetskameror i hemtjänsten", first.Rows.Select(r => r[first.Headers.ToList().IndexOf("Titel")]));
        Assert.Contains("Kolada U21000 (0581)", words, StringComparison.Ordinal);
        Assert.Contains("Andel med fast läkarkontakt", words, StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }
}
