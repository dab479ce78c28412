using NaraVard.Domain.Initiatives;
using NaraVard.Domain.Rollups;
using NaraVard.Testing;
using static NaraVard.Domain.Tests.Commands;

namespace NaraVard.Domain.Tests;

/// <summary>An initiative's priority in the action plan: set when it is created, changed by a revision, listed.</summary>
public sealed class PriorityTests
{
    private static InitiativeState Given(params InitiativeCommand[] commands) =>
        commands.Aggregate(InitiativeState.Initial, (s, c) => InitiativeDecider.Decide("i-1", s, c, TestRoadmap.Ostergotland, Now).Aggregate(s, (x, e) => x.Apply(e)));

    [Fact]
    public void Revision_OfThePriority_ChangesItAndSaysSo_AndTheSameAgainChangesNothing()
    {
        var created = Given(Create() with { Priority = Priority.Medium });
        var revise = new RevisePlan { By = Linkoping, Reason = "Omprioriterad", Priority = Priority.High };
        var revised = InitiativeDecider.Decide("i-1", created, revise, TestRoadmap.Ostergotland, Now);
        var after = revised.Aggregate(created, (s, e) => s.Apply(e));

        Assert.Equal(Priority.Medium, created.Priority);
        Assert.Equal((Priority.High, Priority.High), (after.Priority, InitiativeSummary.From(after).Priority));
        Assert.Equal("Reviderade planen: prioritet hög. ”Omprioriterad”", EventText.Swedish(revised[0], EventText.Names.Codes));
        Assert.Equal("plan", Assert.Throws<DomainException>(() => InitiativeDecider.Decide("i-1", after, revise, TestRoadmap.Ostergotland, Now)).Field);
    }

    [Fact]
    public void Create_WithAPriorityOutsideTheScale_IsRefusedNamingTheField()
    {
        var refused = Assert.Throws<DomainException>(() => Given(Create() with { Priority = (Priority)9 }));

        Assert.Equal((ErrorKind.InvalidArgument, "priority"), (refused.Kind, refused.Field));
    }
}
