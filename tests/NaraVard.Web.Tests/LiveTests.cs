using Microsoft.Playwright;
using NaraVard.Api.V1;
using static Microsoft.Playwright.Assertions;

namespace NaraVard.Web.Tests;

/// <summary>Open pages follow the log: a change made over gRPC shows within 2 s, without a reload.</summary>
[Collection(DashboardCollection.Name)]
public sealed class LiveTests(DashboardFixture fixture)
{
    private static readonly LocatorAssertionsToContainTextOptions WithinTwoSeconds = new() { Timeout = 2_000 };

    [Fact]
    public async Task ReportOverGrpc_OnAnOpenInitiativePage_AppearsWithoutReload()
    {
        var id = await fixture.CreateInitiativeAsync("0580", "K02", "Sensorer i särskilt boende");
        var page = await fixture.SignInAsync(fixture.ViewerToken);
        await fixture.OpenAsync(page, "/initiativ/" + id);
        await page.EvaluateAsync("() => { window.notReloaded = true; }");
        await Expect(page.Locator("#live-state[data-state=live]")).ToHaveCountAsync(1);

        using var api = fixture.Api(fixture.EditorToken);
        await api.Initiatives.ReportProgressAsync(new ReportProgressRequest { InitiativeId = id, ProgressPercent = 55, Status = InitiativeStatus.OnTrack, Comment = "Installation klar i två boenden" });

        await Expect(page.Locator("dl.facts")).ToContainTextAsync("55 %", WithinTwoSeconds);
        await Expect(page.Locator("ol.history")).ToContainTextAsync("Installation klar i två boenden", WithinTwoSeconds);
        Assert.True(await page.EvaluateAsync<bool>("() => window.notReloaded === true"));
        await Expect(page.Locator("#live-text")).ToContainTextAsync("Uppdaterad");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ObstacleFlaggedOverGrpc_OnAnOpenRoadPage_MovesTheCount()
    {
        var page = await fixture.SignInAsync(fixture.ViewerToken);
        await fixture.OpenAsync(page, "/");
        await Expect(page.Locator("#live-state[data-state=live]")).ToHaveCountAsync(1);
        var figure = page.Locator(".figure", new() { HasText = "öppna hinder" }).Locator(".value");
        var before = int.Parse(await figure.InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture);

        using var api = fixture.Api(fixture.PlannerToken);
        await api.Obstacles.FlagObstacleAsync(new FlagObstacleRequest { Category = "lagstiftning", Severity = Severity.Medium, Title = "Sekretess mellan huvudmän", BlockedOrganizations = { "0560" } });

        await Expect(figure).ToHaveTextAsync((before + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), new() { Timeout = 2_000 });
        await page.Context.CloseAsync();
    }
}
