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
        command is ReportProgress or AddMilestone or CompleteMilestone or RecordIndicatorValue;

    public static void RequireCanChange(Actor actor, InitiativeState state, InitiativeCommand command)
    {
        if (Refusal(actor, state, command) is { } rule)
        {
            throw Denied(actor, rule);
        }
    }

    public static void RequireCanChange(Actor actor, ObstacleCommand command)
    {
        if (Refusal(actor, command) is { } rule)
        {
            throw Denied(actor, rule);
        }
    }

    /// <summary>Whether the actor may send the command: what a user interface asks before offering it.</summary>
    public static bool Allows(Actor actor, InitiativeState state, InitiativeCommand command) => Refusal(actor, state, command) is null;

    public static bool Allows(Actor actor, ObstacleCommand command) => Refusal(actor, command) is null;

    /// <summary>The rule the command would break, or null when the actor may send it.</summary>
    private static string? Refusal(Actor actor, InitiativeState state, InitiativeCommand command)
    {
        var role = Roles.Of(actor);
        if (command is RecordKoladaValues)
        {
            // What Kolada published is recorded by the sync alone: nobody types a value in under Kolada's name.
            return actor.Role == Actor.System.Role ? null : "values from Kolada are recorded by NaraVard's sync, not by hand";
        }

        if (role == Role.Admin || actor.Role == Actor.System.Role)
        {
            return null;
        }

        if (command is AcceptParticipation or LeaveInitiative)
        {
            // Taking part is the organisation's own decision: its editors or planners make it.
            var org = command is AcceptParticipation accept ? accept.OrganizationCode : ((LeaveInitiative)command).OrganizationCode;
            return role is Role.Editor or Role.Planner && actor.OrganizationCode == org
                ? null
                : $"only an editor or planner of {org} may {(command is AcceptParticipation ? "accept" : "leave")} for {org}";
        }

        if (role != Role.Editor)
        {
            return $"a {Describe(role)} may not change initiatives; editors of the owning organisation may";
        }

        var owner = command is CreateInitiative create ? create.OwnerCode : state.OwnerCode;
        if (owner == actor.OrganizationCode)
        {
            return null;
        }

        if (command is not CreateInitiative && state.Participants.Contains(actor.OrganizationCode) && IsParticipantPart(command))
        {
            return null;
        }

        return command is CreateInitiative
            ? $"an editor for {actor.OrganizationCode} may only create initiatives owned by {actor.OrganizationCode}, not {owner}"
            : $"{actor.OrganizationCode} may not change {owner}'s initiative {state.Id}";
    }

    private static string? Refusal(Actor actor, ObstacleCommand command)
    {
        var role = Roles.Of(actor);
        return role is Role.Planner or Role.Admin || actor.Role == Actor.System.Role
            ? null
            : $"a {Describe(role)} may not {(command is FlagObstacle ? "flag" : "update")} obstacles; planners may";
    }

    /// <summary>Work of the county's follow-up (recording meetings): planners and admins.</summary>
    public static bool IsPlanner(Actor actor) => Roles.Of(actor) is Role.Planner or Role.Admin || actor.Role == Actor.System.Role;

    public static void RequirePlanner(Actor actor, string what)
    {
        if (!IsPlanner(actor))
        {
            throw Denied(actor, $"only planners and admins may {what}");
        }
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
