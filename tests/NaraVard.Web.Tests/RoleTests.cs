using Microsoft.Playwright;
using NaraVard.Api.V1;
using static Microsoft.Playwright.Assertions;

namespace NaraVard.Web.Tests;

/// <summary>Each role's main path through the dashboard, against the real server and its rules.</summary>
[Collection(DashboardCollection.Name)]
public sealed class RoleTests(DashboardFixture fixture)
{
    [Fact]
    public async Task Viewer_ReadsRoadMatrixAndInitiative_WithoutAnyForm()
    {
        var page = await fixture.SignInAsync(fixture.ViewerToken);
        await fixture.OpenAsync(page, "/");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Vägen mot Nära vård 2030" })).ToBeVisibleAsync();
        await Expect(page.Locator(".station.ph-genomforande .count")).Not.ToHaveTextAsync("0");

        await fixture.OpenAsync(page, "/matris");
        await page.GetByRole(AriaRole.Link, new() { Name = "Linköping, K01: Strategi" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Kommunal primärvård i Linköping" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Kommunal primärvård i Linköping" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Kommunal primärvård i Linköping", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByText("Rekrytering av sjuksköterskor pågår").First).ToBeVisibleAsync();
        await Expect(page.Locator("form.write")).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Editor_ReportsProgress_SeesItOnThePageAndInTheHistory()
    {
        var id = await fixture.CreateInitiativeAsync("0580", "K06", "Mötesplatser mot ensamhet");
        var page = await fixture.SignInAsync(fixture.EditorToken);
        await fixture.OpenAsync(page, "/initiativ/" + id);
        await page.GetByLabel("Förlopp (0–100 %)").FillAsync("35");
        await page.GetByLabel("Status").SelectOptionAsync(new SelectOptionValue { Label = "Risk för försening" });
        await page.GetByLabel("Kommentar", new() { Exact = true }).FillAsync("Lokal hittad i Skäggetorp");
        await page.GetByRole(AriaRole.Button, new() { Name = "Rapportera" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Sparat");
        await Expect(page.Locator("dl.facts")).ToContainTextAsync("35 %");
        await Expect(page.Locator("ol.history li").First).ToContainTextAsync("Rapporterade 35 %, risk för försening. ”Lokal hittad i Skäggetorp”");
        await Expect(page.Locator("ol.history li").First).ToContainTextAsync("Linköping socialförvaltning");

        using var api = fixture.Api(fixture.AdminToken);
        var stored = await api.Roadmap.GetInitiativeAsync(new GetInitiativeRequest { Id = id });
        Assert.Equal(35, stored.ProgressPercent);
        Assert.Equal(InitiativeStatus.AtRisk, stored.Status);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task InvitedEditor_SeesTheInvitation_AcceptsIt_AndTheInitiativeCountsForItsOrganisation()
    {
        using var api = fixture.Api(fixture.AdminToken);
        var joint = await api.Initiatives.CreateInitiativeAsync(new CreateInitiativeRequest { OwnerCode = "05", Scope = Scope.Joint, RoadmapItem = "G07", Title = $"Gemensam läkemedelsgenomgång {Guid.NewGuid().ToString("N")[..6]}", Participants = { "0583" } });
        async Task<int> MotalaCountAsync() => (await api.Roadmap.GetOrganizationAsync(new GetOrganizationRequest { Code = "0583" })).Progress.Spread.Total;
        var before = await MotalaCountAsync();
        var page = await fixture.SignInAsync(fixture.OtherEditorToken);

        await fixture.OpenAsync(page, "/organisation/0583");
        await page.GetByRole(AriaRole.Link, new() { Name = joint.Title }).First.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Motala är inbjuden att delta" })).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(DashboardFixture.Screenshots, "inbjudan-1440x900.png"), FullPage = true });
        await page.GetByRole(AriaRole.Button, new() { Name = "Tacka ja" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Sparat");
        await Expect(page.Locator("ol.history li").First).ToContainTextAsync("Motala tackade ja till att delta.");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Lämna initiativet" })).ToBeVisibleAsync();
        Assert.Equal(before + 1, await MotalaCountAsync());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Planner_FlagsAnObstacle_CountMovesOnTheRegister()
    {
        var page = await fixture.SignInAsync(fixture.PlannerToken);
        await fixture.OpenAsync(page, "/hinder");
        var before = await OpenObstaclesAsync(page);

        var title = $"Oklar gränsdragning för hemsjukvård {Guid.NewGuid():N}"[..48];
        await page.GetByLabel("Rubrik", new() { Exact = true }).FillAsync(title);
        await page.GetByLabel("Kategori", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Gränsdragningar mellan kommun och region" });
        await page.GetByLabel("Allvar", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Hög" });
        await page.GetByRole(AriaRole.Group, new() { Name = "Blockerar organisationer (valfritt, en eller flera)" }).GetByLabel("Kinda").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Flagga hinder" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("flaggat");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = title })).ToBeVisibleAsync();
        Assert.Equal(before + 1, await OpenObstaclesAsync(page));

        await fixture.OpenAsync(page, "/organisation/0513");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = title })).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Planner_FlagsFromAnInitiativesPage_ForSeveralOrganisations_SeeingTheInitiativeByTitle()
    {
        var id = await fixture.CreateInitiativeAsync("0580", "K05", "Gemensam hemsjukvård i Linköping");
        var page = await fixture.SignInAsync(fixture.PlannerToken);
        await fixture.OpenAsync(page, "/initiativ/" + id);
        await page.GetByRole(AriaRole.Link, new() { Name = "Flagga ett hinder som blockerar initiativet" }).ClickAsync();

        var form = page.Locator("form.write");
        await Expect(form).ToContainTextAsync("Blockerar initiativet Gemensam hemsjukvård i Linköping");
        await Expect(page.GetByLabel("Blockerar initiativ (id, valfritt; flagga helst från initiativets sida)")).ToHaveCountAsync(0);
        var title = $"Delad journal saknas {Guid.NewGuid():N}"[..32];
        await page.GetByLabel("Rubrik", new() { Exact = true }).FillAsync(title);
        await page.GetByLabel("Allvar", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Hög" });
        var organisations = page.GetByRole(AriaRole.Group, new() { Name = "Blockerar organisationer (valfritt, en eller flera)" });
        await organisations.GetByLabel("Kinda").CheckAsync();
        await organisations.GetByLabel("Motala").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Flagga hinder" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("flaggat");

        using var api = fixture.Api(fixture.AdminToken);
        var flagged = Assert.Single((await api.Obstacles.ListObstaclesAsync(new ListObstaclesRequest { InitiativeId = id })).Obstacles, o => o.Title == title);
        Assert.Equal([id], flagged.BlockedInitiatives);
        Assert.Equal(["0513", "0583"], flagged.BlockedOrganizations.Order());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Planner_PlansAnObstaclesNextStep_ShownOnItsPageInTheRegisterInItsHistoryAndOverGrpc()
    {
        using var asPlanner = fixture.Api(fixture.PlannerToken);
        var title = $"Oklart ägarskap {Guid.NewGuid():N}"[..30];
        var flagged = await asPlanner.Obstacles.FlagObstacleAsync(new FlagObstacleRequest { Category = "styrning", Severity = Severity.High, Title = title, BlockedOrganizations = { "0586" } });
        var page = await fixture.SignInAsync(fixture.PlannerToken);
        await fixture.OpenAsync(page, "/hinder/" + flagged.Id);
        await Expect(page.Locator("dl.facts")).ToContainTextAsync("Ingen ansvarig utsedd");

        await page.GetByLabel("Ansvarig", new() { Exact = true }).FillAsync("LGVO:s ordförande");
        await page.GetByLabel("Vad som ska hända").FillAsync("Förslag om gemensam ägare till nästa möte");
        await page.GetByLabel("Senast").FillAsync("2027-13-45");
        await page.GetByRole(AriaRole.Button, new() { Name = "Spara nästa steg" }).ClickAsync();
        await Expect(page.Locator("#plan-problem")).ToContainTextAsync("åååå-mm-dd");

        var due = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(10));
        await page.GetByLabel("Senast").FillAsync(due.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "Spara nästa steg" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Sparat");
        await Expect(page.Locator("dl.facts")).ToContainTextAsync("Ansvarig: LGVO:s ordförande");
        await Expect(page.Locator("ol.history")).ToContainTextAsync("Planerade nästa steg ”Förslag om gemensam ägare till nästa möte”, ansvarig LGVO:s ordförande");

        var read = await asPlanner.Obstacles.GetObstacleAsync(new GetObstacleRequest { Id = flagged.Id });
        Assert.Equal(("LGVO:s ordförande", "Förslag om gemensam ägare till nästa möte", due.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)), (read.Owner, read.NextStep, read.NextStepDue));

        await fixture.OpenAsync(page, "/organisation/0586");
        var row = page.Locator("tr", new() { Has = page.GetByRole(AriaRole.Link, new() { Name = title }) });
        await Expect(row.Locator("td[data-label='Nästa steg']")).ToContainTextAsync("Ansvarig: LGVO:s ordförande");
        await page.Context.CloseAsync();

        var viewer = await fixture.SignInAsync(fixture.ViewerToken);
        await fixture.OpenAsync(viewer, "/hinder/" + flagged.Id);
        await Expect(viewer.GetByRole(AriaRole.Button, new() { Name = "Spara nästa steg" })).ToHaveCountAsync(0);
        await viewer.Context.CloseAsync();
    }

    private static async Task<int> OpenObstaclesAsync(IPage page)
    {
        var lead = await page.Locator("p.lead").InnerTextAsync();
        return int.Parse(System.Text.RegularExpressions.Regex.Match(lead, @"(\d+) öppna hinder").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }
}
