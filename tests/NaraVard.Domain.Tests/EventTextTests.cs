using NaraVard.Domain.Initiatives;
using NaraVard.Domain.Obstacles;
using NaraVard.Testing;
using static NaraVard.Domain.Tests.Commands;

namespace NaraVard.Domain.Tests;

/// <summary>
/// Every event type has a line in Swedish and in English (history, watch, the dashboard, exports): walked over the
/// events real commands produce, so a type added later without words fails here, not in front of a meeting.
/// </summary>
public sealed class EventTextTests
{
    private static readonly Actor Region = new("Region", "05", "editor");

    [Fact]
    public void EveryEventType_ProducedByCommands_HasASwedishAndAnEnglishLine()
    {
        var produced = InitiativeEvents().Cast<object>().Concat(ObstacleEvents()).ToList();

        var types = typeof(InitiativeEvent).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && (t.IsSubclassOf(typeof(InitiativeEvent)) || t.IsSubclassOf(typeof(ObstacleEvent))))
            .Select(t => t.Name).Order().ToList();
        Assert.Equal(types, produced.Select(e => e.GetType().Name).Distinct().Order().ToList());

        var names = new EventText.Names(code => code == "0580" ? "Linköping" : code, code => code);
        foreach (var e in produced)
        {
            var (swedish, english) = e is InitiativeEvent i ? (EventText.Swedish(i, names), EventText.English(i)) : (EventText.Swedish((ObstacleEvent)e), EventText.English((ObstacleEvent)e));
            Assert.False(string.IsNullOrWhiteSpace(swedish) || string.IsNullOrWhiteSpace(english), e.GetType().Name);
            Assert.DoesNotContain(e.GetType().Name, swedish, StringComparison.Ordinal);
            Assert.DoesNotContain(e.GetType().Name, english, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Swedish_MeasurementAndParticipant_SaysWhatAndWhoByName()
    {
        var events = InitiativeEvents();
        var names = new EventText.Names(code => code == "0581" ? "Norrköping" : code, code => code);

        Assert.Equal("Mätte k1: 17,5 den 2026-03-01. ”Mars”", EventText.Swedish(events.OfType<IndicatorMeasured>().Single(), names));
        Assert.Equal("Norrköping tackade ja till att delta.", EventText.Swedish(events.OfType<ParticipationAccepted>().Single(), names));
    }

    private static List<InitiativeEvent> InitiativeEvents()
    {
        var events = new List<InitiativeEvent>();
        var state = InitiativeState.Initial;
        void Do(InitiativeCommand command)
        {
            foreach (var e in InitiativeDecider.Decide("i-1", state, command, TestRoadmap.Ostergotland, Now))
            {
                events.Add(e);
                state = state.Apply(e);
            }
        }

        Do(Create() with { By = Region, OwnerCode = "05", Scope = InitiativeScope.Joint, RoadmapItem = "G01", Participants = ["0580"] });
        Do(new SetParticipants { By = Region, Participants = ["0580", "0581"] });
        Do(new AcceptParticipation { By = new("Norrköping", "0581", "editor"), OrganizationCode = "0581" });
        Do(new LeaveInitiative { By = Linkoping, OrganizationCode = "0580" });
        Do(new ReportProgress { By = Region, ProgressPercent = 30, Status = InitiativeStatus.OnTrack, Comment = "Bra start" });
        Do(new AddMilestone { By = Region, Title = "Rutin klar", Due = new DateOnly(2026, 6, 1) });
        Do(new CompleteMilestone { By = Region, MilestoneId = state.Milestones[0].Id });
        Do(new AddIndicator { By = Region, Name = "Väntetid", Unit = "dagar", Level = EffectLevel.Individual, Baseline = 20, Target = 10, TargetDate = new DateOnly(2027, 1, 1) });
        Do(new RecordIndicatorValue { By = Region, IndicatorId = "k1", Value = 17.5m, Comment = "Mars" });
        Do(new RevisePlan { By = Region, Reason = "Årlig revidering", TargetDate = new DateOnly(2028, 1, 1) });
        Do(new AdvancePhase { By = Region, To = Phase.Strategi });
        Do(new PauseInitiative { By = Region, Reason = "Omorganisation" });
        Do(new ResumeInitiative { By = Region });
        Do(new AdvancePhase { By = Region, To = Phase.Genomforande });
        Do(new CloseInitiative { By = Region, Outcome = Phase.Genomford, Reason = "Klart" });
        return events;
    }

    private static List<ObstacleEvent> ObstacleEvents()
    {
        var events = new List<ObstacleEvent>();
        var state = ObstacleState.Initial;
        void Do(ObstacleCommand command)
        {
            foreach (var e in ObstacleDecider.Decide("o-1", state, command, TestRoadmap.Ostergotland, _ => true, Now))
            {
                events.Add(e);
                state = state.Apply(e);
            }
        }

        Do(Flag());
        Do(new EscalateObstacle { By = Planner, Note = "Till LGVO" });
        Do(new PlanObstacleNextStep { By = Planner, Owner = "LGVO:s ordförande", NextStep = "Förslag om ägare", Due = FollowUp.SwedishTime.Today(Now).AddDays(7) });
        Do(new ChangeObstacleStatus { By = Planner, To = ObstacleStatus.Acknowledged, Note = "Tas upp" });
        return events;
    }
}
