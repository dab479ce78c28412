using Microsoft.Playwright;
using NaraVard.Api.V1;
using static Microsoft.Playwright.Assertions;

namespace NaraVard.Web.Tests;

/// <summary>The page SVO projects at its meeting: what has moved since the last one, printable.</summary>
[Collection(DashboardCollection.Name)]
public sealed class SinceMeetingTests(DashboardFixture fixture)
{
    [Fact]
    public async Task SinceTheLastMeeting_ShowsTheNewInitiativeUnderItsOrganisation_AndPrintsWithoutTheMenu()
    {
        using var api = fixture.Api(fixture.AdminToken);
        var yesterday = NaraVard.Domain.FollowUp.SwedishTime.Today(DateTimeOffset.UtcNow).AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        await api.FollowUp.RecordMeetingAsync(new RecordMeetingRequest { Body = Body.Svo, Date = yesterday, Title = "SVO:s novembermöte", Note = "Beslut om gemensam hemsjukvård" });
        var id = await fixture.CreateInitiativeAsync("0580", "K08", "Digitala vårdmöten i hemtjänsten");
        var page = await fixture.SignInAsync(fixture.ViewerToken);

        await fixture.OpenAsync(page, "/sedan-senaste-motet?organ=svo");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Sedan SVO");
        var linkoping = page.Locator("section.block", new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = "Linköping" }) });
        await Expect(linkoping.GetByRole(AriaRole.Row, new() { Name = "Digitala vårdmöten i hemtjänsten" })).ToContainTextAsync("Nytt");
        await page.ScreenshotAsync(new() { Path = Path.Combine(DashboardFixture.Screenshots, "sedan-motet-1440x900.png"), FullPage = true });

        // The same period per roadmap item: the initiative under K08, with its organisation named.
        await page.GetByRole(AriaRole.Link, new() { Name = "per punkt i färdplanen" }).ClickAsync();
        var item = page.Locator("section.block", new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = "K08", Exact = false }) });
        await Expect(item.GetByRole(AriaRole.Row, new() { Name = "Digitala vårdmöten i hemtjänsten" })).ToContainTextAsync("Linköping");
        await page.ScreenshotAsync(new() { Path = Path.Combine(DashboardFixture.Screenshots, "sedan-motet-punkt-1440x900.png"), FullPage = true });

        await page.EmulateMediaAsync(new() { Media = Media.Print });
        await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Huvudmeny" })).ToBeHiddenAsync();
        var pdf = await page.PdfAsync(new() { Format = "A4" });
        Assert.True(pdf.Length > 10_000, $"the printed page is {pdf.Length} bytes");
        Assert.NotNull(id);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Initiative_WithMeasurementPoints_ShowsEachAsAChartAndWhetherItIsOnTrack()
    {
        using var api = fixture.Api(fixture.AdminToken);
        var id = await fixture.CreateInitiativeAsync("0580", "K09", "Trygg hemgång från sjukhus");
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        await api.Initiatives.AddIndicatorAsync(new AddIndicatorRequest { InitiativeId = id, Name = "Återinskrivningar inom 30 dagar", Unit = "%", Level = EffectLevel.Individual, Baseline = 18, BaselineDate = Iso(today.AddDays(-90)), Target = 12, TargetDate = Iso(today.AddDays(275)) });
        foreach (var (daysAgo, value) in new[] { (60, 17.5), (30, 16.0), (1, 15.2) })
        {
            await api.Initiatives.RecordIndicatorValueAsync(new RecordIndicatorValueRequest { InitiativeId = id, IndicatorId = "k1", Value = value, MeasuredOn = Iso(today.AddDays(-daysAgo)) });
        }

        var page = await fixture.SignInAsync(fixture.ViewerToken);
        await fixture.OpenAsync(page, "/initiativ/" + id);

        var point = page.Locator("ul.indicators li");
        await Expect(point).ToContainTextAsync("Återinskrivningar inom 30 dagar");
        await Expect(point).ToContainTextAsync("senast 15,2 %");
        await Expect(point).ToContainTextAsync("i fas");
        await Expect(point.Locator("svg.indicator-chart circle.measured")).ToHaveCountAsync(3);
        await page.Locator("ul.indicators").ScreenshotAsync(new() { Path = Path.Combine(DashboardFixture.Screenshots, "matpunkter.png") });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Road_AsOfADay_ShowsTheCountyAsItStoodThen_AndTodayAgainFromItsLink()
    {
        var page = await fixture.SignInAsync(fixture.ViewerToken);
        await fixture.OpenAsync(page, "/");
        var total = page.Locator(".figure", new() { HasText = "initiativ" }).First.Locator(".value");
        var today = await total.InnerTextAsync();

        // SVO met yesterday, before anything was seeded: every initiative is new since then, and the figure says so.
        var meeting = NaraVard.Web.Sv.Date(NaraVard.Domain.FollowUp.SwedishTime.Today(DateTimeOffset.UtcNow).AddDays(-1));
        await Expect(page.Locator(".figure", new() { HasText = "initiativ" }).First.Locator(".moved")).ToHaveTextAsync($"+{today} sedan SVO {meeting}");

        // The county was seeded today: at the end of yesterday there was nothing on the road yet.
        await page.GetByLabel("Visa vägen per dag").FillAsync(Iso(NaraVard.Domain.FollowUp.SwedishTime.Today(DateTimeOffset.UtcNow).AddDays(-1)));
        await page.GetByRole(AriaRole.Button, new() { Name = "Visa" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Vägen per");
        await Expect(total).ToHaveTextAsync("0");
        await page.GetByRole(AriaRole.Link, new() { Name = "Till vägen i dag" }).ClickAsync();
        await Expect(total).ToHaveTextAsync(today);
        await page.Context.CloseAsync();
    }

    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
