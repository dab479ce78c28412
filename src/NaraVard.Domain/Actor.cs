namespace NaraVard.Domain;

/// <summary>Who did something: recorded on every event so every figure is traceable (spårbarhet).</summary>
/// <param name="Name">A label for people: the token's name or the identity's display name. Two people may share it.</param>
/// <param name="OrganizationCode">SCB code of the organisation the identity acts for.</param>
/// <param name="Role">viewer, editor, planner or admin.</param>
/// <param name="Id">
/// Who it is, stable and unique: <c>token:{token id}</c> for a NaraVard token, <c>{issuer}#{subject}</c> for the
/// region's identity provider. Empty only on events recorded before identities were kept.
/// </param>
public sealed record Actor(string Name, string OrganizationCode, string Role, string Id = "")
{
    public static readonly Actor System = new("naravard", "", "system", "system");

    /// <summary>
    /// What tells two actors apart, for request ids and the audit trail: the id, or for events recorded before
    /// ids were kept, what identified an actor then.
    /// </summary>
    public string Key => Id.Length > 0 ? Id : $"{OrganizationCode}/{Role}/{Name}";

    public static string ForToken(string tokenId) => "token:" + tokenId;

    public static string ForSubject(string issuer, string subject) => $"{issuer}#{subject}";
}
