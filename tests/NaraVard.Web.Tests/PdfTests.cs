using Grpc.Core;
using Microsoft.Playwright;
using NaraVard.Api.V1;
using NaraVard.Testing;
using static Microsoft.Playwright.Assertions;

namespace NaraVard.Web.Tests;

/// <summary>The meeting pack and the road go out as PDF, the way leadership's papers always have.</summary>
[Collection(DashboardCollection.Name)]
public sealed class PdfTests(DashboardFixture fixture)
{
    [Fact]
    public async Task SinceMeeting_PdfLink_GivesA4PagesWithTheMeetingInTheHeaderAndPageNumbers()
    {
        var page = await fixture.SignInAsync(fixture.ViewerToken);
        await fixture.OpenAsync(page, "/sedan-senaste-motet?organ=svo");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Mötesunderlaget som PDF (A4)" }).ClickAsync());
        var path = Path.Combine(fixture.DataPath, download.SuggestedFilename);
        await download.SaveAsAsync(path);
        var pdf = await PdfText.ReadAsync(await File.ReadAllBytesAsync(path));

        Assert.Matches(@"^naravard-sedan-motet-svo-\d{4}-\d{2}-\d{2}\.pdf$", download.SuggestedFilename);
        Assert.True(pdf.IsA4, $"{pdf.WidthPoints} x {pdf.HeightPoints} pts");
        var first = pdf.PageTexts[0];
        var meeting = NaraVard.Web.Sv.Date(NaraVard.Domain.FollowUp.SwedishTime.Today(DateTimeOffset.UtcNow).AddDays(-1));
        Assert.Contains($"Sedan SVO {meeting} – NaraVard", first, StringComparison.Ordinal);
        Assert.Contains($"Sida 1 av {pdf.Pages}", first, StringComparison.Ordinal);
        Assert.Contains("nya initiativ", first, StringComparison.Ordinal);

        // What the meeting must decide comes first; every column and a long health is there in full. (pdftotext
        // reads a header that wraps in its cell line by line across the row, so each word is looked for.)
        // A header that wraps in its column comes back on two lines: words are compared, not lines.
        var text = System.Text.RegularExpressions.Regex.Replace(string.Join('\n', pdf.PageTexts), @"\s+", " ");
        Assert.True(text.IndexOf("Att besluta", StringComparison.Ordinal) < text.IndexOf("Vad som har rört sig", StringComparison.Ordinal));
        foreach (var header in new[] { "Hinder", "Allvar", "Blockerar", "Vad som begärs", "Läge", "Senaste rapport", "Förlopp", "Senaste kommentar och noteringar" }.SelectMany(h => h.Split(' ')))
        {
            Assert.True(text.Contains(header, StringComparison.OrdinalIgnoreCase), $"{header} is not in the printed text: {text}");
        }

        Assert.Contains("Blockerad", text, StringComparison.Ordinal);
        Assert.Contains("distriktssköterskor", text, StringComparison.Ordinal);
        Assert.Contains("betalningsansvaret", text, StringComparison.Ordinal);
        Assert.DoesNotContain("/URI", System.Text.Encoding.Latin1.GetString(await File.ReadAllBytesAsync(path)), StringComparison.Ordinal);
        Assert.DoesNotContain("Logga ut", first, StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task CommitteeReport_PdfLink_GivesA4WithTheOrganisationsInitiativesObstaclesAndWhatMoved()
    {
        var page = await fixture.SignInAsync(fixture.ViewerToken);
        await fixture.OpenAsync(page, "/organisation/0580");
        await page.GetByRole(AriaRole.Link, new() { Name = "Rapport till nämnden" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Linköping: Nära vård 2030" })).ToBeVisibleAsync();
        var since = NaraVard.Domain.FollowUp.SwedishTime.Today(DateTimeOffset.UtcNow).AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Vad som hänt sedan" }).FillAsync(since);
        await page.GetByRole(AriaRole.Button, new() { Name = "Visa" }).ClickAsync();

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Rapporten som PDF (A4)" }).ClickAsync());
        var path = Path.Combine(fixture.DataPath, download.SuggestedFilename);
        await download.SaveAsAsync(path);
        var pdf = await PdfText.ReadAsync(await File.ReadAllBytesAsync(path));

        Assert.Matches(@"^naravard-0580-namnd-\d{4}-\d{2}-\d{2}\.pdf$", download.SuggestedFilename);
        Assert.True(pdf.IsA4, $"{pdf.WidthPoints} x {pdf.HeightPoints} pts");
        var text = System.Text.RegularExpressions.Regex.Replace(string.Join('\n', pdf.PageTexts), @"\s+", " ");
        Assert.Contains($"från {NaraVard.Web.Sv.Date(DateOnly.ParseExact(since, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))}", text, StringComparison.Ordinal);
        foreach (var part in new[] { "Vad som hänt sedan", "Alla initiativ", "Mätpunkter", "Hinder som blockerar Linköping", "Kommunal primärvård" })
        {
            Assert.True(text.Contains(part, StringComparison.Ordinal), $"{part} is not in the printed text: {text}");
        }

        Assert.DoesNotContain("/URI", System.Text.Encoding.Latin1.GetString(await File.ReadAllBytesAsync(path)), StringComparison.Ordinal);
        Assert.DoesNotContain("Logga ut", text, StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task PrintPdf_TheRoadOverGrpc_IsTheRoadAsTheCallerSeesIt()
    {
        using var api = fixture.Api(fixture.ViewerToken);

        var (name, content) = await ApiClient.DownloadAsync(api.Exchange.PrintPdf(new PrintPdfRequest { View = PrintView.Road }));
        var pdf = await PdfText.ReadAsync(content);

        Assert.Matches(@"^naravard-vagen-\d{4}-\d{2}-\d{2}\.pdf$", name);
        Assert.True(pdf.IsA4Landscape, $"{pdf.WidthPoints} x {pdf.HeightPoints} pts");
        Assert.Contains("Vägen mot Nära vård 2030", pdf.PageTexts[0], StringComparison.Ordinal);

        // Every column of the table per organisation, the matrix on a page of its own, and no screen-only text or link.
        var text = System.Text.RegularExpressions.Regex.Replace(string.Join('\n', pdf.PageTexts), @"\s+", " ");
        foreach (var header in new[] { "Invånare", "Spridning över faserna", "Initiativ", "Snittförlopp", "Utan rapport", "Öppna hinder" }.SelectMany(h => h.Split(' ')))
        {
            Assert.True(text.Contains(header, StringComparison.OrdinalIgnoreCase), $"{header} is not in the printed text: {text}");
        }

        Assert.Contains("Matrisen: färdplanspunkt × organisation", text, StringComparison.Ordinal);
        Assert.Contains("Blockerad", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Visa vägen per dag", text, StringComparison.Ordinal);
        Assert.DoesNotContain("/URI", System.Text.Encoding.Latin1.GetString(content), StringComparison.Ordinal);
        Assert.Contains("Vägen – NaraVard", pdf.PageTexts[0], StringComparison.Ordinal);
        Assert.Contains($"Sida {pdf.Pages} av {pdf.Pages}", pdf.PageTexts[^2], StringComparison.Ordinal);
        await File.WriteAllBytesAsync(Path.Combine(DashboardFixture.Screenshots, "vagen.pdf"), content);
    }

    [Fact]
    public async Task PrintFlood_FromOneIdentity_IsRefusedAtOnce_WhileAnotherIdentityPrints()
    {
        using var viewer = fixture.Api(fixture.ViewerToken);
        using var planner = fixture.Api(fixture.PlannerToken);

        // Six at once from one viewer: one is printed, the others are told at once (no queue without end).
        var flood = Enumerable.Range(0, 6).Select(_ => RefusalOfAsync(() => ApiClient.DownloadAsync(viewer.Exchange.PrintPdf(new PrintPdfRequest { View = PrintView.Road })))).ToList();
        var (_, bystander) = await ApiClient.DownloadAsync(planner.Exchange.PrintPdf(new PrintPdfRequest { View = PrintView.Road }));
        var outcomes = await Task.WhenAll(flood);

        Assert.True((await PdfText.ReadAsync(bystander)).Pages > 0);
        Assert.Contains(outcomes, o => o is null);
        var refused = outcomes.OfType<RpcException>().ToList();
        Assert.NotEmpty(refused);
        // Refused by the limit on file calls (two at once per identity) or by the printer's own (one print at a time).
        Assert.All(refused, e => Assert.Equal(StatusCode.ResourceExhausted, e.StatusCode));
        Assert.All(refused, e => Assert.True(
            e.Status.Detail is "pdf: one print at a time per identity; yours is still being made, wait for it"
                || e.Status.Detail.StartsWith("files (imports, exports, templates, prints, Kolada syncs): at most 2 at once", StringComparison.Ordinal),
            e.Status.Detail));
    }

    private static async Task<RpcException?> RefusalOfAsync(Func<Task> call)
    {
        try
        {
            await call();
            return null;
        }
        catch (RpcException e)
        {
            return e;
        }
    }

    [Fact]
    public async Task PrintPdf_ServerWithoutChromium_SaysWhatIsMissing()
    {
        using var data = new TempDirectory("naravard-no-chromium");
        await using var server = await ServerProcess.StartAsync(data.Path, ["--NaraVard:Chromium=/opt/none/chromium"]);
        using var api = new ApiClient(server.Address, server.AdminToken);

        var refusal = await Assert.ThrowsAsync<RpcException>(() => ApiClient.DownloadAsync(api.Exchange.PrintPdf(new PrintPdfRequest { View = PrintView.Road })));

        Assert.Equal(StatusCode.FailedPrecondition, refusal.StatusCode);
        Assert.Equal("pdf: PDF printing needs Chromium, and NaraVard:Chromium names '/opt/none/chromium', which does not exist", refusal.Status.Detail);
    }
}
