using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace NaraVard.Web.Tests;

/// <summary>Every page as a viewer sees it, on a laptop and a phone: what it shows, axe-core's verdict, a screenshot.</summary>
[Collection(DashboardCollection.Name)]
public sealed class PageTests(DashboardFixture fixture)
{
    private IEnumerable<(string Name, string Path)> Pages() =>
    [
        ("vagen", "/"),
        ("matrisen", "/matris"),
        ("initiativ-lista", "/initiativ?org=0580"),
        ("organisation", "/organisation/0583"),
        ("namnd", "/organisation/0580/namnd"),
        ("initiativ", "/initiativ/" + fixture.Seeded.JointCarePlaces),
        ("hinder", "/hinder"),
        ("hinder-detalj", "/hinder/" + fixture.Seeded.RecruitmentObstacle),
        ("sedan-motet", "/sedan-senaste-motet?organ=svo"),
        ("importera", "/importera"),
        ("matpunkter", "/matpunkter"),
        ("initiativ-effekt", "/initiativ/" + fixture.Seeded.Cameras),
        ("vagen-igar", "/?per=" + NaraVard.Domain.FollowUp.SwedishTime.Today(DateTimeOffset.UtcNow).AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)),
    ];

    [Fact]
    public async Task InitiativePage_WithReports_ShowsItsProgressOverTime_AsAChartWithItsWords()
    {
        var id = await fixture.CreateInitiativeAsync("0583", "K06", "Digitala vårdmöten i Motala");
        using var editor = fixture.Api(fixture.OtherEditorToken);
        foreach (var progress in new[] { 10, 25, 40 })
        {
            await editor.Initiatives.ReportProgressAsync(new NaraVard.Api.V1.ReportProgressRequest { InitiativeId = id, ProgressPercent = progress, Status = NaraVard.Api.V1.InitiativeStatus.OnTrack });
        }

        var page = await fixture.SignInAsync(fixture.ViewerToken);
        await fixture.OpenAsync(page, "/initiativ/" + id);
        var chart = page.Locator("svg.progress-chart");
        var words = await chart.GetAttributeAsync("aria-label") ?? "";

        Assert.StartsWith("Förlopp över tid: 10 % den ", words, StringComparison.Ordinal);
        Assert.Contains("25 % den", words, StringComparison.Ordinal);
        Assert.Contains("40 % den", words, StringComparison.Ordinal);
        Assert.Equal(3, await chart.Locator("circle.measured").CountAsync());
        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData(1440, 900)]
    [InlineData(DashboardFixture.Phone, 844)]
    public async Task EveryPage_AsViewer_HasNoSeriousAccessibilityViolationsAndIsScreenshot(int width, int height)
    {
        var page = await fixture.SignInAsync(fixture.ViewerToken, width, height);
        foreach (var (name, path) in Pages())
        {
            await fixture.OpenAsync(page, path);
            await page.ScreenshotAsync(new() { Path = Path.Combine(DashboardFixture.Screenshots, $"{name}-{width}x{height}.png"), FullPage = true });
            var result = await page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
            var serious = result.Violations.Where(v => v.Impact is "serious" or "critical").Select(v => $"{path}: {v.Id} ({v.Impact}) {v.Help} at {string.Join(", ", v.Nodes.Take(3).Select(n => n.Target.ToString()))}").ToList();
            Assert.True(serious.Count == 0, string.Join("\n", serious));
        }

        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task SignInPage_Screenshot_ShowsTheForm()
    {
        var context = await fixture.Browser.NewContextAsync(new() { BaseURL = fixture.Dashboard.ToString(), ViewportSize = new() { Width = 1440, Height = 900 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        Assert.Contains("/logga-in", page.Url, StringComparison.Ordinal);
        await page.ScreenshotAsync(new() { Path = Path.Combine(DashboardFixture.Screenshots, "logga-in-1440x900.png") });
        await Assertions.Expect(page.GetByLabel("Token")).ToBeVisibleAsync();
        await context.CloseAsync();
    }
}
