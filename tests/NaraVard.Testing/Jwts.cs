using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace NaraVard.Testing;

/// <summary>
/// JWTs and key sets made by hand, for the gRPC tests of what a provider may send (odd claims, weak keys,
/// rotated or unknown key ids) that a well-behaved provider such as <see cref="OpenIdProvider"/> never would.
/// </summary>
public static class Jwts
{
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

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
