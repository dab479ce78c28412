namespace NaraVard.Server.Access;

/// <summary>
/// Configuration section "NaraVard:Oidc": accept JWTs from a region's identity provider beside NaraVard's own
/// tokens. Signed with RS256 by a key from the issuer's JWKS; the organisation and role come from claims.
/// </summary>
public sealed class OidcOptions
{
    /// <summary>Expected "iss"; empty turns JWTs off.</summary>
    public string Issuer { get; set; } = "";

    /// <summary>Expected "aud" (a string or one of an array).</summary>
    public string Audience { get; set; } = "";

    /// <summary>Where the signing keys are; by default {Issuer}/.well-known/jwks.json is not guessed: set it, or the discovery document is read.</summary>
    public string JwksUri { get; set; } = "";

    /// <summary>Claim with the organisation's SCB code.</summary>
    public string OrganizationClaim { get; set; } = "naravard_org";

    /// <summary>Claim with viewer, editor, planner or admin.</summary>
    public string RoleClaim { get; set; } = "naravard_role";

    /// <summary>
    /// The provider's values of <see cref="OrganizationClaim"/> (an HSA id, an organisation number) → SCB code;
    /// a value also matches a key followed by a hyphen (a person's HSA id under the organisation's). Empty: the
    /// claim holds the SCB code itself.
    /// </summary>
    public Dictionary<string, string> OrganizationMap { get; set; } = [];

    /// <summary>The provider's values of <see cref="RoleClaim"/> (groups, assignments) → viewer, editor, planner or admin. Empty: the claim holds the role itself.</summary>
    public Dictionary<string, string> RoleMap { get; set; } = [];

    /// <summary>Dashboard sign-in: read the organisation, role and name claims from the provider's userinfo endpoint too (some send a person's assignments only there).</summary>
    public bool ClaimsFromUserInfo { get; set; }

    /// <summary>Claim with the name the audit trail shows; "sub" when it is missing.</summary>
    public string NameClaim { get; set; } = "name";

    /// <summary>Allowed clock difference for exp and nbf.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How often the issuer's keys are read again: a key the provider removed stops being trusted then. A token with
    /// a key id not in the set asks for one read sooner, at most every 30 s.
    /// </summary>
    public TimeSpan KeyRefreshInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The least time between two reads of the keys asked for by tokens with unknown key ids.</summary>
    public TimeSpan KeyReadMinimumGap { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest a token may still be valid for when presented (exp − now); longer-lived tokens are refused.</summary>
    public TimeSpan MaxTokenLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>The smallest RSA signing key accepted, in bits.</summary>
    public int MinimumRsaKeySize { get; set; } = 2048;

    /// <summary>The dashboard's client id at the identity provider; empty: no dashboard sign-in through it.</summary>
    public string ClientId { get; set; } = "";

    /// <summary>The dashboard's client secret (authorization code flow with PKCE).</summary>
    public string ClientSecret { get; set; } = "";

    public bool Enabled => Issuer.Length > 0;

    /// <summary>People sign in to the dashboard at the identity provider (as well as with NaraVard tokens).</summary>
    public bool DashboardSignIn => Enabled && ClientId.Length > 0;
}
