using NaraVard.Domain.Access;
using NaraVard.Domain.Initiatives;
using NaraVard.Domain.Obstacles;
using NaraVard.Testing;
using static NaraVard.Domain.Tests.Commands;

namespace NaraVard.Domain.Tests;

/// <summary>Every change command × every role × own, participating and other organisation, from one table.</summary>
public sealed class PermissionTests
{
    // A joint initiative owned by Linköping (0580) with Motala (0583) invited, then taking part; Norrköping (0581) is outside.
    private static readonly InitiativeState Invited = InitiativeDecider.Decide("i-1", InitiativeState.Initial, Create() with { By = Admin, Scope = InitiativeScope.Joint, RoadmapItem = "G03", Participants = ["0583"] }, TestRoadmap.Ostergotland, Now)
        .Aggregate(InitiativeState.Initial, (s, e) => s.Apply(e));

    private static readonly InitiativeState Joint = InitiativeDecider.Decide("i-1", Invited, new AcceptParticipation { By = new("Motala", "0583", "editor"), OrganizationCode = "0583" }, TestRoadmap.Ostergotland, Now)
        .Aggregate(Invited, (s, e) => s.Apply(e));

    private static readonly Dictionary<string, Func<Actor, InitiativeCommand>> InitiativeCommands = new()
    {
        ["create"] = by => Create() with { By = by },
        ["report"] = by => Report() with { By = by },
        ["advance"] = by => new AdvancePhase { By = by, To = Phase.Strategi },
        ["pause"] = by => new PauseInitiative { By = by, Reason = "x" },
        ["milestone"] = by => new AddMilestone { By = by, Title = "x" },
        ["participants"] = by => new SetParticipants { By = by, Participants = ["0583", "0586"] },
        ["close"] = by => new CloseInitiative { By = by, Outcome = Phase.Stoppad, Reason = "x" },
        ["accept"] = by => new AcceptParticipation { By = by, OrganizationCode = "0583" },
        ["leave"] = by => new LeaveInitiative { By = by, OrganizationCode = "0583" },
    };

    // Expected: which (role, organisation) may send each command. "own" = 0580 (owner), "part" = 0583 (participant), "other" = 0581.
    private static readonly Dictionary<string, string[]> Allowed = new()
    {
        ["create"] = ["editor/own", "admin/own", "admin/part", "admin/other"],
        ["report"] = ["editor/own", "editor/part", "admin/own", "admin/part", "admin/other"],
        ["advance"] = ["editor/own", "admin/own", "admin/part", "admin/other"],
        ["pause"] = ["editor/own", "admin/own", "admin/part", "admin/other"],
        ["milestone"] = ["editor/own", "editor/part", "admin/own", "admin/part", "admin/other"],
        ["participants"] = ["editor/own", "admin/own", "admin/part", "admin/other"],
        ["close"] = ["editor/own", "admin/own", "admin/part", "admin/other"],

        // Whether Motala takes part is Motala's decision: not the owner's, not an outsider's.
        ["accept"] = ["editor/part", "planner/part", "admin/own", "admin/part", "admin/other"],
        ["leave"] = ["editor/part", "planner/part", "admin/own", "admin/part", "admin/other"],
    };

    private static readonly Dictionary<string, string> Organizations = new() { ["own"] = "0580", ["part"] = "0583", ["other"] = "0581" };

    public static TheoryData<string, string, string> Matrix()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var command in InitiativeCommands.Keys)
        {
            foreach (var role in Enum.GetValues<Role>())
            {
                foreach (var org in Organizations.Keys)
                {
                    data.Add(command, role.Code(), org);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public void InitiativeCommand_ByRoleAndOrganisation_IsAllowedExactlyAsTheTableSays(string command, string role, string org)
    {
        var actor = new Actor($"{role}@{org}", Organizations[org], role);
        var state = command switch { "create" => InitiativeState.Initial, "accept" => Invited, _ => Joint };
        var allowed = Allowed[command].Contains($"{role}/{org}");

        var outcome = Record.Exception(() => InitiativeDecider.Decide("i-1", state, InitiativeCommands[command](actor), TestRoadmap.Ostergotland, Now));

        if (allowed)
        {
            Assert.Null(outcome);
        }
        else
        {
            var denied = Assert.IsType<DomainException>(outcome);
            Assert.Equal(ErrorKind.PermissionDenied, denied.Kind);
            Assert.Contains(actor.Name, denied.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("viewer", false)]
    [InlineData("editor", false)]
    [InlineData("planner", true)]
    [InlineData("admin", true)]
    public void ObstacleCommands_OnlyPlannersAndAdmins(string role, bool allowed)
    {
        var actor = new Actor("someone", "0581", role);
        var flagged = ObstacleDecider.Decide("o-1", ObstacleState.Initial, Flag(), TestRoadmap.Ostergotland, _ => true, Now).Aggregate(ObstacleState.Initial, (s, e) => s.Apply(e));
        ObstacleCommand[] commands = [Flag() with { By = actor }, new ChangeObstacleStatus { By = actor, To = ObstacleStatus.Acknowledged }, new EscalateObstacle { By = actor }];

        foreach (var command in commands)
        {
            var state = command is FlagObstacle ? ObstacleState.Initial : flagged;
            var outcome = Record.Exception(() => ObstacleDecider.Decide("o-1", state, command, TestRoadmap.Ostergotland, _ => true, Now));
            Assert.Equal(allowed, outcome is null);
            if (!allowed)
            {
                Assert.Equal(ErrorKind.PermissionDenied, Assert.IsType<DomainException>(outcome).Kind);
            }
        }
    }

    [Fact]
    public void Denial_NamesWhoAndWhy()
    {
        var motala = new Actor("Motala vård och omsorg", "0583", "editor");

        var error = Assert.Throws<DomainException>(() => InitiativeDecider.Decide("i-1", Joint, new CloseInitiative { By = motala, Outcome = Phase.Stoppad, Reason = "x" }, TestRoadmap.Ostergotland, Now));

        Assert.Equal("Motala vård och omsorg (0583, editor): 0583 may not change 0580's initiative i-1", error.Message);
    }
}
