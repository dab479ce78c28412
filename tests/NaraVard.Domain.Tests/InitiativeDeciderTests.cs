using NaraVard.Domain.Initiatives;
using NaraVard.Domain.Roadmap;
using NaraVard.Testing;
using static NaraVard.Domain.Tests.Commands;

namespace NaraVard.Domain.Tests;

public sealed class InitiativeDeciderTests
{
    private static readonly RoadmapDefinition Roadmap = TestRoadmap.Ostergotland;

    private static InitiativeState Given(params InitiativeCommand[] commands) => Given(InitiativeState.Initial, commands);

    private static InitiativeState Given(InitiativeState state, params InitiativeCommand[] commands)
    {
        foreach (var command in commands)
        {
            state = InitiativeDecider.Decide("i-1", state, command, Roadmap, Now).Aggregate(state, (s, e) => s.Apply(e));
        }

        return state;
    }

    private static DomainException Rejected(InitiativeState state, InitiativeCommand command) =>
        Assert.Throws<DomainException>(() => InitiativeDecider.Decide("i-1", state, command, Roadmap, Now));

    [Fact]
    public void Create_ValidCommand_StartsInPlaneringWithEveryField()
    {
        var state = Given(Create());

        Assert.Equal(1, state.Version);
        Assert.Equal(Phase.Planering, state.Phase);
        Assert.Equal("0580", state.OwnerCode);
        Assert.Equal("K01", state.RoadmapItem);
        Assert.Equal(750_000, state.Budget!.Total);
        Assert.Equal(Now, state.LastReportAt);
    }

    [Fact]
    public void Create_Twice_IsAlreadyExists()
    {
        var error = Rejected(Given(Create()), Create());

        Assert.Equal(ErrorKind.AlreadyExists, error.Kind);
    }

    public static TheoryData<string, Func<CreateInitiative, CreateInitiative>, string> InvalidCreates => new()
    {
        { "title", c => c with { Title = " " }, "is required" },
        { "title", c => c with { Title = new string('x', 201) }, "at most 200 characters" },
        { "owner_code", c => c with { OwnerCode = "0999" }, "unknown organisation code '0999'" },
        { "roadmap_item", c => c with { RoadmapItem = "X99" }, "unknown roadmap item 'X99'" },
        { "goal_areas", c => c with { GoalAreas = ["lycka"] }, "unknown target-picture area 'lycka'" },
        { "scope", c => c with { Scope = InitiativeScope.Regional }, "must be owned by the region" },
        { "scope", c => c with { OwnerCode = "05", Scope = InitiativeScope.Municipal }, "must be owned by a municipality" },
        { "scope", c => c with { Scope = (InitiativeScope)9 }, "regional, municipal or joint" },
        { "participants", c => c with { Participants = ["0581"] }, "only joint initiatives" },
        { "participants", c => c with { Scope = InitiativeScope.Joint, Participants = ["9999"] }, "unknown organisation code '9999'" },
        { "target_date", c => c with { TargetDate = new DateOnly(2025, 1, 1) }, "must not be before start_date" },
        { "budget", c => c with { Budget = new Budget(-1, 0, null) }, "must not be negative" },
        { "description", c => c with { Description = new string('x', 4001) }, "at most 4000 characters" },
        { "effects.level", c => c with { Effects = [new Effect((EffectLevel)7, "x")] }, "individual, organization or society" },
    };

