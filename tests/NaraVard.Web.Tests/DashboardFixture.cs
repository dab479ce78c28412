using Grpc.Core;
using Microsoft.Playwright;
using NaraVard.Api.V1;
using NaraVard.Testing;

namespace NaraVard.Web.Tests;

/// <summary>
/// One real server (embedded store) with a small county seeded over gRPC, and Debian's Chromium driven by
/// Playwright. Each test opens its own browser context (its own cookies) and signs in with a token.
/// </summary>
public sealed class DashboardFixture : IAsyncLifetime
{
    public const int Phone = 390;
    private readonly TempDirectory _data = new("naravard-dashboard");
    private IPlaywright? _playwright;

    public ServerProcess Server { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public Uri Dashboard => Server.DashboardAddress!;

    public string AdminToken { get; private set; } = "";

    public string ViewerToken { get; private set; } = "";

    /// <summary>Editor for Linköping (0580).</summary>
    public string EditorToken { get; private set; } = "";

    /// <summary>Editor for Motala (0583): may not change Linköping's initiatives.</summary>
    public string OtherEditorToken { get; private set; } = "";

    /// <summary>Planner at the region (05).</summary>
    public string PlannerToken { get; private set; } = "";

    public County Seeded { get; private set; } = null!;

    /// <summary>Kolada, as a local server in its documented format: the seeded county's linked points are fed from it.</summary>
    public LocalKolada Kolada { get; private set; } = null!;

    public string DataPath => _data.Path;

    /// <summary>Where screenshots go: under the test output, kept as artefacts of the run.</summary>
    public static string Screenshots { get; } = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName;

    public async Task InitializeAsync()
    {
        var chromium = ExternalTool.Require("apt-get install -y chromium", "/usr/bin/chromium", "chromium");
        Kolada = await LocalKolada.StartAsync();
        var serverStart = ServerProcess.StartAsync(_data.Path, [$"--NaraVard:Kolada:Address={Kolada.BaseAddress}", "--NaraVard:Kolada:SyncEvery=00:00:00"]);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new() { ExecutablePath = chromium, Headless = true });
        Server = await serverStart;
        AdminToken = Server.AdminToken ?? throw new InvalidOperationException("no admin token:\n" + Server.Output);
        var store = $"--NaraVard:DataDirectory={_data.Path}";
        var tokens = await Task.WhenAll(
            ServerProcess.CreateTokenAsync("0586", "viewer", "Ledamot LGVO", store),
            ServerProcess.CreateTokenAsync("0580", "editor", "Linköping socialförvaltning", store),
            ServerProcess.CreateTokenAsync("0583", "editor", "Motala vård och omsorg", store),
            ServerProcess.CreateTokenAsync("05", "planner", "Verksamhetsutvecklare Region Östergötland", store));
        (ViewerToken, EditorToken, OtherEditorToken, PlannerToken) = (tokens[0], tokens[1], tokens[2], tokens[3]);
        Seeded = await County.SeedAsync(Server.Address, AdminToken, EditorToken, PlannerToken, Kolada);
    }

    /// <summary>A fresh browser context signed in with the token (its own cookies), on a laptop or phone viewport.</summary>
    public Task<IPage> SignInAsync(string token, int width = 1440, int height = 900) => SignInAsync(Dashboard, token, width, height);

    /// <summary>The same, on another server's dashboard.</summary>
    public async Task<IPage> SignInAsync(Uri dashboard, string token, int width = 1440, int height = 900, bool selfSigned = false)
    {
        var context = await Browser.NewContextAsync(new() { BaseURL = dashboard.ToString(), ViewportSize = new() { Width = width, Height = height }, Locale = "sv-SE", IgnoreHTTPSErrors = selfSigned });

        // The suite runs its test projects side by side on two cores (crash and load tests among them): a page
        // may take longer than Playwright's 30 s default to load then. What is asserted is what loads, not how fast.
        context.SetDefaultTimeout(90_000);
        context.SetDefaultNavigationTimeout(90_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/logga-in");
        await page.GetByLabel("Token").FillAsync(token);
        await page.GetByRole(AriaRole.Button, new() { Name = "Logga in" }).ClickAsync();
        await WaitForAddressAsync(page, url => !url.Contains("/logga-in", StringComparison.Ordinal));
        return page;
    }

    /// <summary>
    /// Waits until the page's address satisfies <paramref name="matches"/>, by reading it again and again:
    /// WaitForURL waits for navigation and load events, and on a busy CI machine it missed ones that had already
    /// happened and waited out its 90 s, twice (2026-12-03). Actions on the page after it wait for what they need.
    /// </summary>
    public static async Task WaitForAddressAsync(IPage page, Func<string, bool> matches)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!matches(page.Url))
        {
            if (waited.Elapsed > TimeSpan.FromSeconds(90))
            {
                throw new TimeoutException($"After 90 s the page is still at {page.Url}.");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Opens a page and fails with the server's last words when it does not answer 200.</summary>
    public async Task<IResponse> OpenAsync(IPage page, string path)
    {
        try
        {
            var response = await page.GotoAsync(path) ?? throw new InvalidOperationException("no response");
            return response.Status == 200 ? response : throw new InvalidOperationException($"{path} answered {response.Status}");
        }
        catch (Exception e) when (e is PlaywrightException or InvalidOperationException)
        {
            throw new InvalidOperationException($"{path}: {e.Message}\n{string.Join('\n', Server.Output.Split('\n').TakeLast(40))}", e);
        }
    }

    /// <summary>A fresh initiative (a fresh key per test), created over gRPC as the admin.</summary>
    public async Task<string> CreateInitiativeAsync(string owner, string item, string title)
    {
        using var api = Api(AdminToken);
        var created = await api.Initiatives.CreateInitiativeAsync(new CreateInitiativeRequest { OwnerCode = owner, Scope = owner == "05" ? Scope.Regional : Scope.Municipal, RoadmapItem = item, Title = title });
        return created.Id;
    }

    public ApiClient Api(string token) => new(Server.Address, token);

    /// <summary>Posts a form the way a browser would, with the antiforgery token of the page's own session (from the sign-out form).</summary>
    public static async Task<IAPIResponse> PostFormAsync(IPage page, string path, string handler, Dictionary<string, string> fields)
    {
        var antiforgery = await page.Locator("input[name=__RequestVerificationToken]").First.GetAttributeAsync("value");
        fields["_handler"] = handler;
        fields["__RequestVerificationToken"] = antiforgery!;
        return await page.APIRequest.PostAsync(path, new() { Form = Form(fields, page) });
    }

    public static IFormData Form(Dictionary<string, string> fields, IPage page)
    {
        var form = page.APIRequest.CreateFormData();
        foreach (var (name, value) in fields)
        {
            form.Set(name, value);
        }

        return form;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }

        if (Kolada is not null)
        {
            await Kolada.DisposeAsync();
        }

        _data.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class DashboardCollection : ICollectionFixture<DashboardFixture>
{
    public const string Name = "dashboard";
}
