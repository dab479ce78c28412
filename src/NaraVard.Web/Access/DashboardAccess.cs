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

/// <param name="TokenId">The NaraVard token's id (never its secret): what the session is checked against; null for a sign-in at the identity provider.</param>
/// <param name="Until">When the identity provider's token expires: the session ends then.</param>
public sealed record DashboardIdentity(string? TokenId, Actor Actor, DateTimeOffset? Until = null);

/// <summary>Sign-in at the region's identity provider, when the host configured it.</summary>
/// <param name="Scheme">The OpenID Connect scheme to challenge; null when only tokens sign in.</param>
public sealed record ExternalSignIn(string? Scheme);

/// <summary>
/// Sign-in with a token or at the identity provider, then a cookie session: HttpOnly, Secure over HTTPS,
/// SameSite=Lax, eight hours sliding. The cookie holds the identity and the token id (or the provider's token
/// expiry), encrypted by ASP.NET Core data protection; every request checks that the token is still active, so
/// revoking it (or its expiry) ends the session.
/// </summary>
public static class DashboardAccess
{
    public const string Scheme = "NaraVard.Dashboard";
    public const string SignInPath = "/logga-in";
    public const string SignOutPath = "/logga-ut";
    public const string PolicyName = "NaraVard.Dashboard";

    private const string TokenIdClaim = "naravard:token";
    private const string UntilClaim = "naravard:until";
    private const string OrganizationClaim = "naravard:org";
    private const string RoleClaim = "naravard:role";
    private const string NameClaim = "naravard:name";
    private const string IdClaim = "naravard:id";
    private const string SessionClaim = "naravard:session";

    public static AuthenticationBuilder AddDashboardCookie(this AuthenticationBuilder builder)
    {
        builder.Services.AddSingleton<EndedSessions>();
        return builder.AddCookie(Scheme, cookie =>
        {
            cookie.Cookie.Name = "naravard-session";
            cookie.Cookie.HttpOnly = true;
            // Secure whenever the dashboard is reached over HTTPS (directly, or through a TLS proxy that says so);
            // plain HTTP is only allowed on loopback (NaraVardOptions), where the cookie never crosses a network.
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            // Lax, not Strict: after a sign-in at the identity provider (another site) the browser's redirect back
            // must carry the new session. Posts are protected by antiforgery tokens either way.
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.ExpireTimeSpan = TimeSpan.FromHours(8);
            cookie.SlidingExpiration = true;
            cookie.LoginPath = SignInPath;
            cookie.AccessDeniedPath = SignInPath;
            cookie.ReturnUrlParameter = "tillbaka";
            cookie.Events.OnValidatePrincipal = context =>
            {
                var tokens = context.HttpContext.RequestServices.GetRequiredService<IDashboardTokens>();
                var now = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
                var principal = context.Principal;
                var ended = context.HttpContext.RequestServices.GetRequiredService<EndedSessions>();
                var active = principal?.FindFirst(TokenIdClaim)?.Value is { } id
                    ? tokens.IsActive(id)
                    : principal?.FindFirst(UntilClaim)?.Value is { } until && long.TryParse(until, out var seconds) && now.ToUnixTimeSeconds() < seconds;
                active &= principal?.FindFirst(SessionClaim)?.Value is not { } session || !ended.HasEnded(session);
                if (!active)
                {
                    context.RejectPrincipal();
                    return context.HttpContext.SignOutAsync(Scheme);
                }

                return Task.CompletedTask;
            };
        });
    }

    /// <summary>Ends the caller's session on the server too, on every node: a copy of its cookie is refused from now on.</summary>
    public static Task EndSessionAsync(ClaimsPrincipal principal, EndedSessions ended, CancellationToken cancellationToken) =>
        principal.FindFirst(SessionClaim)?.Value is { } session && ActorOf(principal) is { } actor
            ? ended.EndAsync(session, actor, cancellationToken)
            : Task.CompletedTask;

    public static AuthorizationPolicy Policy { get; } = new AuthorizationPolicyBuilder(Scheme).RequireAuthenticatedUser().Build();

    public static ClaimsPrincipal Principal(DashboardIdentity identity)
    {
        List<Claim> claims =
        [
            new(NameClaim, identity.Actor.Name),
            new(OrganizationClaim, identity.Actor.OrganizationCode),
            new(RoleClaim, identity.Actor.Role),
            new(IdClaim, identity.Actor.Id),
            new(SessionClaim, Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16))),
        ];
        if (identity.TokenId is { } id)
        {
            claims.Add(new(TokenIdClaim, id));
        }

        if (identity.Until is { } until)
        {
            claims.Add(new(UntilClaim, until.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        return new(new ClaimsIdentity(claims, Scheme, NameClaim, RoleClaim));
    }

    public static Actor? ActorOf(ClaimsPrincipal principal) =>
        principal.FindFirst(NameClaim)?.Value is { } name && principal.FindFirst(OrganizationClaim)?.Value is { } org && principal.FindFirst(RoleClaim)?.Value is { } role && principal.FindFirst(IdClaim)?.Value is { Length: > 0 } id
            ? new Actor(name, org, role, id)
            : null;
}
