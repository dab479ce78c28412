using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using NaraVard.Domain.Access;
using NaraVard.Domain.Roadmap;

namespace NaraVard.Server.Access;

/// <summary>
/// JwtBearer for the region's identity provider: RS256 signatures by a key of the issuer's key set (from
/// <see cref="OidcOptions.JwksUri"/>, or the discovery document), issuer, audience, lifetime; then the
/// organisation and role claims must name an organisation of the roadmap and one of the four roles.
/// </summary>
internal sealed class OidcBearerSetup(OidcOptions oidc, RoadmapDefinition roadmap, TimeProvider time) : IConfigureNamedOptions<JwtBearerOptions>
{
    public void Configure(JwtBearerOptions options) => Configure(Authentication.JwtScheme, options);

    public void Configure(string? name, JwtBearerOptions options)
    {
        if (name != Authentication.JwtScheme)
        {
            return;
        }

        options.MapInboundClaims = false;
        options.TokenValidationParameters = ValidationParameters(oidc, oidc.Audience);
        if (oidc.JwksUri.Length > 0)
        {
            var jwks = new Uri(oidc.JwksUri);
            options.ConfigurationManager = new JwksManager(oidc.JwksUri, new HttpDocumentRetriever { RequireHttps = !jwks.IsLoopback }, oidc.KeyRefreshInterval, time);
        }
        else
        {
            options.Authority = oidc.Issuer;
            options.RequireHttpsMetadata = !(Uri.TryCreate(oidc.Issuer, UriKind.Absolute, out var issuer) && issuer.IsLoopback);
            options.AutomaticRefreshInterval = oidc.KeyRefreshInterval; // the library keeps at least five minutes
        }

        options.Events = new JwtBearerEvents { OnTokenValidated = OnTokenValidatedAsync };
    }

    /// <summary>What every token from the provider must satisfy: its issuer, the audience given, RS256, an expiry.</summary>
    public static TokenValidationParameters ValidationParameters(OidcOptions oidc, string audience) => new()
    {
        ValidIssuer = oidc.Issuer,
        ValidAudience = audience,
        ClockSkew = oidc.ClockSkew,
        ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
        RequireExpirationTime = true,
        RequireSignedTokens = true,
    };

    private Task OnTokenValidatedAsync(TokenValidatedContext context)
    {
        var (actor, refusal) = ActorOf(context.Principal!, context.SecurityToken);
        if (actor is null)
        {
            context.Fail(refusal!);
        }
        else
        {
            context.Principal = Authentication.Principal(actor, Authentication.JwtScheme);
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// The actor a validated token from the identity provider stands for, or why it is refused: the same rules for
    /// a JWT on a gRPC call and for an ID token at dashboard sign-in.
    /// </summary>
    public (Domain.Actor? Actor, string? Refusal) ActorOf(System.Security.Claims.ClaimsPrincipal claims, SecurityToken token)
    {
        var org = claims.FindFirst(oidc.OrganizationClaim)?.Value ?? "";
        var role = claims.FindFirst(oidc.RoleClaim)?.Value ?? "";
        var subject = claims.FindFirst("sub")?.Value ?? "";
        var name = claims.FindFirst(oidc.NameClaim)?.Value ?? subject;
        if (token.ValidTo - time.GetUtcNow().UtcDateTime > oidc.MaxTokenLifetime)
        {
            return (null, $"it is valid for longer than {oidc.MaxTokenLifetime} ahead");
        }

        if (token.SigningKey is { KeySize: var bits } && bits < oidc.MinimumRsaKeySize)
        {
            return (null, $"its signing key has {bits} bits, fewer than {oidc.MinimumRsaKeySize}");
        }

        // A JSON array arrives as one claim per value: which one was meant is not ours to guess (issue 31).
        foreach (var single in new[] { oidc.OrganizationClaim, oidc.RoleClaim, "sub" })
        {
            if (claims.FindAll(single).Skip(1).Any())
            {
                return (null, $"claim {single} must be one value, not a list");
            }
        }

        if (!roadmap.IsKnownOrganization(org))
        {
            return (null, $"claim {oidc.OrganizationClaim} is not an organisation of the roadmap");
        }

        if (!Roles.TryParse(role, out var parsed))
        {
            return (null, $"claim {oidc.RoleClaim} is not viewer, editor, planner or admin");
        }

        // The subject is who it is; the name is only a label (two people may share one).
        return subject.Length == 0
            ? (null, "no sub claim")
            : (new Domain.Actor(name, org, parsed.Code(), Domain.Actor.ForSubject(token.Issuer, subject)), null);
    }

    /// <summary>Why a JWT was refused, in words a caller can act on (the library's messages hide the details).</summary>
    public static string Reason(Exception failure) => failure switch
    {
        SecurityTokenExpiredException => "expired",
        SecurityTokenNotYetValidException => "not valid yet",
        SecurityTokenInvalidAudienceException => "wrong audience",
        SecurityTokenInvalidIssuerException => "wrong issuer",
        SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => "signature does not verify",
        SecurityTokenInvalidAlgorithmException => "only RS256 tokens are accepted",
        SecurityTokenMalformedException or ArgumentException => "not a JWT",
        SecurityTokenNoExpirationException => "no exp claim",
        SecurityTokenException => "not valid",
        _ => failure.Message,
    };

    /// <summary>
    /// The provider's key set read from a bare JWKS document and read again every refresh interval, so a key the
    /// provider removed stops being trusted then; an unknown key id asks for an early read at most every 30 s.
    /// </summary>
    private sealed class JwksManager(string address, IDocumentRetriever retriever, TimeSpan interval, TimeProvider time) : IConfigurationManager<OpenIdConnectConfiguration>
    {
        private static readonly TimeSpan EarliestRefresh = TimeSpan.FromSeconds(30);
        private readonly SemaphoreSlim _gate = new(1, 1);
        private OpenIdConnectConfiguration? _current;
        private DateTimeOffset _readAt;
        private bool _refreshRequested;

        public async Task<OpenIdConnectConfiguration> GetConfigurationAsync(CancellationToken cancel)
        {
            var now = time.GetUtcNow();
            if (_current is { } fresh && now - _readAt < interval && !(_refreshRequested && now - _readAt >= EarliestRefresh))
            {
                return fresh;
            }

            await _gate.WaitAsync(cancel);
            try
            {
                if (_current is null || time.GetUtcNow() - _readAt >= interval || _refreshRequested)
                {
                    var keys = new JsonWebKeySet(await retriever.GetDocumentAsync(address, cancel));
                    var configuration = new OpenIdConnectConfiguration { JsonWebKeySet = keys };
                    foreach (var key in keys.GetSigningKeys())
                    {
                        configuration.SigningKeys.Add(key);
                    }

                    (_current, _readAt, _refreshRequested) = (configuration, time.GetUtcNow(), false);
                }

                return _current;
            }
            finally
            {
                _gate.Release();
            }
        }

        public void RequestRefresh() => _refreshRequested = true;
    }
}
