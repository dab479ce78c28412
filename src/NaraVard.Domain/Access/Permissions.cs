using NaraVard.Domain.Initiatives;
using NaraVard.Domain.Obstacles;

namespace NaraVard.Domain.Access;

/// <summary>
/// Who may change what. Pure rules, used by the deciders, so the permission matrix is tested without a
/// server and enforced wherever a command is decided. Reading is open to every role.
/// </summary>
public static class Permissions
{
    /// <summary>Commands a participant of a joint initiative may send for its own part of the work.</summary>
    private static bool IsParticipantPart(InitiativeCommand command) =>
        command is ReportProgress or AddMilestone or CompleteMilestone;

    public static void RequireCanChange(Actor actor, InitiativeState state, InitiativeCommand command)
    {
        var role = Roles.Of(actor);
        if (role == Role.Admin || actor.Role == Actor.System.Role)
        {
            return;
        }

        if (role != Role.Editor)
        {
            throw Denied(actor, $"a {Describe(role)} may not change initiatives; editors of the owning organisation may");
        }

        var owner = command is CreateInitiative create ? create.OwnerCode : state.OwnerCode;
        if (owner == actor.OrganizationCode)
        {
            return;
        }

        if (command is not CreateInitiative && state.Participants.Contains(actor.OrganizationCode) && IsParticipantPart(command))
        {
            return;
        }

        throw Denied(actor, command is CreateInitiative
            ? $"an editor for {actor.OrganizationCode} may only create initiatives owned by {actor.OrganizationCode}, not {owner}"
            : $"{actor.OrganizationCode} may not change {owner}'s initiative {state.Id}");
    }

    public static void RequireCanChange(Actor actor, ObstacleCommand command)
    {
        var role = Roles.Of(actor);
        if (role is Role.Planner or Role.Admin || actor.Role == Actor.System.Role)
        {
            return;
        }

        throw Denied(actor, $"a {Describe(role)} may not {(command is FlagObstacle ? "flag" : "update")} obstacles; planners may");
    }

    public static void RequireAdmin(Actor actor, string what)
    {
        if (Roles.Of(actor) != Role.Admin)
        {
            throw Denied(actor, $"only an admin may {what}");
        }
    }

    private static string Describe(Role? role) => role?.Code() ?? "caller without a role";

    private static DomainException Denied(Actor actor, string rule) =>
        new(ErrorKind.PermissionDenied, null, $"{actor.Name} ({actor.OrganizationCode}, {actor.Role}): {rule}");
}
