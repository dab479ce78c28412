using Microsoft.Playwright;
using NaraVard.Api.V1;
using NaraVard.Testing;
using static Microsoft.Playwright.Assertions;

namespace NaraVard.Web.Tests;

/// <summary>The same dashboard on the production store: a throwaway PostgreSQL cluster and a server on it.</summary>
[Collection(DashboardCollection.Name)]
public sealed class PostgresDashboardTests(DashboardFixture fixture)
{
    [Fact]
    public async Task OnPostgres_SignInReportAndRoad_Work()
    {
        await using var postgres = await PostgresServer.StartAsync();
        var connectionString = await postgres.CreateDatabaseAsync();
        using var data = new TempDirectory("naravard-dashboard-pg");
        await using var server = await ServerProcess.StartAsync(data.Path, [$"--NaraVard:Postgres={connectionString}"]);
        var admin = server.AdminToken!;
        using var api = new ApiClient(server.Address, admin);
        var created = await api.Initiatives.CreateInitiativeAsync(new CreateInitiativeRequest { OwnerCode = "0581", Scope = Scope.Municipal, RoadmapItem = "K01", Title = "Primärvårdsteam i Norrköping" });

        var page = await fixture.SignInAsync(server.DashboardAddress!, admin);
        await Expect(page.Locator(".figure").First).ToContainTextAsync("1");

        await page.GotoAsync("/initiativ/" + created.Id);
        await page.GetByLabel("Förlopp (0–100 %)").FillAsync("20");
        await page.GetByRole(AriaRole.Button, new() { Name = "Rapportera" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Sparat");

        Assert.Equal(20, (await api.Roadmap.GetInitiativeAsync(new GetInitiativeRequest { Id = created.Id })).ProgressPercent);
        await page.GotoAsync("/organisation/0581");
        await Expect(page.Locator("table")).ToContainTextAsync("20 %");
        await page.Context.CloseAsync();
    }
}
