using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using NaraVard.Domain;
using NaraVard.Domain.Access;
using NaraVard.Domain.Roadmap;

namespace NaraVard.Server.Access;

/// <summary>
/// Validates RS256 JWTs from the configured OIDC issuer (RFC 7519, 7515, 7517): signature by a JWKS key,
/// iss, aud, exp and nbf; then maps claims to an identity. Keys are cached and re-read when an unknown
/// key id appears (key rotation).
/// </summary>
public sealed partial class JwtValidator(OidcOptions options, RoadmapDefinition roadmap, IHttpClientFactory http, TimeProvider time, ILogger<JwtValidator> logger)
{
    private readonly ConcurrentDictionary<string, RSA> _keys = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private DateTimeOffset _lastRefresh = DateTimeOffset.MinValue;

    public bool Enabled => options.Enabled;

    /// <summary>The identity the token stands for, or null with the reason when it is not acceptable.</summary>
    public async Task<(Actor? Actor, string? Reason)> ValidateAsync(string token, CancellationToken cancellationToken)
    {
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            return (null, "not a JWT");
        }

        JsonElement header, payload;
        try
        {
            header = JsonDocument.Parse(Base64Url(parts[0])).RootElement;
            payload = JsonDocument.Parse(Base64Url(parts[1])).RootElement;
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return (null, "malformed JWT");
        }

        if (Text(header, "alg") != "RS256")
        {
            return (null, "only RS256 tokens are accepted");
        }

        var key = await KeyAsync(Text(header, "kid") ?? "", cancellationToken);
        if (key is null || !key.VerifyData(Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"), Base64Url(parts[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))
        {
            return (null, "signature does not verify");
        }

        var now = time.GetUtcNow();
        if (Text(payload, "iss") != options.Issuer)
        {
            return (null, "wrong issuer");
        }

        if (!Audiences(payload).Contains(options.Audience))
        {
            return (null, "wrong audience");
        }

        if (!payload.TryGetProperty("exp", out var exp) || DateTimeOffset.FromUnixTimeSeconds(exp.GetInt64()) + options.ClockSkew < now)
        {
            return (null, "expired");
        }

        if (payload.TryGetProperty("nbf", out var nbf) && DateTimeOffset.FromUnixTimeSeconds(nbf.GetInt64()) - options.ClockSkew > now)
        {
            return (null, "not valid yet");
        }

        var org = Text(payload, options.OrganizationClaim) ?? "";
        if (!roadmap.IsKnownOrganization(org))
        {
            return (null, $"claim {options.OrganizationClaim} is not an organisation of the roadmap");
        }

        if (!Roles.TryParse(Text(payload, options.RoleClaim) ?? "", out var role))
        {
            return (null, $"claim {options.RoleClaim} is not viewer, editor, planner or admin");
        }

        var name = Text(payload, options.NameClaim) ?? Text(payload, "sub") ?? "";
        return name.Length == 0 ? (null, "no name or sub claim") : (new Actor(name, org, role.Code()), null);
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static IEnumerable<string?> Audiences(JsonElement payload) =>
        !payload.TryGetProperty("aud", out var aud) ? []
        : aud.ValueKind == JsonValueKind.Array ? aud.EnumerateArray().Select(a => a.GetString())
        : [aud.GetString()];

    private async Task<RSA?> KeyAsync(string kid, CancellationToken cancellationToken)
    {
        if (_keys.TryGetValue(kid, out var key))
        {
            return key;
        }

        await _refresh.WaitAsync(cancellationToken);
        try
        {
            // Unknown key id: the issuer may have rotated its keys. Re-read, but not more than every 30 s.
            if (!_keys.ContainsKey(kid) && time.GetUtcNow() - _lastRefresh > TimeSpan.FromSeconds(30))
            {
                _lastRefresh = time.GetUtcNow();
                await LoadKeysAsync(cancellationToken);
            }
        }
        finally
        {
            _refresh.Release();
        }

        return _keys.GetValueOrDefault(kid);
    }

    private async Task LoadKeysAsync(CancellationToken cancellationToken)
    {
        try
        {
            var client = http.CreateClient("oidc");
            var jwksUri = options.JwksUri;
            if (jwksUri.Length == 0)
            {
                using var discovery = JsonDocument.Parse(await client.GetStringAsync($"{options.Issuer.TrimEnd('/')}/.well-known/openid-configuration", cancellationToken));
                jwksUri = Text(discovery.RootElement, "jwks_uri") ?? throw new InvalidDataException("no jwks_uri in the discovery document");
            }

            using var jwks = JsonDocument.Parse(await client.GetStringAsync(jwksUri, cancellationToken));
            foreach (var jwk in jwks.RootElement.GetProperty("keys").EnumerateArray().Where(k => Text(k, "kty") == "RSA"))
            {
                var rsa = RSA.Create();
                rsa.ImportParameters(new RSAParameters { Modulus = Base64Url(Text(jwk, "n")!), Exponent = Base64Url(Text(jwk, "e")!) });
                _keys[Text(jwk, "kid") ?? ""] = rsa;
            }
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or InvalidDataException or FormatException or KeyNotFoundException or TaskCanceledException)
        {
            LogKeysUnavailable(e);
        }
    }

    public static byte[] Base64Url(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(padded.PadRight(padded.Length + ((4 - (padded.Length % 4)) % 4), '='));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the OIDC signing keys")]
    private partial void LogKeysUnavailable(Exception error);
}
