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
internal sealed class OidcBearerSetup(OidcOptions oidc, RoadmapDefinition roadmap) : IConfigureNamedOptions<JwtBearerOptions>
{
    public void Configure(JwtBearerOptions options) => Configure(Authentication.JwtScheme, options);

    public void Configure(string? name, JwtBearerOptions options)
    {
        if (name != Authentication.JwtScheme)
        {
            return;
        }

        options.MapInboundClaims = false;
        options.TokenValidationParameters = new TokenValidationParameters
        {
            ValidIssuer = oidc.Issuer,
            ValidAudience = oidc.Audience,
            ClockSkew = oidc.ClockSkew,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            RequireExpirationTime = true,
            RequireSignedTokens = true,
        };
        if (oidc.JwksUri.Length > 0)
        {
            var jwks = new Uri(oidc.JwksUri);
            options.ConfigurationManager = new ConfigurationManager<OpenIdConnectConfiguration>(
                oidc.JwksUri, new JwksRetriever(), new HttpDocumentRetriever { RequireHttps = !jwks.IsLoopback });
        }
        else
        {
            options.Authority = oidc.Issuer;
        }

        options.Events = new JwtBearerEvents { OnTokenValidated = OnTokenValidatedAsync };
    }

    private Task OnTokenValidatedAsync(TokenValidatedContext context)
    {
        var claims = context.Principal!;
        var org = claims.FindFirst(oidc.OrganizationClaim)?.Value ?? "";
        var role = claims.FindFirst(oidc.RoleClaim)?.Value ?? "";
        var name = claims.FindFirst(oidc.NameClaim)?.Value ?? claims.FindFirst("sub")?.Value ?? "";
        if (!roadmap.IsKnownOrganization(org))
        {
            context.Fail($"claim {oidc.OrganizationClaim} is not an organisation of the roadmap");
        }
        else if (!Roles.TryParse(role, out var parsed))
        {
            context.Fail($"claim {oidc.RoleClaim} is not viewer, editor, planner or admin");
        }
        else if (name.Length == 0)
        {
            context.Fail("no name or sub claim");
        }
        else
        {
            context.Principal = Authentication.Principal(new Domain.Actor(name, org, parsed.Code()), Authentication.JwtScheme);
        }

        return Task.CompletedTask;
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

    /// <summary>Reads a bare JWKS document (no discovery document) as the provider's signing keys.</summary>
    private sealed class JwksRetriever : IConfigurationRetriever<OpenIdConnectConfiguration>
    {
        public async Task<OpenIdConnectConfiguration> GetConfigurationAsync(string address, IDocumentRetriever retriever, CancellationToken cancel)
        {
            var keys = new JsonWebKeySet(await retriever.GetDocumentAsync(address, cancel));
            var configuration = new OpenIdConnectConfiguration { JsonWebKeySet = keys };
            foreach (var key in keys.GetSigningKeys())
            {
                configuration.SigningKeys.Add(key);
            }

            return configuration;
        }
    }
}
