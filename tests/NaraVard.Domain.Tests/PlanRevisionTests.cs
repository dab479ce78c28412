using NaraVard.Domain.FollowUp;
using NaraVard.Domain.Initiatives;
using NaraVard.Domain.Roadmap;
using NaraVard.Testing;
using static NaraVard.Domain.Tests.Commands;

namespace NaraVard.Domain.Tests;

/// <summary>The yearly revision: the plan changes from now on, and what it said before stays true of before.</summary>
public sealed class PlanRevisionTests
{
    private static readonly RoadmapDefinition Roadmap = TestRoadmap.Ostergotland;

    private static IReadOnlyList<InitiativeEvent> Decide(InitiativeState state, InitiativeCommand command, DateTimeOffset at) =>
        InitiativeDecider.Decide("i-1", state, command, Roadmap, at);

    private static RevisePlan Revision(DateOnly? target = null, Budget? budget = null) =>
        new() { By = Linkoping, Reason = "Årlig revidering 2027", TargetDate = target, Budget = budget };

    [Fact]
    public void RevisePlan_NewTargetAndBudget_AreInForceAndOnlyTheChangesAreRecorded()
    {
        var created = Decide(InitiativeState.Initial, Create(), Now);
        var state = InitiativeState.Fold(created);

        var revised = Assert.IsType<PlanRevised>(Assert.Single(Decide(state, Revision(new DateOnly(2029, 6, 30), state.Budget! with { OwnCost = 900_000 }) with { Responsible = state.Responsible }, Now.AddDays(300))));
        var after = state.Apply(revised);

        Assert.Equal((new DateOnly(2029, 6, 30), 900_000m + state.Budget!.CoFinancing), (after.TargetDate!.Value, after.Budget!.Total));
        Assert.Null(revised.Responsible); // unchanged values are not recorded as changes
        Assert.Equal("Årlig revidering 2027", revised.Reason);
    }

    [Fact]
    public void AsOf_BeforeTheRevision_ShowsThePlanThatWasInForce()
    {
        var created = Decide(InitiativeState.Initial, Create(), Now);
        var oldTarget = InitiativeState.Fold(created).TargetDate;
        var revised = Decide(InitiativeState.Fold(created), Revision(new DateOnly(2030, 12, 31)), Now.AddDays(300));
        var log = created.Concat(revised).Select((e, i) => ((long)i + 1, (object)e)).ToList();

        Assert.Equal(oldTarget, AsOf.Fold(log, Now.AddDays(299)).Initiative("i-1")!.TargetDate);
        Assert.Equal(new DateOnly(2030, 12, 31), AsOf.Fold(log, Now.AddDays(301)).Initiative("i-1")!.TargetDate);
    }

    [Fact]
    public void RevisePlan_ThatChangesNothingOrBreaksARule_IsRefusedNamingTheField()
    {
        var state = InitiativeState.Fold(Decide(InitiativeState.Initial, Create(), Now));

        Assert.Equal("plan", Assert.Throws<DomainException>(() => Decide(state, Revision(state.TargetDate), Now)).Field);
        Assert.Equal("target_date", Assert.Throws<DomainException>(() => Decide(state, Revision(state.StartDate!.Value.AddDays(-1)), Now)).Field);
        Assert.Equal("reason", Assert.Throws<DomainException>(() => Decide(state, Revision(new DateOnly(2031, 1, 1)) with { Reason = " " }, Now)).Field);
        Assert.Equal("goal_areas", Assert.Throws<DomainException>(() => Decide(state, Revision() with { GoalAreas = ["ingen-sadan"] }, Now)).Field);
        var motala = new Actor("Motala", "0583", "editor");
        Assert.Equal(ErrorKind.PermissionDenied, Assert.Throws<DomainException>(() => Decide(state, Revision(new DateOnly(2031, 1, 1)) with { By = motala }, Now)).Kind);
    }
}
