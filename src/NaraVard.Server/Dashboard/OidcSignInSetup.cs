using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using NaraVard.Domain.Roadmap;
using NaraVard.Server.Access;
using NaraVard.Web.Access;

namespace NaraVard.Server.Dashboard;

/// <summary>
/// Dashboard sign-in at the region's identity provider: authorization code flow with PKCE, the ID token checked
/// by the same rules as a JWT on a gRPC call (<see cref="OidcBearerSetup.ActorOf"/>), then the dashboard's own
/// cookie session, which ends when the ID token expires.
/// </summary>
internal sealed partial class OidcSignInSetup(OidcOptions oidc, RoadmapDefinition roadmap, TimeProvider time, ILogger<OidcSignInSetup> logger) : IConfigureNamedOptions<OpenIdConnectOptions>
{
    public const string Scheme = "NaraVard.Oidc";
    private const string IdTokenItem = "NaraVard.IdToken";

    public void Configure(OpenIdConnectOptions options) => Configure(Scheme, options);

    public void Configure(string? name, OpenIdConnectOptions options)
    {
        if (name != Scheme)
        {
            return;
        }

        options.Authority = oidc.Issuer;
        options.RequireHttpsMetadata = !new Uri(oidc.Issuer).IsLoopback;

        // The provider's discovery document and keys read as for JWTs on gRPC: every refresh interval, and at once
        // (at most every gap) for an ID token signed with a key the set does not hold, so a rotation at the provider
        // does not turn the next sign-ins away until the library's own refresh.
        var keys = IssuerKeys.FromDiscovery(new Microsoft.IdentityModel.Protocols.HttpDocumentRetriever { RequireHttps = options.RequireHttpsMetadata }, oidc, time);
        options.ConfigurationManager = keys;
        options.RefreshOnIssuerKeyNotFound = false;
        options.ClientId = oidc.ClientId;
        options.ClientSecret = oidc.ClientSecret;
        options.ResponseType = OpenIdConnectResponseType.Code;
        options.UsePkce = true;

        // The answer comes back as a top-level GET, so the correlation and nonce cookies can be SameSite=Lax.
        options.ResponseMode = OpenIdConnectResponseMode.Query;
        options.CorrelationCookie.SameSite = SameSiteMode.Lax;
        options.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        options.NonceCookie.SameSite = SameSiteMode.Lax;
        options.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        options.MapInboundClaims = false;
        options.SaveTokens = false;
        options.GetClaimsFromUserInfoEndpoint = oidc.ClaimsFromUserInfo;
        options.ClaimActions.MapJsonKey(oidc.OrganizationClaim, oidc.OrganizationClaim); // a list becomes one claim per value
        options.ClaimActions.MapJsonKey(oidc.RoleClaim, oidc.RoleClaim);
        options.ClaimActions.MapUniqueJsonKey(oidc.NameClaim, oidc.NameClaim);

        options.SignInScheme = DashboardAccess.Scheme;
        options.CallbackPath = "/logga-in/svar";
        options.TokenValidationParameters = OidcBearerSetup.ValidationParameters(oidc, oidc.ClientId);
        options.TokenValidationParameters.IssuerSigningKeyResolver = (_, _, keyId, parameters) => keys.Resolve(keyId, parameters);
        options.Events = new OpenIdConnectEvents
        {
            // The ID token is judged once its claims are all known: at once, or after the userinfo endpoint has
            // added the provider's assignments (a region's provider may send them only there).
            OnTokenValidated = context =>
            {
                context.HttpContext.Items[IdTokenItem] = context.SecurityToken;
                return oidc.ClaimsFromUserInfo ? Task.CompletedTask : AdmitAsync(context, context.Principal!);
            },
            OnTicketReceived = context => oidc.ClaimsFromUserInfo ? AdmitAsync(context, context.Principal!) : Task.CompletedTask,
            OnRemoteFailure = context =>
            {
                // Back to the sign-in page with a message, not an error page with the provider's details; the
                // details go to the log, for whoever connects the provider.
                LogSignInFailed(context.Failure?.Message ?? "unknown");
                context.Response.Redirect(DashboardAccess.SignInPath + "?fel=extern");
                context.HandleResponse();
                return Task.CompletedTask;
            },
        };
    }

    /// <summary>The dashboard's session for the person the provider's claims stand for, by the rules of a JWT on gRPC; or the refusal.</summary>
    private Task AdmitAsync<TOptions>(RemoteAuthenticationContext<TOptions> context, System.Security.Claims.ClaimsPrincipal claims)
        where TOptions : AuthenticationSchemeOptions
    {
        var token = (Microsoft.IdentityModel.Tokens.SecurityToken)context.HttpContext.Items[IdTokenItem]!;
        var (actor, refusal) = new OidcBearerSetup(oidc, roadmap, time).ActorOf(claims, token);
        if (actor is null)
        {
            context.Fail("The identity provider's token was refused: " + refusal);
        }
        else
        {
            context.Principal = DashboardAccess.Principal(new DashboardIdentity(null, actor, new DateTimeOffset(token.ValidTo, TimeSpan.Zero)));
        }

        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A sign-in at the identity provider failed: {Reason}")]
    private partial void LogSignInFailed(string reason);
}
