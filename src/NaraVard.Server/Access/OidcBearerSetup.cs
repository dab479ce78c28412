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
        options.RefreshOnIssuerKeyNotFound = false; // IssuerKeys reads early itself, bounded, and the call is decided on the new set

        options.Events = new JwtBearerEvents
        {
            OnTokenValidated = OnTokenValidatedAsync,
            OnAuthenticationFailed = failed => OnUnknownKeyAsync(failed, keys, options.TokenValidationParameters),
        };
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

    /// <summary>
    /// A token signed with a key id the set does not hold: the provider may have just rotated its key, so the set is
    /// read once more (at most every 30 s for the whole server) and the token is judged again on what it says now.
    /// </summary>
    private async Task OnUnknownKeyAsync(AuthenticationFailedContext context, IssuerKeys keys, TokenValidationParameters parameters)
    {
        if (context.Exception is not SecurityTokenSignatureKeyNotFoundException
            || await keys.TryReadEarlyAsync(context.HttpContext.RequestAborted) is not { } read)
        {
            return;
        }

        var header = context.Request.Headers.Authorization.ToString();
        var token = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : "";
        var again = parameters.Clone();
        again.IssuerSigningKeys = read.SigningKeys;
        var result = await new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler { MapInboundClaims = false }.ValidateTokenAsync(token, again);
        if (!result.IsValid)
        {
            context.Fail(result.Exception);
            return;
        }

        Admit(context, new System.Security.Claims.ClaimsPrincipal(result.ClaimsIdentity), result.SecurityToken);
        if (context.Result is null)
        {
            context.Success();
        }
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
