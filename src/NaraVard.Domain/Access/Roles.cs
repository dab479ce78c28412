namespace NaraVard.Domain.Access;

/// <summary>What an identity may do; every role is bound to one organisation.</summary>
public enum Role
{
    /// <summary>Leadership: reads everything.</summary>
    Viewer = 1,

    /// <summary>Reads everything; creates and updates its organisation's initiatives and its part of joint ones.</summary>
    Editor = 2,

    /// <summary>Reads everything; flags and updates obstacles anywhere.</summary>
    Planner = 3,

    /// <summary>Everything, including the roadmap definition and tokens.</summary>
    Admin = 4,
}

public static class Roles
{
    public static string Code(this Role role) => role.ToString().ToLowerInvariant();

    /// <summary>
    /// Exactly one of the four names, in any letter case. Not a number, not a list ("viewer,editor" would otherwise
    /// parse as the flags sum, planner), no surrounding spaces: a role is a grant, so anything else is refused.
    /// </summary>
    public static bool TryParse(string value, out Role role)
    {
        foreach (var candidate in Enum.GetValues<Role>())
        {
            if (string.Equals(value, candidate.Code(), StringComparison.OrdinalIgnoreCase))
            {
                role = candidate;
                return true;
            }
        }

        role = default;
        return false;
    }

    public static Role? Of(Actor actor) => TryParse(actor.Role, out var role) ? role : null;
}
