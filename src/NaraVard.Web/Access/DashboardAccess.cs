using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using NaraVard.Domain;

namespace NaraVard.Web.Access;

/// <summary>What the dashboard needs of the server's tokens: the same tokens as over gRPC, checked the same way.</summary>
public interface IDashboardTokens
{
    /// <summary>The identity a presented token stands for; null when it is unknown, malformed or revoked.</summary>
    Task<DashboardIdentity?> AuthenticateAsync(string token, CancellationToken cancellationToken);

    /// <summary>False once the token has been revoked: its sessions end at their next request.</summary>
    bool IsActive(string tokenId);
}

/// <param name="TokenId">The token's id (never its secret): what the session is checked against.</param>
public sealed record DashboardIdentity(string TokenId, Actor Actor);

/// <summary>
/// Sign-in with a token, then a cookie session: HttpOnly, Secure over HTTPS, SameSite=Strict, eight hours sliding. The
/// cookie holds the identity and the token id, encrypted by ASP.NET Core data protection; every request checks
/// that the token is still active, so revoking it ends the session at once.
/// </summary>
public static class DashboardAccess
{
    public const string Scheme = "NaraVard.Dashboard";
    public const string SignInPath = "/logga-in";
    public const string SignOutPath = "/logga-ut";
    public const string PolicyName = "NaraVard.Dashboard";

    private const string TokenIdClaim = "naravard:token";
    private const string OrganizationClaim = "naravard:org";
    private const string RoleClaim = "naravard:role";
    private const string NameClaim = "naravard:name";

    public static AuthenticationBuilder AddDashboardCookie(this AuthenticationBuilder builder) =>
        builder.AddCookie(Scheme, cookie =>
        {
            cookie.Cookie.Name = "naravard-session";
            cookie.Cookie.HttpOnly = true;
            // Secure whenever the dashboard is reached over HTTPS (directly, or through a TLS proxy that says so);
            // plain HTTP is only allowed on loopback (NaraVardOptions), where the cookie never crosses a network.
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            cookie.Cookie.SameSite = SameSiteMode.Strict;
            cookie.ExpireTimeSpan = TimeSpan.FromHours(8);
            cookie.SlidingExpiration = true;
            cookie.LoginPath = SignInPath;
            cookie.AccessDeniedPath = SignInPath;
            cookie.ReturnUrlParameter = "tillbaka";
            cookie.Events.OnValidatePrincipal = context =>
            {
                var tokens = context.HttpContext.RequestServices.GetRequiredService<IDashboardTokens>();
                if (context.Principal?.FindFirst(TokenIdClaim)?.Value is not { } id || !tokens.IsActive(id))
                {
                    context.RejectPrincipal();
                    return context.HttpContext.SignOutAsync(Scheme);
                }

                return Task.CompletedTask;
            };
        });

    public static AuthorizationPolicy Policy { get; } = new AuthorizationPolicyBuilder(Scheme).RequireAuthenticatedUser().Build();

    public static ClaimsPrincipal Principal(DashboardIdentity identity) => new(new ClaimsIdentity(
        [
            new(TokenIdClaim, identity.TokenId),
            new(NameClaim, identity.Actor.Name),
            new(OrganizationClaim, identity.Actor.OrganizationCode),
            new(RoleClaim, identity.Actor.Role),
        ],
        Scheme,
        NameClaim,
        RoleClaim));

    public static Actor? ActorOf(ClaimsPrincipal principal) =>
        principal.FindFirst(NameClaim)?.Value is { } name && principal.FindFirst(OrganizationClaim)?.Value is { } org && principal.FindFirst(RoleClaim)?.Value is { } role
            ? new Actor(name, org, role)
            : null;
}
