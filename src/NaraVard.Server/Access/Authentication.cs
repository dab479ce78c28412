using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using NaraVard.Domain;

namespace NaraVard.Server.Access;

/// <summary>
/// Every call but health and reflection carries <c>authorization: Bearer &lt;token&gt;</c>: a NaraVard token
/// (<c>nv_…</c>, <see cref="NaraVardTokenHandler"/>) or, when OIDC is configured, a JWT from the region's
/// identity provider (ASP.NET Core's JwtBearer). Both end as the same claims, read back as an <see cref="Actor"/>;
/// what that actor may do is decided by the domain rules. The token itself never reaches a log or an error.
/// </summary>
public static class Authentication
{
    /// <summary>With OIDC, the scheme a call is authenticated with: it forwards to the NaraVard token or the JWT scheme.</summary>
    public const string Scheme = "NaraVard.Bearer";
    public const string TokenScheme = "NaraVard.Token";
    public const string JwtScheme = JwtBearerDefaults.AuthenticationScheme;

    private const string OrganizationClaim = "naravard:org";
    private const string RoleClaim = "naravard:role";
    private const string NameClaim = "naravard:name";
    private const string IdClaim = "naravard:id";

    public static AuthenticationBuilder AddNaraVardAuthentication(this IServiceCollection services, OidcOptions oidc)
    {
        // Without OIDC every call is authenticated by the token scheme itself; with it, a policy scheme picks the
        // handler by the token's shape. (Forwarding when there is nothing to choose cost a read 3 % of its time.)
        var builder = services
            .AddAuthentication(oidc.Enabled ? Scheme : TokenScheme)
            .AddScheme<AuthenticationSchemeOptions, NaraVardTokenHandler>(TokenScheme, null);
        if (oidc.Enabled)
        {
            builder.AddPolicyScheme(Scheme, "NaraVard token or OIDC JWT", policy => policy.ForwardDefaultSelector = context =>
                IsOtherBearer(context.Request.Headers.Authorization.ToString()) ? JwtScheme : TokenScheme);
            builder.AddJwtBearer(JwtScheme, _ => { });
            services.ConfigureOptions<OidcBearerSetup>();
        }

        return builder;
    }

    public static ClaimsPrincipal Principal(Actor actor, string scheme) =>
        new(new ClaimsIdentity([new(NameClaim, actor.Name), new(OrganizationClaim, actor.OrganizationCode), new(RoleClaim, actor.Role), new(IdClaim, actor.Id)], scheme, NameClaim, RoleClaim));

    /// <summary>The identity a successful authentication found.</summary>
    public static Actor? ActorOf(ClaimsPrincipal principal) =>
        principal.FindFirst(NameClaim)?.Value is { } name && principal.FindFirst(OrganizationClaim)?.Value is { } org && principal.FindFirst(RoleClaim)?.Value is { } role && principal.FindFirst(IdClaim)?.Value is { Length: > 0 } id
            ? new Actor(name, org, role, id)
            : null;

    /// <summary>What tells the authenticated caller apart from others (<see cref="Actor.Key"/>), read without building the actor.</summary>
    public static string KeyOf(ClaimsPrincipal principal) => principal.FindFirst(IdClaim)?.Value ?? "";

    /// <summary>A bearer token that is not NaraVard's own: a JWT for the JwtBearer scheme. No header at all (a browser) stays with the token scheme, which answers "no result" at no cost.</summary>
    private static bool IsOtherBearer(string header) =>
        header.Length > 0 && !header.StartsWith("Bearer nv_", StringComparison.OrdinalIgnoreCase);
}
