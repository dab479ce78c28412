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
    private readonly TempDirectory _data = new("naravard-oidc");
    private WebApplication _idp = null!;
    private ServerProcess _server = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _idp = builder.Build();
        var parameters = _key.ExportParameters(false);
        var jwks = JsonSerializer.Serialize(new { keys = new[] { new { kty = "RSA", kid = "k1", alg = "RS256", use = "sig", n = Base64Url(parameters.Modulus!), e = Base64Url(parameters.Exponent!) } } });
        _idp.MapGet("/jwks", () => Results.Text(jwks, "application/json"));
        await _idp.StartAsync();
        var jwksUri = _idp.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/jwks";

        _server = await ServerProcess.StartAsync(_data.Path, [$"--NaraVard:Oidc:Issuer={Issuer}", "--NaraVard:Oidc:Audience=naravard", $"--NaraVard:Oidc:JwksUri={jwksUri}"]);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _idp.DisposeAsync();
        _data.Dispose();
    }

    private string Jwt(object claims, RSA? key = null, string kid = "k1")
    {
        var header = Base64Url(JsonSerializer.SerializeToUtf8Bytes(new { alg = "RS256", typ = "JWT", kid }));
        var payload = Base64Url(JsonSerializer.SerializeToUtf8Bytes(claims));
        var signature = (key ?? _key).SignData(Encoding.ASCII.GetBytes($"{header}.{payload}"), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return $"{header}.{payload}.{Base64Url(signature)}";
    }

    private static long In(TimeSpan span) => DateTimeOffset.UtcNow.Add(span).ToUnixTimeSeconds();

    private ApiClient As(string jwt) => new(_server.Address, jwt);

    [Fact]
    public async Task ValidJwt_IsAcceptedAndItsClaimsGoIntoTheAuditTrail()
    {
        using var linkoping = As(Jwt(new { iss = Issuer, aud = "naravard", sub = "u123", name = "Anna Andersson", naravard_org = "0580", naravard_role = "editor", exp = In(TimeSpan.FromMinutes(5)) }));

        var created = await linkoping.CreateAsync("0580");
        var history = await linkoping.Roadmap.GetInitiativeHistoryAsync(new GetInitiativeHistoryRequest { Id = created.Id }).ResponseAsync;

        var by = Assert.Single(history.Events).By;
        Assert.Equal(("Anna Andersson", "0580", "editor"), (by.Name, by.OrganizationCode, by.Role));
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

    public static TheoryData<string, string> Refused => new()
    {
        { "expired", "expired" },
        { "audience", "wrong audience" },
        { "issuer", "wrong issuer" },
        { "signature", "signature does not verify" },
        { "role", "naravard_role" },
        { "role-list", "naravard_role" },
        { "org", "naravard_org" },
        { "garbage", "not a JWT" },
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
        }

        var token = flaw switch { "signature" => Jwt(valid, _otherKey), "garbage" => "definitely.not-a-jwt", _ => Jwt(valid) };
        using var channel = As(token);

        var error = await Assert.ThrowsAsync<RpcException>(() => channel.Roadmap.GetOverviewAsync(new GetOverviewRequest()).ResponseAsync);

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.Contains(reason, error.Status.Detail, StringComparison.Ordinal);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
