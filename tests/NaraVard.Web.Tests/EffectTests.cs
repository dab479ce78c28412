using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace NaraVard.Web.Tests;

/// <summary>
/// Effects, as leadership reads them: the seeded county's 20 points linked to Kolada rolled up per organisation and
/// indicator, the initiative whose effects stand still flagged beside its health on every page and in the meeting
/// pack, and a planner's sync with Kolada's revision shown where the value is.
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed partial class EffectTests(DashboardFixture fixture)
{
    [Fact]
    public async Task IndicatorsPage_TwentyLinkedPoints_AreRolledUpPerOrganisationAndKpiAndTheStandingStillFlagged()
    {
        var page = await fixture.SignInAsync(fixture.ViewerToken);
        await fixture.OpenAsync(page, "/matpunkter");
        var norrkoping = page.Locator("table.effect-table tr", new() { Has = page.GetByRole(AriaRole.Link, new() { Name = "Norrköping", Exact = true }) });
        var region = page.Locator("table.effect-table tr", new() { Has = page.GetByRole(AriaRole.Link, new() { Name = "Region Östergötland", Exact = true }) });

        Assert.Equal(County.LinkedPoints, await page.GetByText(KoladaSource()).CountAsync());
        Assert.Equal(["10", "10 av 10", "0", "10", "1"], await Cells(norrkoping));
        Assert.Equal(["10", "10 av 10", "10", "0", "0"], await Cells(region));
        Assert.Equal(10, await page.Locator(".indicator-group", new() { Has = page.Locator(".effect-flag") }).CountAsync());
        Assert.Equal(0, await page.GetByRole(AriaRole.Button, new() { Name = "Hämta nu" }).CountAsync());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task StandingStill_IsFlaggedBesideTheHealth_OnTheInitiativeTheRoadTheFilterAndTheList()
    {
        var page = await fixture.SignInAsync(fixture.ViewerToken);
        await fixture.OpenAsync(page, "/initiativ/" + fixture.Seeded.Cameras);
        var lead = await page.Locator("p.lead").InnerTextAsync();
        var sources = await page.Locator(".indicators .source").AllInnerTextsAsync();
        var history = await page.Locator("ol.history").InnerTextAsync();
        await fixture.OpenAsync(page, "/");
        var road = await page.Locator(".effect-box p").First.InnerTextAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "initiativ i genomförande där effekten står still" }).ClickAsync();
        await page.Locator("h1").WaitForAsync();
        var listed = await page.Locator("table tbody tr th a").AllInnerTextsAsync();

        Assert.Contains("Risk för försening", lead, StringComparison.Ordinal);
        Assert.Contains("Effekten står still", lead, StringComparison.Ordinal);
        Assert.Equal(10, sources.Count);
        Assert.All(sources, s => Assert.StartsWith("Källa: Kolada, nyckeltal U2100", s, StringComparison.Ordinal));
        Assert.Contains("Norrköping", sources[0], StringComparison.Ordinal);
        Assert.Contains("Kolada\nKolada: k1 36 för 2025.", history, StringComparison.Ordinal);
        Assert.DoesNotContain("()", history, StringComparison.Ordinal);
        Assert.StartsWith("1 initiativ i genomförande där effekten står still", road, StringComparison.Ordinal);
        Assert.Equal(["Trygghetskameror i hemtjänsten"], listed);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task MeetingPackPdf_ListsTheInitiativeWhoseEffectStandsStill()
    {
        var page = await fixture.SignInAsync(fixture.ViewerToken);
        await fixture.OpenAsync(page, "/sedan-senaste-motet?organ=svo");
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Mötesunderlaget som PDF (A4)" }).ClickAsync());
        var path = Path.Combine(fixture.DataPath, "effekt-" + download.SuggestedFilename);
        await download.SaveAsAsync(path);
        var pdf = await NaraVard.Testing.PdfText.ReadAsync(await File.ReadAllBytesAsync(path));
        var text = Regex.Replace(string.Join('\n', pdf.PageTexts), @"\s+", " ");

        var section = text[text.IndexOf("Effekten står still", StringComparison.Ordinal)..];
        Assert.Contains("Trygghetskameror i hemtjänsten", section[..Math.Min(section.Length, 600)], StringComparison.Ordinal);
        Assert.Contains("10 av 10", section[..Math.Min(section.Length, 600)], StringComparison.Ordinal);
        Assert.DoesNotContain("Mobil röntgen", section[..section.IndexOf("Har inte rapporterat", StringComparison.Ordinal)], StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task PlannerSync_AfterKoladaRevisedAValue_RecordsItAndTheInitiativeSaysRevised()
    {
        var year = DateTime.UtcNow.Year;
        fixture.Kolada.Publish("N71009", "0005", year - 1, 34.5m);
        var page = await fixture.SignInAsync(fixture.PlannerToken);
        await fixture.OpenAsync(page, "/matpunkter");

        await page.GetByRole(AriaRole.Button, new() { Name = "Hämta nu" }).ClickAsync();
        var notice = await page.GetByRole(AriaRole.Status).InnerTextAsync();
        var sync = await page.Locator("section[aria-labelledby=sync-title]").InnerTextAsync();
        await fixture.OpenAsync(page, "/initiativ/" + fixture.Seeded.RegionXray);
        var source = await page.Locator(".indicators li", new() { HasText = "Digitala vårdmöten" }).Locator(".source").InnerTextAsync();

        Assert.StartsWith("Hämtat: 1 nya värden (varav 1 revideringar)", notice, StringComparison.Ordinal);
        Assert.Contains("Det senaste nya värdet från Kolada hämtades", sync, StringComparison.Ordinal);
        Assert.Contains($"reviderat av Kolada: {year - 1} från 35 till 34,5", source, StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task PlannerSync_KoladaDown_SaysSoInSwedishAndChangesNothing()
    {
        var page = await fixture.SignInAsync(fixture.PlannerToken);
        await fixture.OpenAsync(page, "/matpunkter");
        fixture.Kolada.FailNext(1_000);
        try
        {
            await page.GetByRole(AriaRole.Button, new() { Name = "Hämta nu" }).ClickAsync();
            var alert = await page.Locator("#sync-unavailable").InnerTextAsync();

            Assert.StartsWith("Kolada gick inte att nå. Inget ändrades.", alert, StringComparison.Ordinal);
        }
        finally
        {
            fixture.Kolada.FailNext(0);
        }

        await page.Context.CloseAsync();
    }

    private static async Task<string[]> Cells(ILocator row) => [.. await row.Locator("td").AllInnerTextsAsync()];

    private static Regex KoladaSource() => KoladaPattern();

    [GeneratedRegex("^Källa: Kolada, nyckeltal [UN]\\d{5}")]
    private static partial Regex KoladaPattern();
}