    [Theory]
    [MemberData(nameof(InvalidCreates))]
    public void Create_InvalidField_IsRejectedNamingFieldAndRule(string field, Func<CreateInitiative, CreateInitiative> change, string rule)
    {
        var error = Rejected(InitiativeState.Initial, change(Create() with { By = Admin }));

        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Equal(field, error.Field);
        Assert.Contains(rule, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(101)]
    public void Report_ProgressOutOfRange_IsInvalid(int progress)
    {
        var error = Rejected(Given(Create()), Report(progress));

        Assert.Equal("progress_percent", error.Field);
        Assert.Contains("between 0 and 100", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_CommentTooLong_IsInvalid()
    {
        var error = Rejected(Given(Create()), Report() with { Comment = new string('x', 2001) });

        Assert.Equal("comment", error.Field);
    }

    [Fact]
    public void Report_UnknownInitiative_IsNotFound()
    {
        Assert.Equal(ErrorKind.NotFound, Rejected(InitiativeState.Initial, Report()).Kind);
    }

    [Fact]
    public void Report_Valid_UpdatesProgressStatusAndFreshness()
    {
        var state = Given(Create());
        var later = Now.AddDays(10);

        state = InitiativeDecider.Decide("i-1", state, Report(40), Roadmap, later).Aggregate(state, (s, e) => s.Apply(e));

        Assert.Equal(40, state.ProgressPercent);
        Assert.Equal(InitiativeStatus.AtRisk, state.Status);
        Assert.Equal(later, state.LastReportAt);
    }

    [Fact]
    public void Stale_NoReportForLongerThanThePeriod_IsStale()
    {
        var state = Given(Create());

        Assert.False(state.IsStale(Now.AddDays(45), Roadmap.StaleAfter));
        Assert.True(state.IsStale(Now.AddDays(46), Roadmap.StaleAfter));
    }

    [Fact]
    public void Advance_ThroughTheRoad_OneStepAtATime()
    {
        var state = Given(Create(), new AdvancePhase { By = Linkoping, To = Phase.Strategi }, new AdvancePhase { By = Linkoping, To = Phase.Genomforande });

        Assert.Equal(Phase.Genomforande, state.Phase);
    }

    [Theory]
    [InlineData(Phase.Genomforande)]
    [InlineData(Phase.Planering)]
    [InlineData(Phase.Genomford)]
    public void Advance_SkippingOrBackwards_IsFailedPrecondition(Phase to)
    {
        var error = Rejected(Given(Create()), new AdvancePhase { By = Linkoping, To = to });

        Assert.Equal(ErrorKind.FailedPrecondition, error.Kind);
        Assert.Contains("from planering the next phase is strategi", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Close_DoneBeforeImplementation_IsFailedPrecondition()
    {
        var error = Rejected(Given(Create()), new CloseInitiative { By = Linkoping, Outcome = Phase.Genomford, Reason = "klart" });

        Assert.Equal(ErrorKind.FailedPrecondition, error.Kind);
    }

    [Fact]
    public void Close_Stopped_IsTerminalAndRejectsFurtherChanges()
    {
        var state = Given(Create(), new CloseInitiative { By = Linkoping, Outcome = Phase.Stoppad, Reason = "Finansiering saknas" });

        Assert.Equal(Phase.Stoppad, state.Phase);
        Assert.Equal(ErrorKind.FailedPrecondition, Rejected(state, Report()).Kind);
        Assert.False(state.IsStale(Now.AddYears(1), Roadmap.StaleAfter));
    }

    [Fact]
    public void Close_WithoutReason_IsInvalid()
    {
        Assert.Equal("reason", Rejected(Given(Create()), new CloseInitiative { By = Linkoping, Outcome = Phase.Stoppad, Reason = "" }).Field);
    }

    [Fact]
    public void Close_OutcomeNotTerminal_IsInvalid()
    {
        Assert.Equal("outcome", Rejected(Given(Create()), new CloseInitiative { By = Linkoping, Outcome = Phase.Strategi, Reason = "x" }).Field);
    }

    [Fact]
    public void PauseAndResume_ReturnsToThePhaseItLeft()
    {
        var state = Given(Create(), new AdvancePhase { By = Linkoping, To = Phase.Strategi }, new PauseInitiative { By = Linkoping, Reason = "Omorganisation" });
        Assert.Equal(Phase.Pausad, state.Phase);
        Assert.Equal(ErrorKind.FailedPrecondition, Rejected(state, Report()).Kind);

        state = Given(Create(), new AdvancePhase { By = Linkoping, To = Phase.Strategi }, new PauseInitiative { By = Linkoping, Reason = "Omorganisation" }, new ResumeInitiative { By = Linkoping });

        Assert.Equal(Phase.Strategi, state.Phase);
    }

    [Fact]
    public void Resume_NotPaused_IsFailedPrecondition()
    {
        Assert.Equal(ErrorKind.FailedPrecondition, Rejected(Given(Create()), new ResumeInitiative { By = Linkoping }).Kind);
    }

    [Fact]
    public void Milestones_AddAndComplete_OnceOnly()
    {
        var state = Given(Create(), new AddMilestone { By = Linkoping, Title = "Avtal klart", Due = new DateOnly(2026, 6, 1) }, new CompleteMilestone { By = Linkoping, MilestoneId = "m1" });

        Assert.NotNull(Assert.Single(state.Milestones).CompletedAt);
        Assert.Equal(ErrorKind.FailedPrecondition, Rejected(state, new CompleteMilestone { By = Linkoping, MilestoneId = "m1" }).Kind);
        Assert.Equal(ErrorKind.NotFound, Rejected(state, new CompleteMilestone { By = Linkoping, MilestoneId = "m9" }).Kind);
    }

    [Fact]
    public void SetParticipants_OnMunicipalInitiative_IsFailedPrecondition()
    {
        var error = Rejected(Given(Create()), new SetParticipants { By = Linkoping, Participants = ["0581"] });

        Assert.Equal(ErrorKind.FailedPrecondition, error.Kind);
    }

    [Fact]
    public void SetParticipants_OnJointInitiative_InvitesKnownOthersSortedWithoutOwner_AndCountsNoneOfThem()
    {
        var state = Given(Create() with { Scope = InitiativeScope.Joint, RoadmapItem = "G03" }, new SetParticipants { By = Linkoping, Participants = ["0583", "05", "0580", "05"] });

        Assert.Equal(["05", "0583"], state.Invited.ToArray());
        Assert.Empty(state.Participants);
        Assert.Equal(["0580"], state.Organizations);
    }

    private static readonly Actor Motala = new("Motala", "0583", "editor", "token:motala");

    private static InitiativeState JointWithMotalaInvited() =>
        Given(Create() with { Scope = InitiativeScope.Joint, RoadmapItem = "G03", Participants = ["0583", "0581"] });

    [Fact]
    public void AcceptParticipation_ByTheInvitedOrganisation_MakesItAParticipantThatCounts()
    {
        var state = JointWithMotalaInvited();

        var accepted = state.Apply(InitiativeDecider.Decide("i-1", state, new AcceptParticipation { By = Motala, OrganizationCode = "0583" }, TestRoadmap.Ostergotland, Now).Single());

        Assert.Equal(["0583"], accepted.Participants.ToArray());
        Assert.Equal(["0581"], accepted.Invited.ToArray());
        Assert.Equal(["0580", "0583"], accepted.Organizations);
    }

    [Fact]
    public void AcceptParticipation_WithoutInvitationOrTwice_IsFailedPreconditionNamingTheOrganisation()
    {
        var state = JointWithMotalaInvited();
        var accepted = state.Apply(InitiativeDecider.Decide("i-1", state, new AcceptParticipation { By = Motala, OrganizationCode = "0583" }, TestRoadmap.Ostergotland, Now).Single());
        var kinda = new Actor("Kinda", "0513", "editor", "token:kinda");

        var twice = Rejected(accepted, new AcceptParticipation { By = Motala, OrganizationCode = "0583" });
        var uninvited = Rejected(accepted, new AcceptParticipation { By = kinda, OrganizationCode = "0513" });

        Assert.Equal((ErrorKind.FailedPrecondition, "organization_code"), (twice.Kind, twice.Field));
        Assert.Contains("0583 already takes part", twice.Message, StringComparison.Ordinal);
        Assert.Contains("0513 is not invited", uninvited.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LeaveInitiative_ByParticipantOrInvited_RemovesIt_AndTheOwnerCannotLeave()
    {
        var state = JointWithMotalaInvited();
        var accepted = state.Apply(InitiativeDecider.Decide("i-1", state, new AcceptParticipation { By = Motala, OrganizationCode = "0583" }, TestRoadmap.Ostergotland, Now).Single());
        var norrkoping = new Actor("Norrköping", "0581", "planner", "token:nkpg");

        var left = (ParticipantLeft)InitiativeDecider.Decide("i-1", accepted, new LeaveInitiative { By = Motala, OrganizationCode = "0583" }, TestRoadmap.Ostergotland, Now).Single();
        var declined = (ParticipantLeft)InitiativeDecider.Decide("i-1", accepted, new LeaveInitiative { By = norrkoping, OrganizationCode = "0581" }, TestRoadmap.Ostergotland, Now).Single();
        var owner = Rejected(accepted, new LeaveInitiative { By = Linkoping, OrganizationCode = "0580" });

        Assert.False(left.Declined);
        Assert.True(declined.Declined);
        Assert.Equal(["0580"], accepted.Apply(left).Apply(declined).Organizations);
        Assert.Empty(accepted.Apply(left).Apply(declined).Invited);
        Assert.Equal((ErrorKind.FailedPrecondition, "organization_code"), (owner.Kind, owner.Field));
    }

    [Fact]
    public void SetParticipants_KeepsThoseWhoAccepted_AndInvitesTheNewOnes()
    {
        var state = JointWithMotalaInvited();
        var accepted = state.Apply(InitiativeDecider.Decide("i-1", state, new AcceptParticipation { By = Motala, OrganizationCode = "0583" }, TestRoadmap.Ostergotland, Now).Single());

        var set = Given(accepted, new SetParticipants { By = Linkoping, Participants = ["0583", "0586"] });

        Assert.Equal(["0583"], set.Participants.ToArray());
        Assert.Equal(["0586"], set.Invited.ToArray());
    }

    [Fact]
    public void ParticipantsOnEventsRecordedBeforeInvitations_StillCount()
    {
        var created = new InitiativeCreated { InitiativeId = "i-1", By = Linkoping, At = Now, Title = "Äldre", OwnerCode = "0580", Scope = InitiativeScope.Joint, RoadmapItem = "G03", Participants = ["0583"] };

        var state = InitiativeState.Fold([created, new ParticipantsSet { InitiativeId = "i-1", By = Linkoping, At = Now, Participants = ["0581", "0583"] }]);

        Assert.Equal(["0580", "0581", "0583"], state.Organizations);
    }
}
