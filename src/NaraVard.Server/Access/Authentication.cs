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
        services.AddTransient<NaraVardTokenHandler>();
        var builder = services.AddAuthentication(options =>
        {
            options.DefaultScheme = oidc.Enabled ? Scheme : TokenScheme;
            options.AddScheme<NaraVardTokenHandler>(TokenScheme, null);
        });
        if (oidc.Enabled)
        {
            builder.AddPolicyScheme(Scheme, "NaraVard token or OIDC JWT", policy => policy.ForwardDefaultSelector = context =>
                IsOtherBearer(context.Request.Headers.Authorization.ToString()) ? JwtScheme : TokenScheme);
            builder.AddJwtBearer(JwtScheme, _ => { });
            services.ConfigureOptions<OidcBearerSetup>();
        }

        return builder;
    }

    public static ClaimsPrincipal Principal(Actor actor, string scheme) => new(new ActorIdentity(actor, scheme));

    /// <summary>The identity a successful authentication found (by a NaraVard token, or a JWT it accepted).</summary>
    public static Actor? ActorOf(ClaimsPrincipal principal) => principal.Identity is ActorIdentity { Caller.Id.Length: > 0 } identity ? identity.Caller : null;

    /// <summary>What tells the authenticated caller apart from others (<see cref="Actor.Key"/>).</summary>
    public static string KeyOf(ClaimsPrincipal principal) => ActorOf(principal)?.Id ?? "";

    /// <summary>A bearer token that is not NaraVard's own: a JWT for the JwtBearer scheme. No header at all (a browser) stays with the token scheme, which answers "no result" at no cost.</summary>
    private static bool IsOtherBearer(string header) =>
        header.Length > 0 && !header.StartsWith("Bearer nv_", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The claims, and the actor they were made from: the call limits and every gRPC call ask who the caller is,
    /// and reading it back from the claims searched them four or five times a call.
    /// </summary>
    private sealed class ActorIdentity(Actor actor, string scheme) : ClaimsIdentity(
        [new(NameClaim, actor.Name), new(OrganizationClaim, actor.OrganizationCode), new(RoleClaim, actor.Role), new(IdClaim, actor.Id)], scheme, NameClaim, RoleClaim)
    {
        public Actor Caller { get; } = actor;
    }
}
