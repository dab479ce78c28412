using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NaraVard.Api.V1;
using Grpc.Core;
using NaraVard.Testing;

namespace NaraVard.Server.Tests.Gateway;

/// <summary>A region's identity provider (played by a small JWKS endpoint here) issues the JWTs NaraVard accepts.</summary>
public sealed class OidcTests : IAsyncLifetime
{
    private const string Issuer = "https://idp.regionostergotland.example";
    private readonly RSA _key = RSA.Create(2048);
    private readonly RSA _otherKey = RSA.Create(2048);
    private readonly RSA _nextKey = RSA.Create(2048);
    private readonly RSA _weakKey = RSA.Create(1024);
    private string _jwks = "";
    private int _jwksReads;
    private readonly TempDirectory _data = new("naravard-oidc");
    private WebApplication _idp = null!;
    private string _jwksUri = "";
    private ServerProcess _server = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _idp = builder.Build();
        _jwks = KeySet(("k1", _key), ("weak", _weakKey));
        _idp.MapGet("/jwks", () =>
        {
            Interlocked.Increment(ref _jwksReads);
            return Results.Text(_jwks, "application/json");
        });
        await _idp.StartAsync();
        _jwksUri = _idp.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/jwks";

        _server = await ServerProcess.StartAsync(_data.Path, [$"--NaraVard:Oidc:Issuer={Issuer}", "--NaraVard:Oidc:Audience=naravard", $"--NaraVard:Oidc:JwksUri={_jwksUri}", "--NaraVard:Oidc:KeyRefreshInterval=00:00:01"]);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _idp.DisposeAsync();
        _data.Dispose();
    }

    private string Jwt(object claims, RSA? key = null, string kid = "k1") => Jwts.Sign(claims, key ?? _key, kid);

    private static string KeySet(params (string Kid, RSA Key)[] keys) => Jwts.KeySet(keys);

    private static long In(TimeSpan span) => DateTimeOffset.UtcNow.Add(span).ToUnixTimeSeconds();

    private ApiClient As(string jwt) => new(_server.Address, jwt);

    [Fact]
    public async Task ValidJwt_IsAcceptedAndItsClaimsGoIntoTheAuditTrail()
    {
        using var linkoping = As(Jwt(new { iss = Issuer, aud = "naravard", sub = "u123", name = "Anna Andersson", naravard_org = "0580", naravard_role = "editor", exp = In(TimeSpan.FromMinutes(5)) }));

        var created = await linkoping.CreateAsync("0580");
        var history = await linkoping.Roadmap.GetInitiativeHistoryAsync(new GetInitiativeHistoryRequest { Id = created.Id }).ResponseAsync;

        var by = Assert.Single(history.Events).By;
        Assert.Equal(("Anna Andersson", "0580", "editor", $"{Issuer}#u123"), (by.Name, by.OrganizationCode, by.Role, by.Id));
    }

    [Fact]
    public async Task TwoJwtsWithOneNameAndDifferentSubjects_AreTwoActors()
    {
        object Claims(string sub) => new { iss = Issuer, aud = "naravard", sub, name = "Anna Andersson", naravard_org = "0580", naravard_role = "editor", exp = In(TimeSpan.FromMinutes(5)) };
        using var first = As(Jwt(Claims("u-first")));
        using var second = As(Jwt(Claims("u-second")));
        var created = await first.CreateAsync("0580");

        // The same request id from two people is two requests, not a retry of one.
        await first.Initiatives.ReportProgressAsync(new ReportProgressRequest { InitiativeId = created.Id, ProgressPercent = 10, Status = InitiativeStatus.OnTrack, RequestId = "weekly" });
        var after = await second.Initiatives.ReportProgressAsync(new ReportProgressRequest { InitiativeId = created.Id, ProgressPercent = 20, Status = InitiativeStatus.OnTrack, RequestId = "weekly" });
        var history = await first.Roadmap.GetInitiativeHistoryAsync(new GetInitiativeHistoryRequest { Id = created.Id }).ResponseAsync;

        Assert.Equal(20, after.ProgressPercent);
        Assert.Equal(
            [$"{Issuer}#u-first", $"{Issuer}#u-first", $"{Issuer}#u-second"],
            history.Events.Select(e => e.By.Id));
        Assert.All(history.Events, e => Assert.Equal("Anna Andersson", e.By.Name));
    }

    [Fact]
    public async Task JwtEditorOfAnotherOrganisation_IsPermissionDenied()
    {
        using var admin = new ApiClient(_server.Address, _server.AdminToken!);
        var created = await admin.CreateAsync("0580");
        using var motala = As(Jwt(new { iss = Issuer, aud = new[] { "other", "naravard" }, sub = "u9", naravard_org = "0583", naravard_role = "editor", exp = In(TimeSpan.FromMinutes(5)) }));

        var error = await Assert.ThrowsAsync<RpcException>(() => motala.ReportAsync(created.Id, 10));

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
    }

    [Fact]
    public async Task KeyRemovedFromTheProvidersSet_IsNoLongerTrustedAfterTheRefresh_AndTheNewKeyIs()
    {
        object Claims() => new { iss = Issuer, aud = "naravard", sub = "u7", naravard_org = "0580", naravard_role = "viewer", exp = In(TimeSpan.FromMinutes(5)) };
        using var old = As(Jwt(Claims()));
        await old.Roadmap.GetRoadmapAsync(new GetRoadmapRequest()).ResponseAsync;

        _jwks = KeySet(("k2", _nextKey)); // the provider rotates: k1 is gone

        // The server reads the key set again every second here (ten minutes by default).
        var refused = false;
        for (var attempt = 0; attempt < 50 && !refused; attempt++)
        {
            await Task.Delay(200);
            refused = (await Assert.ThrowsAnyAsync<Exception>(async () =>
            {
                await old.Roadmap.GetRoadmapAsync(new GetRoadmapRequest()).ResponseAsync;
                throw new InvalidOperationException("still accepted");
            })) is RpcException { StatusCode: StatusCode.Unauthenticated };
        }

        Assert.True(refused, "a token signed with the removed key was still accepted after 10 s");
        using var rotated = As(Jwt(Claims(), _nextKey, "k2"));
        Assert.NotNull(await rotated.Roadmap.GetRoadmapAsync(new GetRoadmapRequest()).ResponseAsync);
    }

    [Fact]
    public async Task KeyNewAtTheProvider_IsAcceptedOnItsFirstCall_AndMadeUpKeyIdsDoNotFloodTheProvider()
    {
        // The default refresh interval (a minute), and a short gap between early reads so the test need not wait 30 s.
        var gap = TimeSpan.FromSeconds(4);
        using var data = new TempDirectory("naravard-oidc-rotation");
        await using var server = await ServerProcess.StartAsync(data.Path, [$"--NaraVard:Oidc:Issuer={Issuer}", "--NaraVard:Oidc:Audience=naravard", $"--NaraVard:Oidc:JwksUri={_jwksUri}", $"--NaraVard:Oidc:KeyReadMinimumGap={gap}"]);
        object Claims() => new { iss = Issuer, aud = "naravard", sub = "u8", naravard_org = "0580", naravard_role = "viewer", exp = In(TimeSpan.FromMinutes(5)) };
        using (var before = new ApiClient(server.Address, Jwt(Claims())))
        {
            await before.Roadmap.GetRoadmapAsync(new GetRoadmapRequest()).ResponseAsync; // the server has read the set
        }

        _jwks = KeySet(("k1", _key), ("k2", _nextKey)); // the provider publishes its next key and starts signing with it
        await Task.Delay(gap);
        var readsBefore = Volatile.Read(ref _jwksReads);
        using var rotated = new ApiClient(server.Address, Jwt(Claims(), _nextKey, "k2"));
        Assert.NotNull(await rotated.Roadmap.GetRoadmapAsync(new GetRoadmapRequest()).ResponseAsync);
        Assert.Equal(readsBefore + 1, Volatile.Read(ref _jwksReads));

        // Tokens with key ids nobody published: refused, and at most one read of the set per gap however many come.
        var flood = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < 40; i++)
        {
            using var madeUp = new ApiClient(server.Address, Jwt(Claims(), _otherKey, $"made-up-{i}"));
            var error = await Assert.ThrowsAsync<RpcException>(() => madeUp.Roadmap.GetRoadmapAsync(new GetRoadmapRequest()).ResponseAsync);
            Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        }

        var allowed = 1 + (int)Math.Ceiling(flood.Elapsed / gap);
        Assert.InRange(Volatile.Read(ref _jwksReads) - readsBefore - 1, 0, allowed);
    }

    public static TheoryData<string, string> Refused => new()
    {
        { "expired", "expired" },
        { "audience", "wrong audience" },
        { "issuer", "wrong issuer" },
        { "signature", "signature does not verify" },
        { "role", "naravard_role" },
        { "role-list", "naravard_role" },
        { "role-array", "naravard_role must be one value" },
        { "org", "naravard_org" },
        { "org-array", "naravard_org must be one value" },
        { "garbage", "not a JWT" },
        { "lifetime", "valid for longer than" },
        { "weak-key", "fewer than 2048" },
        { "no-subject", "no sub claim" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task BadJwt_IsUnauthenticatedWithTheReason(string flaw, string reason)
    {
        var valid = new Dictionary<string, object> { ["iss"] = Issuer, ["aud"] = "naravard", ["sub"] = "u1", ["naravard_org"] = "0580", ["naravard_role"] = "viewer", ["exp"] = In(TimeSpan.FromMinutes(5)) };
        switch (flaw)
        {
            case "expired": valid["exp"] = In(TimeSpan.FromMinutes(-10)); break;
            case "audience": valid["aud"] = "someone-else"; break;
            case "issuer": valid["iss"] = "https://evil.example"; break;
            case "role": valid["naravard_role"] = "superuser"; break;
            case "role-list": valid["naravard_role"] = "viewer,editor"; break;
            case "org": valid["naravard_org"] = "9999"; break;
            case "role-array": valid["naravard_role"] = new[] { "viewer", "admin" }; break;
            case "org-array": valid["naravard_org"] = new[] { "0580", "0581" }; break;
            case "lifetime": valid["exp"] = In(TimeSpan.FromDays(365 * 475)); break;
            case "no-subject": valid.Remove("sub"); break;
        }

        var token = flaw switch { "signature" => Jwt(valid, _otherKey), "weak-key" => Jwt(valid, _weakKey, "weak"), "garbage" => "definitely.not-a-jwt", _ => Jwt(valid) };
        using var channel = As(token);

        var error = await Assert.ThrowsAsync<RpcException>(() => channel.Roadmap.GetOverviewAsync(new GetOverviewRequest()).ResponseAsync);

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.Contains(reason, error.Status.Detail, StringComparison.Ordinal);
    }

}
