using Microsoft.Playwright;
using NaraVard.Api.V1;
using static Microsoft.Playwright.Assertions;

namespace NaraVard.Web.Tests;

/// <summary>
/// Everything an editor can do over gRPC, done in the web (issue 30): each change shows in the initiative's
/// history and over gRPC, a refusal is said in Swedish next to its form, and a post the page does not offer is
/// refused by the same rules.
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed class EditorFormTests(DashboardFixture fixture)
{
    private static readonly string Iso = "yyyy-MM-dd";

    [Fact]
    public async Task Editor_CreatesAnInitiativeInTheWeb_WithItsPlanEffectsAndInvitations_AndItIsThereOverGrpc()
    {
        var page = await fixture.SignInAsync(fixture.EditorToken);
        await fixture.OpenAsync(page, "/initiativ");
        await page.GetByRole(AriaRole.Link, new() { Name = "Nytt initiativ" }).ClickAsync();

        var title = $"Mobil hemsjukvård natt {Guid.NewGuid():N}"[..34];
        await page.GetByLabel("Färdplanspunkt").SelectOptionAsync(new SelectOptionValue { Value = "G01" });
        await page.GetByLabel("Rubrik").FillAsync(title);
        await page.GetByLabel("Ansvarig", new() { Exact = true }).FillAsync("Enhetschef hemsjukvård");
        await page.GetByLabel("Startdatum").FillAsync("2027-01-01");
        await page.GetByLabel("Måldatum").FillAsync("2028-06-30");
        await page.GetByLabel("Egen kostnad (kr)").FillAsync("1 250 000");
        await page.GetByLabel("Prioritet").SelectOptionAsync(new SelectOptionValue { Label = "Hög" });
        await page.GetByLabel("Förväntad effekt för individ").FillAsync("Färre akuta besök nattetid");
        await page.GetByRole(AriaRole.Group, new() { Name = "Målbilder (en eller flera)" }).GetByRole(AriaRole.Checkbox).First.CheckAsync();
        await page.GetByRole(AriaRole.Group, new() { Name = "Bjud in att delta (gör initiativet gemensamt)" }).GetByLabel("Motala").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Skapa initiativet" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = title })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Sparat");
        var id = page.Url.Split('/')[^1].Split('?')[0];
        using var api = fixture.Api(fixture.AdminToken);
        var created = await api.Roadmap.GetInitiativeAsync(new GetInitiativeRequest { Id = id });
        Assert.Equal(("0580", "G01", Scope.Joint, "Enhetschef hemsjukvård", "2027-01-01", "2028-06-30"), (created.OwnerCode, created.RoadmapItem, created.Scope, created.Responsible, created.StartDate, created.TargetDate));
        Assert.Equal(1_250_000, created.Budget.OwnCostSek);
        Assert.Contains(created.Effects, e => e.Level == EffectLevel.Individual && e.Description == "Färre akuta besök nattetid");
        Assert.Equal(["0583"], created.Invited);
        Assert.Equal(Priority.High, created.Priority);

        // The action plan, high priority first: the new one is listed with its priority, responsible and target date.
        await fixture.OpenAsync(page, "/initiativ?org=0580&prioritet=high&ordning=maldatum");
        var row = page.Locator("table tbody tr", new() { HasText = title });
        await Expect(row.Locator("td[data-label='Prioritet och mål']")).ToHaveTextAsync("Högmål 30 juni 2028");
        await Expect(row.Locator("td[data-label='Ägare och ansvarig']")).ToContainTextAsync("Enhetschef hemsjukvård");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Editor_MeasuresAddsMilestonesRevisesPausesAndCloses_EachInTheHistoryAndOverGrpc()
    {
        var id = await fixture.CreateInitiativeAsync("0580", "K03", "Trygg hemma i Linköping");
        var page = await fixture.SignInAsync(fixture.EditorToken);
        await fixture.OpenAsync(page, "/initiativ/" + id);
        var target = DateOnly.FromDateTime(DateTime.UtcNow.AddYears(2)).ToString(Iso, System.Globalization.CultureInfo.InvariantCulture);

        await page.GetByText("Lägg till en mätpunkt").ClickAsync();
        await page.GetByLabel("Namn på mätpunkten").FillAsync("Andel med trygghetskamera");
        await page.GetByLabel("Enhet", new() { Exact = true }).FillAsync("%");
        await page.GetByLabel("Utgångsvärde", new() { Exact = true }).FillAsync("12,5");
        await page.GetByLabel("Målvärde", new() { Exact = true }).FillAsync("40");
        await page.GetByLabel("Målvärdet nås senast").FillAsync(target);
        await page.GetByRole(AriaRole.Button, new() { Name = "Lägg till mätpunkten" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Sparat");

        await page.GetByLabel("Värde", new() { Exact = true }).FillAsync("tjugo");
        await page.GetByRole(AriaRole.Button, new() { Name = "Spara mätvärdet" }).ClickAsync();
        await Expect(page.Locator("#indicator-problem")).ToContainTextAsync("”tjugo” är inget tal");
        await page.GetByLabel("Värde", new() { Exact = true }).FillAsync("18,5");
        await page.GetByRole(AriaRole.Button, new() { Name = "Spara mätvärdet" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Sparat");

        await page.GetByLabel("Milstolpe", new() { Exact = true }).FillAsync("Upphandling klar");
        await page.GetByRole(AriaRole.Button, new() { Name = "Lägg till milstolpen" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Markera ”Upphandling klar” som klar" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Sparat");

        await page.GetByText("Revidera planen").ClickAsync();
        await page.Locator("#revise-target").FillAsync(target);
        await page.Locator("#revise-priority").SelectOptionAsync(new SelectOptionValue { Label = "Låg" });
        await page.GetByLabel("Skäl till revideringen").FillAsync("Årlig revidering 2027");
        await page.GetByRole(AriaRole.Button, new() { Name = "Spara revideringen" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Sparat");

        await page.GetByText("Pausa initiativet").ClickAsync();
        await page.GetByLabel("Skäl till pausen").FillAsync("Väntar på budgetbeslut");
        await page.GetByRole(AriaRole.Button, new() { Name = "Pausa", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Återuppta" }).ClickAsync();
        await page.GetByText("Avsluta initiativet").ClickAsync();
        await page.GetByLabel("Stoppat").CheckAsync();
        await page.GetByLabel("Skäl och resultat").FillAsync("Ersätts av ett gemensamt initiativ");
        await page.GetByRole(AriaRole.Button, new() { Name = "Avsluta", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Sparat");

        using var api = fixture.Api(fixture.AdminToken);
        var after = await api.Roadmap.GetInitiativeAsync(new GetInitiativeRequest { Id = id });
        Assert.Equal(Phase.Stoppad, after.Phase);
        Assert.Equal(18.5, Assert.Single(after.Indicators).Latest.Value);
        Assert.NotNull(Assert.Single(after.Milestones).CompletedAt);
        Assert.Equal(target, after.TargetDate);
        Assert.Equal(Priority.Low, after.Priority);
        var history = (await api.HistoryAsync(id)).Events.Select(e => e.Type).ToList();
        Assert.Equal(["InitiativeCreated", "IndicatorAdded", "IndicatorMeasured", "MilestoneAdded", "MilestoneCompleted", "PlanRevised", "InitiativePaused", "InitiativeResumed", "InitiativeClosed"], history);
        await Expect(page.Locator("ol.history")).ToContainTextAsync("Årlig revidering 2027");

        // A closed initiative offers no more changes.
        await Expect(page.GetByText("Avsluta initiativet")).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Viewer_ForgedPostOfAMeasurementPoint_IsRefusedInSwedishAndNothingIsWritten()
    {
        var id = await fixture.CreateInitiativeAsync("0580", "K04", "Planering för äldreboende");
        var page = await fixture.SignInAsync(fixture.ViewerToken);
        await fixture.OpenAsync(page, "/initiativ/" + id);
        await Expect(page.GetByText("Lägg till en mätpunkt")).ToHaveCountAsync(0);

        var response = await DashboardFixture.PostFormAsync(page, "/initiativ/" + id, "matpunkt", new()
        {
            ["Add.Name"] = "Smygmätning", ["Add.Unit"] = "%", ["Add.Level"] = "Individual", ["Add.Baseline"] = "1", ["Add.Target"] = "2", ["Add.TargetDate"] = "2030-01-01",
        });

        Assert.Contains("Du har inte behörighet att göra den här ändringen.", await response.TextAsync(), StringComparison.Ordinal);
        using var api = fixture.Api(fixture.AdminToken);
        Assert.Empty((await api.Roadmap.GetInitiativeAsync(new GetInitiativeRequest { Id = id })).Indicators);
        await page.Context.CloseAsync();
    }
}
