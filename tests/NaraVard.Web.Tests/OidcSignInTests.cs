using Microsoft.Playwright;
using NaraVard.Testing;
using static Microsoft.Playwright.Assertions;

namespace NaraVard.Web.Tests;

/// <summary>Sign-in at the region's identity provider (authorization code + PKCE), with a provider running on loopback.</summary>
[Collection(DashboardCollection.Name)]
public sealed class OidcSignInTests(DashboardFixture fixture)
{
    [Fact]
    public async Task SignInAtTheIdentityProvider_OpensASessionWithItsOrganisationAndRole_AndEndsWithTheToken()
    {
        await using var idp = await TestIdentityProvider.StartAsync();
        using var data = new TempDirectory("naravard-dashboard-oidc");
        await using var server = await ServerProcess.StartAsync(data.Path,
        [
            $"--NaraVard:Oidc:Issuer={idp.Issuer}", "--NaraVard:Oidc:Audience=naravard",
            "--NaraVard:Oidc:ClientId=naravard-dashboard", "--NaraVard:Oidc:ClientSecret=test-secret",
        ]);
        idp.User = new Dictionary<string, object> { ["sub"] = "u-4711", ["name"] = "Karin Planerare", ["naravard_org"] = "05", ["naravard_role"] = "planner" };
        idp.TokenLifetime = TimeSpan.FromSeconds(10);

        var context = await fixture.Browser.NewContextAsync(new() { BaseURL = server.DashboardAddress!.ToString() });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/hinder");
        await page.GetByRole(AriaRole.Link, new() { Name = "Logga in med regionens inloggning" }).ClickAsync();
        await DashboardFixture.WaitForAddressAsync(page, url => new Uri(url).AbsolutePath == "/hinder");
        await Expect(page.Locator(".who")).ToContainTextAsync("Karin Planerare");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Flagga hinder" })).ToBeVisibleAsync();

        // The session lasts as long as the provider's token (10 s here), not the cookie's eight hours.
        for (var attempt = 0; attempt < 60 && !page.Url.Contains("/logga-in", StringComparison.Ordinal); attempt++)
        {
            await page.WaitForTimeoutAsync(500);
            await page.GotoAsync("/hinder");
        }

        Assert.Contains("/logga-in", page.Url, StringComparison.Ordinal);
        await context.CloseAsync();
    }

    [Fact]
    public async Task AccountWithoutARole_IsTurnedBackWithAMessage()
    {
        await using var idp = await TestIdentityProvider.StartAsync();
        using var data = new TempDirectory("naravard-dashboard-oidc");
        await using var server = await ServerProcess.StartAsync(data.Path,
            [$"--NaraVard:Oidc:Issuer={idp.Issuer}", "--NaraVard:Oidc:Audience=naravard", "--NaraVard:Oidc:ClientId=naravard-dashboard", "--NaraVard:Oidc:ClientSecret=s"]);
        idp.User = new Dictionary<string, object> { ["sub"] = "u-1", ["name"] = "Utan Roll", ["naravard_org"] = "0580", ["naravard_role"] = "superuser" };

        var context = await fixture.Browser.NewContextAsync(new() { BaseURL = server.DashboardAddress!.ToString() });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/logga-in");
        await page.GetByRole(AriaRole.Link, new() { Name = "Logga in med regionens inloggning" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("saknar organisation och roll");
        Assert.DoesNotContain(await context.CookiesAsync(), c => c.Name == "naravard-session");
        await context.CloseAsync();
    }
}
