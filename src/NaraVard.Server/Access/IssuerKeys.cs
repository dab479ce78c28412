using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace NaraVard.Server.Access;

/// <summary>
/// The identity provider's signing keys, read from its bare JWKS document or its discovery document, and read
/// again every refresh interval, so that a key the provider removed stops being trusted then (issue 31: the
/// library's own manager keeps at least five minutes, and we kept ten). A token signed with a key id the set does
/// not hold may ask for one early read (<see cref="TryReadEarlyAsync"/>), at most once every 30 seconds (by default) for the
/// whole server: a provider that rotated its key is followed on the first call with the new key, and a flood of
/// made-up key ids costs at most two reads a minute.
/// </summary>
internal sealed class IssuerKeys(Func<CancellationToken, Task<OpenIdConnectConfiguration>> read, TimeSpan interval, TimeSpan earliest, TimeProvider time)
    : IConfigurationManager<OpenIdConnectConfiguration>
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private OpenIdConnectConfiguration? _current;
    private DateTimeOffset _readAt;

    /// <summary>From a bare JWKS document (the provider has no discovery document, or it is not reachable from here).</summary>
    public static IssuerKeys FromKeySet(IDocumentRetriever retriever, OidcOptions oidc, TimeProvider time) => new(
        async cancel =>
        {
            var keys = new JsonWebKeySet(await retriever.GetDocumentAsync(oidc.JwksUri, cancel));
            var configuration = new OpenIdConnectConfiguration { JsonWebKeySet = keys };
            foreach (var key in keys.GetSigningKeys())
            {
                configuration.SigningKeys.Add(key);
            }

            return configuration;
        },
        oidc.KeyRefreshInterval,
        oidc.KeyReadMinimumGap,
        time);

    /// <summary>From the issuer's discovery document ({issuer}/.well-known/openid-configuration) and the key set it names.</summary>
    public static IssuerKeys FromDiscovery(IDocumentRetriever retriever, OidcOptions oidc, TimeProvider time) => new(
        cancel => OpenIdConnectConfigurationRetriever.GetAsync($"{oidc.Issuer.TrimEnd('/')}/.well-known/openid-configuration", retriever, cancel),
        oidc.KeyRefreshInterval,
        oidc.KeyReadMinimumGap,
        time);

    public async Task<OpenIdConnectConfiguration> GetConfigurationAsync(CancellationToken cancel)
    {
        if (_current is { } fresh && time.GetUtcNow() - _readAt < interval)
        {
            return fresh;
        }

        return await ReadAsync(current => current is null || time.GetUtcNow() - _readAt >= interval, cancel) ?? _current!;
    }

    /// <summary>
    /// Reads the set again for a token whose key id it does not hold, unless it was read less than 30 s ago;
    /// the configuration read, or null when it was too soon.
    /// </summary>
    public Task<OpenIdConnectConfiguration?> TryReadEarlyAsync(CancellationToken cancel) =>
        ReadAsync(_ => time.GetUtcNow() - _readAt >= earliest, cancel);

    /// <summary>
    /// The keys to check a token with (<see cref="TokenValidationParameters.IssuerSigningKeyResolver"/>): the set the
    /// handler has, or, for a key id the set does not hold, the set read once more, so a provider that rotated its key
    /// is followed on the token's first call or sign-in. The library asks synchronously; the read happens at most
    /// once a gap for the whole server.
    /// </summary>
    public IEnumerable<SecurityKey> Resolve(string? keyId, TokenValidationParameters parameters)
    {
        var known = parameters.IssuerSigningKeys ?? [];
        if (keyId is null || known.Any(key => key.KeyId == keyId))
        {
            return known;
        }

        return TryReadEarlyAsync(CancellationToken.None).GetAwaiter().GetResult()?.SigningKeys ?? known;
    }

    /// <summary>The handler's own "refresh on unknown key" is off: <see cref="TryReadEarlyAsync"/> does it, bounded.</summary>
    public void RequestRefresh()
    {
    }

    private async Task<OpenIdConnectConfiguration?> ReadAsync(Func<OpenIdConnectConfiguration?, bool> due, CancellationToken cancel)
    {
        await _gate.WaitAsync(cancel);
        try
        {
            if (!due(_current))
            {
                return null;
            }

            (_current, _readAt) = (await read(cancel), time.GetUtcNow());
            return _current;
        }
        finally
        {
            _gate.Release();
        }
    }
}
