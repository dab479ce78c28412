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

    [Fact]
    public async Task TwoNodesOnOnePostgres_ASessionStartedOnOneWorksOnTheOther_AndTheKeysAreEncryptedAtRest()
    {
        await using var postgres = await PostgresServer.StartAsync();
        var connectionString = await postgres.CreateDatabaseAsync();
        using var data = new TempDirectory("naravard-dashboard-two-nodes");
        var (made, said) = await ExternalTool.RunAsync("dotnet", [ServerProcess.ServerAssembly, "dev-certificates", data.File("certificates")], AppContext.BaseDirectory);
        Assert.True(made == 0, said);
        var certificate = data.File("certificates/dashboard-keys.pfx");

        // Both start at once on an empty database: they must agree on one first key.
        string[] arguments = [$"--NaraVard:Postgres={connectionString}", $"--NaraVard:DashboardKeyCertificate={certificate}"];
        var nodes = await Task.WhenAll(ServerProcess.StartAsync(Path.Combine(data.Path, "a"), arguments), ServerProcess.StartAsync(Path.Combine(data.Path, "b"), arguments));
        await using var a = nodes[0];
        await using var b = nodes[1];
        var admin = a.AdminToken ?? b.AdminToken!;
        using var api = new ApiClient(a.Address, admin);
        var created = await api.Initiatives.CreateInitiativeAsync(new CreateInitiativeRequest { OwnerCode = "0582", Scope = Scope.Municipal, RoadmapItem = "K01", Title = "Mobil närvård i Söderköping" });

        // Signed in on A (the cookie is the host's, whatever the port), then every request goes to B.
        var page = await fixture.SignInAsync(a.DashboardAddress!, admin);
        await page.GotoAsync(new Uri(b.DashboardAddress!, "/initiativ/" + created.Id).ToString());
        Assert.EndsWith("/initiativ/" + created.Id, page.Url, StringComparison.Ordinal);
        await page.GetByLabel("Förlopp (0–100 %)").FillAsync("35");
        await page.GetByRole(AriaRole.Button, new() { Name = "Rapportera" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Sparat");
        Assert.Equal(35, (await api.Roadmap.GetInitiativeAsync(new GetInitiativeRequest { Id = created.Id })).ProgressPercent);

        // A form served by B and posted to A: the antiforgery token is read there too.
        var posted = await DashboardFixture.PostFormAsync(page, new Uri(a.DashboardAddress!, "/initiativ/" + created.Id).ToString(), "rapport", new() { ["Report.Progress"] = "40", ["Report.Status"] = "OnTrack", ["Report.Comment"] = "" });
        Assert.Equal(200, posted.Status);
        Assert.Equal(40, (await api.Roadmap.GetInitiativeAsync(new GetInitiativeRequest { Id = created.Id })).ProgressPercent);

        // Signed out on B: a copy of the cookie is refused on A too (the sign-out is in the log every node reads).
        var copied = (await page.Context.CookiesAsync()).Single(c => c.Name == "naravard-session");
        await page.GotoAsync(new Uri(b.DashboardAddress!, "/").ToString());
        await page.GetByRole(AriaRole.Button, new() { Name = "Logga ut" }).ClickAsync();
        await DashboardFixture.WaitForAddressAsync(page, url => url.Contains("/logga-in", StringComparison.Ordinal));
        var context = await fixture.Browser.NewContextAsync();
        await context.AddCookiesAsync([new Cookie { Name = copied.Name, Value = copied.Value, Url = a.DashboardAddress!.ToString() }]);
        var thief = await context.NewPageAsync();
        var refusedWithin = System.Diagnostics.Stopwatch.StartNew();
        do
        {
            await thief.GotoAsync(new Uri(a.DashboardAddress!, "/matris").ToString());
        }
        while (!thief.Url.Contains("/logga-in", StringComparison.Ordinal) && refusedWithin.Elapsed < TimeSpan.FromSeconds(10));

        Assert.Contains("/logga-in", thief.Url, StringComparison.Ordinal);
        await context.CloseAsync();
        await page.Context.CloseAsync();

        var database = new Npgsql.NpgsqlConnectionStringBuilder(connectionString).Database!;
        var keys = (await postgres.PsqlAsync(database, "SELECT xml FROM dashboard_keys")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var key = Assert.Single(keys);
        Assert.Contains("encryptedSecret", key, StringComparison.Ordinal);
        Assert.DoesNotContain("<masterKey", key, StringComparison.Ordinal);
    }
}
