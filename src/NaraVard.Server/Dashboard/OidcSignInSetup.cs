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
internal sealed class OidcSignInSetup(OidcOptions oidc, RoadmapDefinition roadmap, TimeProvider time) : IConfigureNamedOptions<OpenIdConnectOptions>
{
    public const string Scheme = "NaraVard.Oidc";

    public void Configure(OpenIdConnectOptions options) => Configure(Scheme, options);

    public void Configure(string? name, OpenIdConnectOptions options)
    {
        if (name != Scheme)
        {
            return;
        }

        options.Authority = oidc.Issuer;
        options.RequireHttpsMetadata = !new Uri(oidc.Issuer).IsLoopback;
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
        options.GetClaimsFromUserInfoEndpoint = false;
        options.SignInScheme = DashboardAccess.Scheme;
        options.CallbackPath = "/logga-in/svar";
        options.TokenValidationParameters = OidcBearerSetup.ValidationParameters(oidc, oidc.ClientId);
        options.Events = new OpenIdConnectEvents
        {
            OnTokenValidated = context =>
            {
                var rules = new OidcBearerSetup(oidc, roadmap, time);
                var (actor, refusal) = rules.ActorOf(context.Principal!, context.SecurityToken);
                if (actor is null)
                {
                    context.Fail("The identity provider's token was refused: " + refusal);
                    return Task.CompletedTask;
                }

                context.Principal = DashboardAccess.Principal(new DashboardIdentity(null, actor, new DateTimeOffset(context.SecurityToken.ValidTo, TimeSpan.Zero)));
                return Task.CompletedTask;
            },
            OnRemoteFailure = context =>
            {
                // Back to the sign-in page with a message, not an error page with the provider's details.
                context.Response.Redirect(DashboardAccess.SignInPath + "?fel=extern");
                context.HandleResponse();
                return Task.CompletedTask;
            },
        };
    }
}
