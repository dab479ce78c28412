using Microsoft.Playwright;
using NaraVard.Testing;
using static Microsoft.Playwright.Assertions;

namespace NaraVard.Web.Tests;

/// <summary>
/// Sign-in at the region's identity provider, played by a real OpenID Connect server on loopback (OpenIddict's):
/// authorization code with PKCE, ID tokens signed RS256, a userinfo endpoint.
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed class OidcSignInTests(DashboardFixture fixture)
{
    private static Task<ServerProcess> StartAsync(TempDirectory data, OpenIdProvider idp, params string[] more) => ServerProcess.StartAsync(data.Path,
    [
        $"--NaraVard:Oidc:Issuer={idp.Issuer}", "--NaraVard:Oidc:Audience=naravard",
        $"--NaraVard:Oidc:ClientId={OpenIdProvider.ClientId}", $"--NaraVard:Oidc:ClientSecret={OpenIdProvider.ClientSecret}", .. more,
    ]);

    private async Task<IPage> SignInAtTheProviderAsync(ServerProcess server, string from)
    {
        var context = await fixture.Browser.NewContextAsync(new() { BaseURL = server.DashboardAddress!.ToString() });
        var page = await context.NewPageAsync();
        await page.GotoAsync(from);
        await page.GetByRole(AriaRole.Link, new() { Name = "Logga in med regionens inloggning" }).ClickAsync();
        return page;
    }

    /// <summary>Waits until the browser is back on the page it came from, signed in; fails with the server's last words otherwise.</summary>
    private static async Task SignedInAsync(IPage page, ServerProcess server, string path)
    {
        for (var waited = System.Diagnostics.Stopwatch.StartNew(); new Uri(page.Url).AbsolutePath != path; await Task.Delay(50))
        {
            if (page.Url.Contains("fel=extern", StringComparison.Ordinal) || waited.Elapsed > TimeSpan.FromSeconds(90))
            {
                Assert.Fail($"Not signed in, at {page.Url}:\n{string.Join('\n', server.Output.Split('\n').TakeLast(20))}");
            }
        }
    }

    [Fact]
    public async Task SignInAtTheIdentityProvider_OpensASessionWithItsOrganisationAndRole_AndEndsWithTheToken()
    {
        await using var idp = await OpenIdProvider.StartAsync();
        using var data = new TempDirectory("naravard-dashboard-oidc");
        await using var server = await StartAsync(data, idp);
        idp.User = new Dictionary<string, object> { ["sub"] = "u-4711", ["name"] = "Karin Planerare", ["naravard_org"] = "05", ["naravard_role"] = "planner" };
        idp.TokenLifetime = TimeSpan.FromSeconds(10);

        var page = await SignInAtTheProviderAsync(server, "/hinder");
        await SignedInAsync(page, server, "/hinder");
        await Expect(page.Locator(".who")).ToContainTextAsync("Karin Planerare");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Flagga hinder" })).ToBeVisibleAsync();

        // The session lasts as long as the provider's token (10 s here), not the cookie's eight hours.
        for (var attempt = 0; attempt < 60 && !page.Url.Contains("/logga-in", StringComparison.Ordinal); attempt++)
        {
            await page.WaitForTimeoutAsync(500);
            await page.GotoAsync("/hinder");
        }

        Assert.Contains("/logga-in", page.Url, StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task SectorClaimsFromTheUserInfoEndpoint_MappedByConfiguration_OpenASessionWithTheMappedRole()
    {
        await using var idp = await OpenIdProvider.StartAsync();
        using var data = new TempDirectory("naravard-dashboard-oidc-sector");
        await using var server = await StartAsync(data, idp,
            "--NaraVard:Oidc:ClaimsFromUserInfo=true", "--NaraVard:Oidc:OrganizationClaim=hsa_id", "--NaraVard:Oidc:RoleClaim=groups",
            "--NaraVard:Oidc:OrganizationMap:SE2321000032=05", "--NaraVard:Oidc:RoleMap:NV-Ledning=viewer", "--NaraVard:Oidc:RoleMap:NV-Redaktor=editor");

        // The ID token names the person; the HSA id and the groups come only from the userinfo endpoint.
        idp.User = new Dictionary<string, object> { ["sub"] = "u-88", ["name"] = "Omar Utvecklingsledare" };
        idp.UserInfoOnly = new Dictionary<string, object> { ["hsa_id"] = "SE2321000032-e7k2", ["groups"] = new[] { "Alla anställda", "NV-Ledning", "NV-Redaktor" } };

        var page = await SignInAtTheProviderAsync(server, "/");
        await SignedInAsync(page, server, "/");
        await Expect(page.Locator(".who")).ToContainTextAsync("Omar Utvecklingsledare");
        await Expect(page.Locator(".who")).ToContainTextAsync("redaktör");
        Assert.True(idp.UserInfoReads > 0);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task KeyRotatedAtTheIdentityProvider_TheNextSignInIsAcceptedAtOnce()
    {
        var idp = await OpenIdProvider.StartAsync();
        var issuer = idp.Issuer;
        using var data = new TempDirectory("naravard-dashboard-oidc-rotation");
        await using var server = await StartAsync(data, idp, "--NaraVard:Oidc:KeyReadMinimumGap=00:00:01");
        var user = new Dictionary<string, object> { ["sub"] = "u-9", ["name"] = "Sara Läsare", ["naravard_org"] = "0581", ["naravard_role"] = "viewer" };
        idp.User = user;
        var first = await SignInAtTheProviderAsync(server, "/");
        await SignedInAsync(first, server, "/");
        await first.Context.CloseAsync();

        // The provider comes back on its address with a new signing key (the old one is gone from its key set).
        await idp.DisposeAsync();
        await using var rotated = await OpenIdProvider.StartAsync(issuer);
        rotated.User = user;
        await Task.Delay(TimeSpan.FromSeconds(1.5));

        var second = await SignInAtTheProviderAsync(server, "/matris");
        await SignedInAsync(second, server, "/matris");
        await Expect(second.Locator(".who")).ToContainTextAsync("Sara Läsare");
        await second.Context.CloseAsync();
    }

    [Theory]
    [InlineData("superuser", "")]
    [InlineData("", "Alla anställda")]
    public async Task AccountWithoutARole_IsTurnedBackWithAMessage(string role, string group)
    {
        await using var idp = await OpenIdProvider.StartAsync();
        using var data = new TempDirectory("naravard-dashboard-oidc");
        await using var server = group.Length == 0
            ? await StartAsync(data, idp)
            : await StartAsync(data, idp, "--NaraVard:Oidc:RoleClaim=groups", "--NaraVard:Oidc:RoleMap:NV-Redaktor=editor");
        idp.User = new Dictionary<string, object> { ["sub"] = "u-1", ["name"] = "Utan Roll", ["naravard_org"] = "0580", [group.Length == 0 ? "naravard_role" : "groups"] = group.Length == 0 ? role : new[] { group } };

        var page = await SignInAtTheProviderAsync(server, "/logga-in");
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("saknar organisation och roll");
        Assert.DoesNotContain(await page.Context.CookiesAsync(), c => c.Name == "naravard-session");
        await page.Context.CloseAsync();
    }
}
