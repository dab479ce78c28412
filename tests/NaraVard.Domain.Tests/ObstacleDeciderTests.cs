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

    private static PlanObstacleNextStep Plan(DateOnly? due) => new() { By = Planner, Owner = "LGVO:s ordförande", NextStep = "Förslag om gemensam ägare", Due = due };

    [Fact]
    public void PlanNextStep_Open_KeepsOwnerStepAndDateUntilTheNextPlan()
    {
        var today = FollowUp.SwedishTime.Today(Now);
        var state = Given(Flag(), Plan(today.AddDays(14)));

        Assert.Equal(("LGVO:s ordförande", "Förslag om gemensam ägare", today.AddDays(14)), (state.Owner, state.NextStep, state.NextStepDue));

        var replanned = Given(Flag(), Plan(today.AddDays(14)), Plan(null) with { Owner = "SVO" });
        Assert.Equal(("SVO", (DateOnly?)null), (replanned.Owner, replanned.NextStepDue));
    }

    [Fact]
    public void PlanNextStep_DueBeforeToday_IsRejectedNamingDue()
    {
        var error = Rejected(Given(Flag()), Plan(FollowUp.SwedishTime.Today(Now).AddDays(-1)));

        Assert.Equal((ErrorKind.InvalidArgument, "due"), (error.Kind, error.Field));
    }

    [Theory]
    [InlineData("owner")]
    [InlineData("next_step")]
    public void PlanNextStep_WithoutOwnerOrStep_IsRejectedNamingTheField(string field)
    {
        var plan = field == "owner" ? Plan(null) with { Owner = " " } : Plan(null) with { NextStep = "" };

        var error = Rejected(Given(Flag()), plan);

        Assert.Equal((ErrorKind.InvalidArgument, field), (error.Kind, error.Field));
    }

    [Fact]
    public void PlanNextStep_Resolved_IsFailedPrecondition()
    {
        Assert.Equal(ErrorKind.FailedPrecondition, Rejected(Given(Flag(), To(ObstacleStatus.Resolved)), Plan(null)).Kind);
    }
}
