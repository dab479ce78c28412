using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authentication;
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
        var retriever = new HttpDocumentRetriever { RequireHttps = !IsLoopback(oidc.JwksUri.Length > 0 ? oidc.JwksUri : oidc.Issuer) };
        var keys = oidc.JwksUri.Length > 0
            ? IssuerKeys.FromKeySet(retriever, oidc, time)
            : IssuerKeys.FromDiscovery(retriever, oidc, time);
        options.ConfigurationManager = keys;
        options.RefreshOnIssuerKeyNotFound = false; // IssuerKeys reads early itself, bounded, and the token is judged on the new set

        options.TokenValidationParameters.IssuerSigningKeyResolver = (_, _, keyId, parameters) => keys.Resolve(keyId, parameters);
        options.Events = new JwtBearerEvents { OnTokenValidated = OnTokenValidatedAsync };
    }

    private static bool IsLoopback(string address) => Uri.TryCreate(address, UriKind.Absolute, out var uri) && uri.IsLoopback;

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
        Admit(context, context.Principal!, context.SecurityToken);
        return Task.CompletedTask;
    }

    /// <summary>The principal a valid token stands for, or the refusal of its claims.</summary>
    private void Admit(ResultContext<JwtBearerOptions> context, System.Security.Claims.ClaimsPrincipal claims, SecurityToken token)
    {
        var (actor, refusal) = ActorOf(claims, token);
        if (actor is null)
        {
            context.Fail(refusal!);
        }
        else
        {
            context.Principal = Authentication.Principal(actor, Authentication.JwtScheme);
        }
    }

    /// <summary>
    /// The actor a validated token from the identity provider stands for, or why it is refused: the same rules for
    /// a JWT on a gRPC call and for an ID token at dashboard sign-in.
    /// </summary>
    public (Domain.Actor? Actor, string? Refusal) ActorOf(System.Security.Claims.ClaimsPrincipal claims, SecurityToken token)
    {
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

        if (claims.FindAll("sub").Skip(1).Any())
        {
            return (null, "claim sub must be one value, not a list");
        }

        var (org, role, refusal) = new ClaimMapping(oidc, roadmap).Read(claims);
        if (org is null || role is not { } parsed)
        {
            return (null, refusal);
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
}
