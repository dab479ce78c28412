namespace NaraVard.Domain;

/// <summary>Who did something: recorded on every event so every figure is traceable (spårbarhet).</summary>
/// <param name="Name">Token name or identity subject.</param>
/// <param name="OrganizationCode">SCB code of the organisation the identity acts for.</param>
/// <param name="Role">viewer, editor, planner or admin.</param>
public sealed record Actor(string Name, string OrganizationCode, string Role)
{
    public static readonly Actor System = new("naravard", "", "system");
}
