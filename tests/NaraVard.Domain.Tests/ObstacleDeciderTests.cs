using NaraVard.Domain.Obstacles;
using NaraVard.Testing;
using static NaraVard.Domain.Tests.Commands;

namespace NaraVard.Domain.Tests;

public sealed class ObstacleDeciderTests
{
    private static ObstacleState Given(params ObstacleCommand[] commands) =>
        commands.Aggregate(ObstacleState.Initial, (state, c) => ObstacleDecider.Decide("o-1", state, c, TestRoadmap.Ostergotland, id => id == "i-known", Now).Aggregate(state, (s, e) => s.Apply(e)));

    private static DomainException Rejected(ObstacleState state, ObstacleCommand command) =>
        Assert.Throws<DomainException>(() => ObstacleDecider.Decide("o-1", state, command, TestRoadmap.Ostergotland, id => id == "i-known", Now));

    private static ChangeObstacleStatus To(ObstacleStatus status) => new() { By = Planner, To = status, Note = "notering" };

    [Fact]
    public void Flag_Valid_IsOpenAtOrganisationLevel()
    {
        var state = Given(Flag() with { BlockedInitiatives = ["i-known"] });

        Assert.Equal(ObstacleStatus.Open, state.Status);
        Assert.Equal(EscalationLevel.Organization, state.Escalation);
        Assert.Equal(Planner, state.RaisedBy);
        Assert.Equal(TimeSpan.FromDays(3), state.OpenFor(Now.AddDays(3)));
    }

    public static TheoryData<string, Func<FlagObstacle, FlagObstacle>, string> InvalidFlags => new()
    {
        { "category", f => f with { Category = "väder" }, "unknown obstacle category 'väder'" },
        { "other_category", f => f with { Category = "other" }, "is required" },
        { "severity", f => f with { Severity = (Severity)0 }, "low, medium, high or critical" },
        { "title", f => f with { Title = "" }, "is required" },
        { "blocked_organizations", f => f with { BlockedOrganizations = ["1234"] }, "unknown organisation code '1234'" },
        { "blocked_initiatives", f => f with { BlockedInitiatives = ["i-missing"] }, "unknown initiative 'i-missing'" },
    };

    [Theory]
    [MemberData(nameof(InvalidFlags))]
    public void Flag_InvalidField_IsRejectedNamingFieldAndRule(string field, Func<FlagObstacle, FlagObstacle> change, string rule)
    {
        var error = Rejected(ObstacleState.Initial, change(Flag()));

        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Equal(field, error.Field);
        Assert.Contains(rule, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Lifecycle_OpenAcknowledgedMitigatingResolved_IsAllowed()
    {
        var state = Given(Flag(), To(ObstacleStatus.Acknowledged), To(ObstacleStatus.Mitigating), To(ObstacleStatus.Resolved));

        Assert.Equal(ObstacleStatus.Resolved, state.Status);
        Assert.Equal(Now, state.ResolvedAt);
    }

    [Theory]
    [InlineData(ObstacleStatus.Mitigating)]
    [InlineData(ObstacleStatus.Accepted)]
    [InlineData(ObstacleStatus.Open)]
    public void Lifecycle_SkippingAcknowledge_IsFailedPrecondition(ObstacleStatus to)
    {
        var error = Rejected(Given(Flag()), To(to));

        Assert.Equal(ErrorKind.FailedPrecondition, error.Kind);
        Assert.Contains("it can move to acknowledged, resolved", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Escalate_GoesToLgvoThenSvoThenStops()
    {
        var state = Given(Flag(), new EscalateObstacle { By = Planner }, new EscalateObstacle { By = Planner });

        Assert.Equal(EscalationLevel.Svo, state.Escalation);
        Assert.Equal(ErrorKind.FailedPrecondition, Rejected(state, new EscalateObstacle { By = Planner }).Kind);
    }

    [Fact]
    public void Escalate_Resolved_IsFailedPrecondition()
    {
        var state = Given(Flag(), To(ObstacleStatus.Resolved));

        Assert.Equal(ErrorKind.FailedPrecondition, Rejected(state, new EscalateObstacle { By = Planner }).Kind);
    }

    [Fact]
    public void Change_UnknownObstacle_IsNotFound()
    {
        Assert.Equal(ErrorKind.NotFound, Rejected(ObstacleState.Initial, To(ObstacleStatus.Acknowledged)).Kind);
    }
}
