using Microsoft.Playwright;
using NaraVard.Testing;

namespace NaraVard.Web.Tests;

/// <summary>Keyboard-only use (WCAG 2.1: 2.1.1, 2.4.1, 2.4.7): skip link first, menu reachable, focus visible.</summary>
[Collection(DashboardCollection.Name)]
public sealed class KeyboardTests(DashboardFixture fixture)
{
    [Fact]
    public async Task Keyboard_FromTheTop_SkipsToContentAndReachesEveryPageOfTheMenu()
    {
        var page = await fixture.SignInAsync(fixture.ViewerToken);
        await fixture.OpenAsync(page, "/");
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("Hoppa till innehållet", await ActiveTextAsync(page));
        Assert.NotEqual("none", await page.EvaluateAsync<string>("() => getComputedStyle(document.activeElement).outlineStyle"));

        foreach (var (name, path) in new[] { ("Matrisen", "/matris"), ("Hinder", "/hinder"), ("Initiativ", "/initiativ"), ("Vägen", "/") })
        {
            for (var presses = 0; presses < 20 && await ActiveTextAsync(page) != name; presses++)
            {
                await page.Keyboard.PressAsync("Tab");
            }

            Assert.Equal(name, await ActiveTextAsync(page));
            Assert.NotEqual("none", await page.EvaluateAsync<string>("() => getComputedStyle(document.activeElement).outlineStyle"));
            // What a keyboard user sees is the new page's heading; the load event can lag far behind it when
            // the machine is busy (a CI run once waited 90 s for it), so the test waits for the page, not the event.
            await page.Keyboard.PressAsync("Enter");
            await DashboardFixture.WaitForAddressAsync(page, url => new Uri(url).AbsolutePath == path);
            await Assertions.Expect(page.Locator("main h1")).ToBeVisibleAsync(new() { Timeout = 90_000 });
        }

        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ReportForm_KeyboardOnly_SubmitsWithEnter()
    {
        var id = await fixture.CreateInitiativeAsync("0580", "K01", "Hälsocentral på hjul");
        var page = await fixture.SignInAsync(fixture.EditorToken);
        await fixture.OpenAsync(page, "/initiativ/" + id);
        await page.GetByLabel("Förlopp (0–100 %)").FocusAsync();
        await page.Keyboard.PressAsync("Control+A");
        await page.Keyboard.TypeAsync("15");
        await page.Keyboard.PressAsync("Enter");
        await Microsoft.Playwright.Assertions.Expect(page.Locator("dl.facts")).ToContainTextAsync("15 %");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Dashboard_PlainHttpBeyondLoopback_RefusesToStart()
    {
        using var data = new TempDirectory("naravard-dashboard-http");
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => ServerProcess.StartAsync(data.Path, ["--NaraVard:Dashboard=http://0.0.0.0:5080"]));
        Assert.Contains("would send session cookies in clear text", error.Message, StringComparison.Ordinal);
    }

    private static Task<string> ActiveTextAsync(IPage page) => page.EvaluateAsync<string>("() => (document.activeElement?.textContent ?? '').trim()");
}
