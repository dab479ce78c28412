using System.Net;
using Microsoft.Playwright;
using NaraVard.Api.V1;
using NaraVard.Testing;
using static Microsoft.Playwright.Assertions;

namespace NaraVard.Web.Tests;

/// <summary>What an attacker or a careless user would try: forged posts, markup in titles, stolen or revoked sessions.</summary>
[Collection(DashboardCollection.Name)]
public sealed class SecurityTests(DashboardFixture fixture)
{
    [Fact]
    public async Task ReportOnAnotherOrganisationsInitiative_PostedByHand_IsRefusedInSwedishAndChangesNothing()
    {
        var id = await fixture.CreateInitiativeAsync("0580", "K07", "Register för fallprevention");
        var page = await fixture.SignInAsync(fixture.OtherEditorToken);
        await fixture.OpenAsync(page, "/initiativ/" + id);
        await Expect(page.Locator("form.write")).ToHaveCountAsync(0);

        // What the UI does not offer Motala, posted anyway with a valid antiforgery token of its own session.
        var response = await DashboardFixture.PostFormAsync(page, "/initiativ/" + id, "rapport", new() { ["Report.Progress"] = "90", ["Report.Status"] = "OnTrack", ["Report.Comment"] = "x" });
        Assert.Equal(200, response.Status);
        var html = WebUtility.HtmlDecode(await response.TextAsync());
        Assert.Contains("Du har inte behörighet att göra den här ändringen.", html, StringComparison.Ordinal);
        Assert.Contains("0583 may not change 0580's initiative", html, StringComparison.Ordinal);

        using var api = fixture.Api(fixture.AdminToken);
        Assert.Equal(0, (await api.Roadmap.GetInitiativeAsync(new GetInitiativeRequest { Id = id })).ProgressPercent);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ReportFromAParticipantRemovedMeanwhile_IsRefusedByTheDomainInSwedish()
    {
        using var api = fixture.Api(fixture.AdminToken);
        var joint = await api.Initiatives.CreateInitiativeAsync(new CreateInitiativeRequest { OwnerCode = "05", Scope = Scope.Joint, RoadmapItem = "G09", Title = "Mobil vård i Motala", Participants = { "0583" } });
        await api.Initiatives.AcceptParticipationAsync(new AcceptParticipationRequest { InitiativeId = joint.Id, OrganizationCode = "0583" });
        var page = await fixture.SignInAsync(fixture.OtherEditorToken);
        await fixture.OpenAsync(page, "/initiativ/" + joint.Id);
        await page.GetByLabel("Förlopp (0–100 %)").FillAsync("60");

        // The form was offered; by the time it is sent, Motala no longer takes part.
        await api.Initiatives.SetParticipantsAsync(new SetParticipantsRequest { InitiativeId = joint.Id, Participants = { "0584" } });
        await page.GetByRole(AriaRole.Button, new() { Name = "Rapportera" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Du har inte behörighet att göra den här ändringen.");
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("0583 may not change 05's initiative");
        Assert.Equal(0, (await api.Roadmap.GetInitiativeAsync(new GetInitiativeRequest { Id = joint.Id })).ProgressPercent);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ProgressOutOfRange_PostedByHand_ShowsTheRuleNextToTheField()
    {
        var id = await fixture.CreateInitiativeAsync("0580", "K03", "Trygg hemgång");
        var page = await fixture.SignInAsync(fixture.EditorToken);
        await fixture.OpenAsync(page, "/initiativ/" + id);
        await page.Locator("#progress").EvaluateAsync("e => { e.removeAttribute('max'); e.value = '150'; }");
        await page.GetByRole(AriaRole.Button, new() { Name = "Rapportera" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Uppgiften godtogs inte (förlopp).");
        await Expect(page.Locator("#progress + .error")).ToContainTextAsync("progress_percent");
        await Expect(page.Locator("#progress")).ToHaveAttributeAsync("aria-invalid", "true");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task InitiativeTitledWithMarkup_IsShownAsText()
    {
        const string Title = "<img src=x onerror=alert(1)><script>alert(2)</script>";
        var id = await fixture.CreateInitiativeAsync("0580", "K09", Title);
        var page = await fixture.SignInAsync(fixture.ViewerToken);
        var dialogs = 0;
        page.Dialog += (_, dialog) => { dialogs++; _ = dialog.DismissAsync(); };

        await fixture.OpenAsync(page, "/initiativ/" + id);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(Title);
        await fixture.OpenAsync(page, "/initiativ?org=0580&punkt=K09");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = Title })).ToBeVisibleAsync();

        Assert.Equal(0, await page.Locator("img[src=x]").CountAsync());
        Assert.Equal(0, dialogs);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task PostWithoutAntiforgeryToken_IsRefused()
    {
        var id = await fixture.CreateInitiativeAsync("0580", "K04", "Planering för trygga boenden");
        var page = await fixture.SignInAsync(fixture.EditorToken);
        var response = await page.APIRequest.PostAsync("/initiativ/" + id, new()
        {
            Form = DashboardFixture.Form(new() { ["_handler"] = "rapport", ["Report.Progress"] = "50", ["Report.Status"] = "OnTrack" }, page),
        });
        Assert.Equal(400, response.Status);

        using var api = fixture.Api(fixture.AdminToken);
        Assert.Equal(0, (await api.Roadmap.GetInitiativeAsync(new GetInitiativeRequest { Id = id })).ProgressPercent);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task SessionCookie_IsHttpOnlyAndSameSiteLax_AndHoldsNoToken()
    {
        var page = await fixture.SignInAsync(fixture.ViewerToken);
        var session = (await page.Context.CookiesAsync()).Single(c => c.Name == "naravard-session");
        Assert.True(session.HttpOnly);
        Assert.Equal(SameSiteAttribute.Lax, session.SameSite);
        Assert.DoesNotContain(fixture.ViewerToken.Split('_')[2], session.Value, StringComparison.Ordinal);
        Assert.DoesNotContain(fixture.ViewerToken.Split('_')[2], fixture.Server.Output, StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task CopiedSessionCookie_AfterSignOut_IsRefused()
    {
        var page = await fixture.SignInAsync(fixture.ViewerToken);
        var copied = (await page.Context.CookiesAsync()).Single(c => c.Name == "naravard-session");
        await page.GetByRole(AriaRole.Button, new() { Name = "Logga ut" }).ClickAsync();
        await DashboardFixture.WaitForAddressAsync(page, url => url.Contains("/logga-in", StringComparison.Ordinal));

        // Someone who kept a copy of the cookie (a shared computer, a proxy log) presents it again.
        var context = await fixture.Browser.NewContextAsync(new() { BaseURL = fixture.Dashboard.ToString() });
        await context.AddCookiesAsync([new Microsoft.Playwright.Cookie { Name = copied.Name, Value = copied.Value, Url = fixture.Dashboard.ToString() }]);
        var thief = await context.NewPageAsync();
        await thief.GotoAsync("/matris");

        Assert.Contains("/logga-in", thief.Url, StringComparison.Ordinal);
        await context.CloseAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task RevokedToken_EndsTheSession()
    {
        var token = await ServerProcess.CreateTokenAsync("0584", "viewer", $"Vadstena {Guid.NewGuid():N}", $"--NaraVard:DataDirectory={fixture.DataPath}");
        var page = await fixture.SignInAsync(token);
        await fixture.OpenAsync(page, "/matris");

        await ServerProcess.TokenCommandAsync("revoke", token.Split('_')[1], $"--NaraVard:DataDirectory={fixture.DataPath}");
        // The server sees the revocation within about a second (it follows the log); poll the page, not the clock.
        for (var attempt = 0; attempt < 40 && !page.Url.Contains("/logga-in", StringComparison.Ordinal); attempt++)
        {
            await page.WaitForTimeoutAsync(250);
            await page.GotoAsync("/matris");
        }

        Assert.Contains("/logga-in", page.Url, StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task SignOut_EndsTheSession()
    {
        var page = await fixture.SignInAsync(fixture.ViewerToken);
        await page.GetByRole(AriaRole.Button, new() { Name = "Logga ut" }).ClickAsync();
        await DashboardFixture.WaitForAddressAsync(page, url => url.Contains("/logga-in", StringComparison.Ordinal));
        await page.GotoAsync("/");
        Assert.Contains("/logga-in", page.Url, StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task UnknownToken_IsRefusedWithAMessage()
    {
        var context = await fixture.Browser.NewContextAsync(new() { BaseURL = fixture.Dashboard.ToString() });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/logga-in");
        await page.GetByLabel("Token").FillAsync("nv_doesnotexist_secret");
        await page.GetByRole(AriaRole.Button, new() { Name = "Logga in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Token känns inte igen");
        Assert.DoesNotContain(await context.CookiesAsync(), c => c.Name == "naravard-session");
        await context.CloseAsync();
    }
}
