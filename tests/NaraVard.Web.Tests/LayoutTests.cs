using Microsoft.Playwright;

namespace NaraVard.Web.Tests;

/// <summary>
/// Leadership's screen and paper: no page is wider than a phone, and no printed view is wider than the paper
/// (what is wider would be cut off in the PDF, as the meeting pack's Status column once was).
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed class LayoutTests(DashboardFixture fixture)
{
    // A4 less the printer's margins (12 mm each side), in CSS pixels at 96 per inch.
    private const int PortraitWidth = (int)((210 - 24) / 25.4 * 96);
    private const int LandscapeWidth = (int)((297 - 24) / 25.4 * 96);

    private IEnumerable<string> Pages() =>
    [
        "/", "/matris", "/initiativ", "/initiativ?org=0580", "/organisation/0583", "/initiativ/" + fixture.Seeded.JointCarePlaces,
        "/hinder", "/hinder/" + fixture.Seeded.RecruitmentObstacle, "/sedan-senaste-motet?organ=svo", "/sedan-senaste-motet?organ=svo&vy=punkt", "/importera",
        "/organisation/0580/namnd", "/matpunkter", "/initiativ/" + fixture.Seeded.Cameras,
    ];

    [Fact]
    public async Task EveryPage_OnAPhone_IsNoWiderThanTheScreen()
    {
        // The planner sees every form (flag an obstacle, follow one up); the editor the report form on its initiative.
        foreach (var (token, extra) in new[] { (fixture.PlannerToken, "/initiativ/" + fixture.Seeded.JointCarePlaces), (fixture.EditorToken, "/initiativ/" + fixture.Seeded.LinkopingPrimaryCare) })
        {
            var page = await fixture.SignInAsync(token, DashboardFixture.Phone, 844);
            foreach (var path in Pages().Append(extra))
            {
                await fixture.OpenAsync(page, path);
                var wider = await WiderThanAsync(page, DashboardFixture.Phone);
                Assert.True(wider.Length == 0, $"{path} on a {DashboardFixture.Phone} px phone: {wider}");
            }

            await page.Context.CloseAsync();
        }
    }

    [Theory]
    [InlineData("/sedan-senaste-motet?organ=svo", PortraitWidth)]
    [InlineData("/sedan-senaste-motet?organ=svo&vy=punkt", PortraitWidth)]
    [InlineData("/organisation/0583", PortraitWidth)]
    [InlineData("/organisation/0580/namnd", PortraitWidth)]
    [InlineData("/initiativ", PortraitWidth)]
    [InlineData("/matpunkter", PortraitWidth)]
    [InlineData("/", LandscapeWidth)]
    public async Task PrintedView_OnA4_FitsThePrintableWidth(string path, int width)
    {
        var page = await fixture.SignInAsync(fixture.ViewerToken, width, 1000);
        await fixture.OpenAsync(page, path);
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        var wider = await WiderThanAsync(page, width);
        Assert.True(wider.Length == 0, $"{path} printed {width} px wide: {wider}");
        await page.Context.CloseAsync();
    }

    /// <summary>The page's width when wider than <paramref name="width"/>, and the elements that stick out; empty when it fits.</summary>
    private static Task<string> WiderThanAsync(IPage page, int width) => page.EvaluateAsync<string>(
        """
        width => {
          // Inside a box that scrolls sideways (a wide table on a phone) an element may reach further: the page does not.
          const scrolls = e => { for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) { if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(a).overflowX)) return true; } return false; };
          const root = document.documentElement.scrollWidth;
          const out = [...document.querySelectorAll('body *')]
            .filter(e => e.getClientRects().length > 0 && e.getBoundingClientRect().right > width + 1)
            .filter(e => !e.closest('.visually-hidden') && !scrolls(e))
            .slice(0, 6)
            .map(e => `${e.tagName.toLowerCase()}${e.className ? '.' + String(e.className).trim().replace(/\s+/g, '.') : ''} right ${Math.round(e.getBoundingClientRect().right)}`);
          return root <= width && out.length === 0 ? '' : `page ${root} px; ${out.join('; ')}`;
        }
        """,
        width);
}
