using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Playwright;
using NaraVard.Api.V1;
using NaraVard.Testing;
using static Microsoft.Playwright.Assertions;

namespace NaraVard.Web.Tests;

/// <summary>
/// The dashboard as production runs it (issue 33): two server processes on one PostgreSQL behind a reverse proxy
/// that terminates TLS (Debian's nginx, started here) and sends each request to the nodes in turn. Chromium signs
/// in through the proxy; the session, forms and their antiforgery tokens, and live updates work whichever node
/// answers; signing out ends the session on both; and a forwarded header from anyone but the proxy is ignored.
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed class ProxyTests(DashboardFixture fixture)
{
    [Fact]
    public async Task TwoNodesBehindATlsProxy_ServeOneSession_AndBelieveForwardedHeadersFromTheProxyOnly()
    {
        await using var stack = await Stack.StartAsync();
        var (a, b, site, portA) = (stack.A, stack.B, stack.Site, stack.A.DashboardAddress!.Port);
        using var api = new ApiClient(a.Address, a.AdminToken ?? b.AdminToken!);
        var created = await api.Initiatives.CreateInitiativeAsync(new CreateInitiativeRequest { OwnerCode = "0584", Scope = Scope.Municipal, RoadmapItem = "K03", Title = "Hälsocentral med mobila team i Vadstena" });

        // Signed in through the proxy: the cookie is Secure, because the proxy said the browser came over https.
        var page = await fixture.SignInAsync(site, a.AdminToken ?? b.AdminToken!, selfSigned: true);
        Assert.True((await page.Context.CookiesAsync()).Single(c => c.Name == "naravard-session").Secure);

        // Every request goes to the other node than the last: six pages in a row stay signed in.
        foreach (var path in new[] { "/", "/matris", "/hinder", "/initiativ", "/organisation/0584", "/sedan-senaste-motet" })
        {
            await page.GotoAsync(path);
            Assert.DoesNotContain("/logga-in", page.Url, StringComparison.Ordinal);
        }

        await page.GotoAsync("/");
        await page.ScreenshotAsync(new() { Path = Path.Combine(DashboardFixture.Screenshots, "proxy-vagen.png"), FullPage = true });

        // A form from one node posted to the other, and its answer from the first again.
        await page.GotoAsync("/initiativ/" + created.Id);
        await page.GetByLabel("Förlopp (0–100 %)").FillAsync("25");
        await page.GetByRole(AriaRole.Button, new() { Name = "Rapportera" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Sparat");
        Assert.Equal(25, (await api.Roadmap.GetInitiativeAsync(new GetInitiativeRequest { Id = created.Id })).ProgressPercent);

        // Live updates through the proxy: a report made over gRPC on node B appears on the open page.
        await Expect(page.Locator("#live-state[data-state=live]")).ToHaveCountAsync(1);
        using var onB = new ApiClient(b.Address, a.AdminToken ?? b.AdminToken!);
        await onB.Initiatives.ReportProgressAsync(new ReportProgressRequest { InitiativeId = created.Id, ProgressPercent = 45, Status = InitiativeStatus.OnTrack });
        await Expect(page.Locator("dl.facts")).ToContainTextAsync("45 %", new() { Timeout = 10_000 });

        // Signed out on one node: a copy of the cookie is refused by both, request after request.
        var copied = (await page.Context.CookiesAsync()).Single(c => c.Name == "naravard-session");
        await page.GetByRole(AriaRole.Button, new() { Name = "Logga ut" }).ClickAsync();
        await DashboardFixture.WaitForAddressAsync(page, url => url.Contains("/logga-in", StringComparison.Ordinal));
        await page.ScreenshotAsync(new() { Path = Path.Combine(DashboardFixture.Screenshots, "proxy-logga-in.png") });
        var thief = await fixture.Browser.NewContextAsync(new() { IgnoreHTTPSErrors = true, BaseURL = site.ToString() });
        await thief.AddCookiesAsync([new Microsoft.Playwright.Cookie { Name = copied.Name, Value = copied.Value, Url = site.ToString(), Secure = true }]);
        var stolen = await thief.NewPageAsync();
        for (var i = 0; i < 4; i++)
        {
            await stolen.GotoAsync("/matris");
            Assert.Contains("/logga-in", stolen.Url, StringComparison.Ordinal);
        }

        await thief.CloseAsync();
        await page.Context.CloseAsync();

        // The same headers from an address that is not the proxy change nothing: plain http stays plain http.
        using var direct = new HttpClient(Loopback.From("127.0.0.2"));
        using var forged = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{portA}/logga-in");
        forged.Headers.Add("X-Forwarded-Proto", "https");
        forged.Headers.Add("X-Forwarded-For", "203.0.113.7");
        using var answer = await direct.SendAsync(forged);
        var cookies = answer.Headers.GetValues("Set-Cookie").ToList();
        Assert.NotEmpty(cookies);
        Assert.All(cookies, cookie => Assert.DoesNotContain("secure", cookie, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task TwoNodesBehindATlsProxy_SignInAtTheIdentityProvider_HoldsWhicheverNodeAnswers()
    {
        await using var idp = await OpenIdProvider.StartAsync();
        idp.User = new Dictionary<string, object> { ["sub"] = "u-512", ["name"] = "Lena Planerare", ["naravard_org"] = "05", ["naravard_role"] = "planner" };
        await using var stack = await Stack.StartAsync(
            $"--NaraVard:Oidc:Issuer={idp.Issuer}", "--NaraVard:Oidc:Audience=naravard",
            $"--NaraVard:Oidc:ClientId={OpenIdProvider.ClientId}", $"--NaraVard:Oidc:ClientSecret={OpenIdProvider.ClientSecret}");

        // The challenge is made by one node and the answer taken by the other: the correlation and nonce cookies,
        // and then the session, are read with the keys both share.
        var context = await fixture.Browser.NewContextAsync(new() { BaseURL = stack.Site.ToString(), IgnoreHTTPSErrors = true, Locale = "sv-SE" });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/hinder");
        await page.GetByRole(AriaRole.Link, new() { Name = "Logga in med regionens inloggning" }).ClickAsync();
        await DashboardFixture.WaitForAddressAsync(page, url => new Uri(url).AbsolutePath == "/hinder" || url.Contains("fel=", StringComparison.Ordinal));
        Assert.True(new Uri(page.Url).AbsolutePath == "/hinder", $"not signed in: {page.Url}\n{stack.A.Output[^Math.Min(2000, stack.A.Output.Length)..]}\n{stack.B.Output[^Math.Min(2000, stack.B.Output.Length)..]}");
        Assert.StartsWith($"https://127.0.0.1:{stack.Site.Port}/", page.Url, StringComparison.Ordinal);
        await page.ScreenshotAsync(new() { Path = Path.Combine(DashboardFixture.Screenshots, "proxy-hinder-oidc.png") });

        foreach (var path in new[] { "/", "/hinder", "/matris", "/initiativ" })
        {
            await page.GotoAsync(path);
            await Expect(page.Locator(".who")).ToContainTextAsync("Lena Planerare");
        }

        await context.CloseAsync();
    }

    /// <summary>Two nodes on one throwaway PostgreSQL behind nginx, which ends TLS and sends each request to the next node.</summary>
    private sealed class Stack : IAsyncDisposable
    {
        private readonly TempDirectory _data;
        private readonly PostgresServer _postgres;
        private readonly Nginx _proxy;

        private Stack(TempDirectory data, PostgresServer postgres, ServerProcess a, ServerProcess b, Nginx proxy, Uri site) =>
            (_data, _postgres, A, B, _proxy, Site) = (data, postgres, a, b, proxy, site);

        public ServerProcess A { get; }

        public ServerProcess B { get; }

        public Uri Site { get; }

        public static async Task<Stack> StartAsync(params string[] more)
        {
            var nginx = ExternalTool.Require("apt-get install -y nginx", "/usr/sbin/nginx");
            var postgres = await PostgresServer.StartAsync();
            var connectionString = await postgres.CreateDatabaseAsync();
            var data = new TempDirectory("naravard-proxy");
            var (made, said) = await ExternalTool.RunAsync("dotnet", [ServerProcess.ServerAssembly, "dev-certificates", data.File("certificates")], AppContext.BaseDirectory);
            Assert.True(made == 0, said);
            var (portA, portB, proxyPort) = (Loopback.FreePort(), Loopback.FreePort(), Loopback.FreePort());
            string[] Node(int port) =>
            [
                $"--NaraVard:Postgres={connectionString}", $"--NaraVard:DashboardKeyCertificate={data.File("certificates/dashboard-keys.pfx")}",
                $"--NaraVard:Dashboard=http://127.0.0.1:{port}", "--NaraVard:DashboardBehindTlsProxy=true", "--NaraVard:TrustedProxies:0=127.0.0.1", .. more,
            ];
            var nodes = await Task.WhenAll(ServerProcess.StartAsync(data.File("a"), Node(portA)), ServerProcess.StartAsync(data.File("b"), Node(portB)));
            var proxy = await StartNginxAsync(nginx, data.File("nginx"), data.File("certificates"), proxyPort, portA, portB);
            return new Stack(data, postgres, nodes[0], nodes[1], proxy, new Uri($"https://127.0.0.1:{proxyPort}/"));
        }

        public async ValueTask DisposeAsync()
        {
            _proxy.Dispose();
            await A.DisposeAsync();
            await B.DisposeAsync();
            await _postgres.DisposeAsync();
            _data.Dispose();
        }
    }

    /// <summary>nginx in the foreground on a loopback port: TLS with the development certificate, each request to the next node (round robin).</summary>
    private static async Task<Nginx> StartNginxAsync(string nginx, string folder, string certificates, int port, params int[] nodes)
    {
        Directory.CreateDirectory(folder);
        var upstreams = string.Join(' ', nodes.Select(node => $"server 127.0.0.1:{node};"));
        var temp = string.Join(' ', new[] { "client_body", "proxy", "fastcgi", "uwsgi", "scgi" }.Select(kind => $"{kind}_temp_path {folder}/{kind};"));
        await File.WriteAllTextAsync(Path.Combine(folder, "nginx.conf"), $$"""
            {{(Environment.UserName == "root" ? "user root;" : "")}}
            daemon off;
            worker_processes 1;
            pid {{folder}}/nginx.pid;
            error_log {{folder}}/error.log warn;
            events { worker_connections 256; }
            http {
                access_log off;
                {{temp}}
                upstream naravard { {{upstreams}} }
                server {
                    listen 127.0.0.1:{{port}} ssl;
                    ssl_certificate {{certificates}}/tls.crt;
                    ssl_certificate_key {{certificates}}/tls.key;
                    location / {
                        proxy_pass http://naravard;
                        proxy_http_version 1.1;
                        proxy_buffering off;
                        proxy_read_timeout 1h;
                        proxy_set_header Host $host:$server_port;
                        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                        proxy_set_header X-Forwarded-Proto https;
                    }
                }
            }
            """);
        var process = Process.Start(new ProcessStartInfo(nginx, ["-p", folder, "-c", Path.Combine(folder, "nginx.conf")]) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        for (var attempt = 0; attempt < 100; attempt++)
        {
            using var probe = new TcpClient();
            try
            {
                await probe.ConnectAsync(IPAddress.Loopback, port);
                return new Nginx(process);
            }
            catch (SocketException) when (!process.HasExited)
            {
                await Task.Delay(100);
            }
        }

        var log = File.Exists(Path.Combine(folder, "error.log")) ? await File.ReadAllTextAsync(Path.Combine(folder, "error.log")) : "";
        throw new InvalidOperationException($"nginx did not listen on {port}: {await process.StandardError.ReadToEndAsync()} {log}");
    }

    private sealed class Nginx(Process process) : IDisposable
    {
        public void Dispose()
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
            }

            process.Dispose();
        }
    }
}
