using System.Collections.Concurrent;
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

namespace NaraVard.Testing;

/// <summary>
/// A minimal OpenID Connect provider on loopback, for tests: discovery, a key set, an authorization endpoint that
/// signs in <see cref="User"/> at once, and a token endpoint that answers the code with an RS256 ID token.
/// </summary>
public sealed class TestIdentityProvider : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly RSA _key = RSA.Create(2048);
    private readonly ConcurrentDictionary<string, (string Nonce, string ClientId, IReadOnlyDictionary<string, object> Claims)> _codes = new();

    private TestIdentityProvider(WebApplication app) => _app = app;

    public string Issuer { get; private set; } = "";

    /// <summary>The claims of whoever signs in next (sub, name, organisation, role …).</summary>
    public IReadOnlyDictionary<string, object> User { get; set; } = new Dictionary<string, object>();

    /// <summary>How long the ID tokens it issues are valid.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

    public static async Task<TestIdentityProvider> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var provider = new TestIdentityProvider(builder.Build());
        provider.Map();
        await provider._app.StartAsync();
        provider.Issuer = provider._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return provider;
    }

    /// <summary>A compact JWT signed with RS256 by <paramref name="key"/>.</summary>
    public static string Sign(object claims, RSA key, string kid)
    {
        var header = Base64Url(JsonSerializer.SerializeToUtf8Bytes(new { alg = "RS256", typ = "JWT", kid }));
        var payload = Base64Url(JsonSerializer.SerializeToUtf8Bytes(claims));
        var signature = key.SignData(Encoding.ASCII.GetBytes($"{header}.{payload}"), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return $"{header}.{payload}.{Base64Url(signature)}";
    }

    /// <summary>A JWKS document with the public halves of the keys.</summary>
    public static string KeySet(params (string Kid, RSA Key)[] keys) =>
        JsonSerializer.Serialize(new
        {
            keys = keys.Select(k => k.Key.ExportParameters(false) is var p
                ? new { kty = "RSA", kid = k.Kid, alg = "RS256", use = "sig", n = Base64Url(p.Modulus!), e = Base64Url(p.Exponent!) }
                : null),
        });

    private void Map()
    {
        _app.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = Issuer,
            ["authorization_endpoint"] = Issuer + "/authorize",
            ["token_endpoint"] = Issuer + "/token",
            ["jwks_uri"] = Issuer + "/jwks",
            ["response_types_supported"] = new[] { "code" },
            ["subject_types_supported"] = new[] { "public" },
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            ["code_challenge_methods_supported"] = new[] { "S256" },
        }));
        _app.MapGet("/jwks", () => Results.Text(KeySet(("k1", _key)), "application/json"));
        _app.MapGet("/authorize", (HttpRequest request) =>
        {
            var code = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
            _codes[code] = (request.Query["nonce"].ToString(), request.Query["client_id"].ToString(), User);
            var back = $"{request.Query["redirect_uri"]}?code={code}&state={Uri.EscapeDataString(request.Query["state"].ToString())}";
            return Results.Redirect(back);
        });
        _app.MapPost("/token", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            if (!_codes.TryRemove(form["code"].ToString(), out var grant))
            {
                return Results.BadRequest(new { error = "invalid_grant" });
            }

            var now = DateTimeOffset.UtcNow;
            var claims = new Dictionary<string, object>(grant.Claims)
            {
                ["iss"] = Issuer,
                ["aud"] = grant.ClientId,
                ["nonce"] = grant.Nonce,
                ["iat"] = now.ToUnixTimeSeconds(),
                ["exp"] = now.Add(TokenLifetime).ToUnixTimeSeconds(),
            };
            return Results.Json(new { access_token = "opaque", token_type = "Bearer", expires_in = 300, id_token = Sign(claims, _key, "k1") });
        });
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _key.Dispose();
    }
}
