using Microsoft.Playwright;
using NaraVard.Api.V1;
using NaraVard.Exchange.Sheets;
using NaraVard.Testing;

namespace NaraVard.Web.Tests;

/// <summary>The honest status: an initiative its organisation calls "on plan" that an obstacle blocks is never shown green.</summary>
[Collection(DashboardCollection.Name)]
public sealed class HealthTests(DashboardFixture fixture)
{
    [Fact]
    public async Task InitiativeReportedOnPlanButBlocked_IsBlockedOnEveryPageInTheApiAndTheExport()
    {
        using var admin = fixture.Api(fixture.AdminToken);
        using var planner = fixture.Api(fixture.PlannerToken);
        var title = "Digitala vårdmöten " + TestRoadmap.NewKey("h");
        var id = await fixture.CreateInitiativeAsync("0580", "K03", title);
        await admin.Initiatives.ReportProgressAsync(new ReportProgressRequest { InitiativeId = id, ProgressPercent = 30, Status = InitiativeStatus.OnTrack, Comment = "Allt går enligt plan" });
        Assert.Equal(InitiativeHealth.OnTrack, (await admin.Roadmap.GetInitiativeAsync(new GetInitiativeRequest { Id = id })).Health);

        await planner.Obstacles.FlagObstacleAsync(new FlagObstacleRequest { Category = "styrning", Severity = Severity.High, Title = "Ingen beslutad finansiering", BlockedInitiatives = { id } });

        // The API: the initiative itself, the list and the filter by health.
        Assert.Equal(InitiativeHealth.Blocked, (await admin.Roadmap.GetInitiativeAsync(new GetInitiativeRequest { Id = id })).Health);
        var linkoping = (await admin.Roadmap.ListInitiativesAsync(new ListInitiativesRequest { OrganizationCode = "0580", PageSize = 500 })).Initiatives;
        Assert.Equal(InitiativeHealth.Blocked, linkoping.Single(i => i.Id == id).Health);
        var blocked = (await admin.Roadmap.ListInitiativesAsync(new ListInitiativesRequest { Health = InitiativeHealth.Blocked, PageSize = 500 })).Initiatives;
        Assert.Contains(blocked, i => i.Id == id);
        var overview = await admin.Roadmap.GetOverviewAsync(new GetOverviewRequest());
        Assert.Equal(blocked.Count, overview.County.ByHealth.Single(h => h.Health == InitiativeHealth.Blocked).Count);

        // Every page that shows it: its row or its heading says blocked, never on plan.
        var page = await fixture.SignInAsync(fixture.ViewerToken);
        foreach (var path in new[] { "/initiativ?org=0580", "/initiativ?lage=blocked", "/organisation/0580", "/sedan-senaste-motet?organ=svo", "/sedan-senaste-motet?organ=svo&vy=punkt" })
        {
            await fixture.OpenAsync(page, path);
            var rows = page.Locator("tr").Filter(new() { Has = page.GetByRole(AriaRole.Link, new() { Name = title }) });
            Assert.True(await rows.CountAsync() > 0, $"{path}: no row for the initiative");
            foreach (var text in await rows.AllInnerTextsAsync())
            {
                Assert.Contains("Blockerad", text, StringComparison.Ordinal);
                Assert.DoesNotContain("Enligt plan", text, StringComparison.Ordinal);
            }
        }

        await fixture.OpenAsync(page, $"/initiativ/{id}");
        var lead = await page.Locator("p.lead").InnerTextAsync();
        Assert.Contains("Blockerad", lead, StringComparison.Ordinal);
        Assert.DoesNotContain("Enligt plan", lead, StringComparison.Ordinal);
        await page.Context.CloseAsync();

        // The exported list says it too, beside the status the organisation reported.
        var (_, content) = await ApiClient.DownloadAsync(admin.Exchange.Export(new ExportRequest { View = ExportView.Initiatives, OrganizationCode = "0580" }));
        var sheet = SheetFiles.Read(content, "initiativ.xlsx");
        var row = sheet.Rows.Single(r => r.Cells.Contains(id));
        Assert.Equal("Blockerad", row.Cells[sheet.Headers.ToList().IndexOf("Läge")]);
        Assert.Equal("Enligt plan", row.Cells[sheet.Headers.ToList().IndexOf("Status")]);
    }
}
