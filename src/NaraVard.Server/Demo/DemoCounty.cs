using NaraVard.Domain;
using NaraVard.Domain.FollowUp;
using NaraVard.Domain.Initiatives;
using NaraVard.Domain.Obstacles;
using NaraVard.Domain.Roadmap;
using NaraVard.Grains.Initiatives;
using NaraVard.Grains.Obstacles;
using NaraVard.Grains.Roadmaps;
using NaraVard.Server.FollowUp;

namespace NaraVard.Server.Demo;

/// <summary>
/// Writes a believable Östergötland on a demo's first start: initiatives from the Målbild's regional, municipal and
/// joint examples across the three phases, four months of reports with comments, obstacles of the Målbild's kinds
/// (one escalated to SVO), two SVO meetings and one LGVO meeting, measurement points with values and a yearly
/// revision. Everything goes through the same grains, commands and rules as a user's changes, dated in the past
/// by <see cref="DemoClock"/>, so the road, the matrix, reads as of a past day and "since the last meeting" all
/// have something to show. A county that has initiatives already is left as it is.
/// </summary>
internal sealed partial class DemoCounty(IGrainFactory grains, RoadmapDefinition roadmap, MeetingBook meetings, DemoClock clock, ILogger<DemoCounty> logger) : IHostedLifecycleService
{
    private static readonly Actor Planner = new("Verksamhetsutvecklare Region Östergötland", "05", "planner", "demo:planner");
    private DateTimeOffset _start;

    /// <summary>Runs after the roadmap is loaded (<see cref="RoadmapStartup"/> is registered before it).</summary>
    public async Task StartedAsync(CancellationToken cancellationToken)
    {
        if ((await grains.GetGrain<IRoadmapGrain>(roadmap.Id).GetOverviewAsync()).County.Total > 0)
        {
            return;
        }

        _start = new DateTimeOffset(DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime.AddDays(-120)).ToDateTime(new TimeOnly(8, 0)), TimeSpan.Zero);
        try
        {
            await WriteAsync();
        }
        finally
        {
            clock.Release();
        }

        LogWritten(_start);
    }

    private async Task WriteAsync()
    {
        // Day 0–10: the plans are made.
        var rontgen = await CreateAsync(0, "05", "R01", "Mobil röntgen till särskilda boenden", "behovsstyrd");
        var etjanster = await CreateAsync(1, "05", "R02", "Uppföljning via 1177 för kroniskt sjuka", "framtidens-primarvard");
        // Three are never reported on after their creation: they show as stale, as some always do.
        await CreateAsync(2, "05", "R06", "Tidiga insatser vid psykisk ohälsa hos unga", "halsoframjande");
        var primarvard = await CreateAsync(2, "0580", "K01", "Kommunal primärvård i hemsjukvården", "framtidens-primarvard");
        var kameror = await CreateAsync(3, "0581", "K02", "Trygghetskameror i hemtjänsten", "delaktighet");
        var kompetens = await CreateAsync(3, "0583", "K08", "Kompetenslyft för undersköterskor", "teambaserad");
        await CreateAsync(4, "0584", "K06", "Mötesplatser mot ensamhet", "halsoframjande");
        var vardagsrehab = await CreateAsync(4, "0562", "K03", "Vardagsrehabilitering i hemmet", "delaktighet");
        var bredband = await CreateAsync(5, "0513", "K05", "Bredband för digital tillsyn i glesbygd", "framtidens-primarvard");
        await CreateAsync(5, "0509", "K09", "Brukarråd i äldreomsorgen", "delaktighet");
        var register = await CreateAsync(6, "0561", "K07", "Senior alert i all hemtjänst", "halsoframjande");
        var hemgang = await CreateAsync(7, "05", "G01", "Trygg hemgång från sjukhus", "en-vardgivare", "0580", "0581", "0583");
        var samsa = await CreateAsync(8, "05", "G03", "Gemensam informationsöverföring i SAMSA", "gemensam-styrning", "0580", "0581", "0582", "0562");
        var narvard = await CreateAsync(9, "05", "G04", "Närvårdsplatser i västra länet", "teambaserad", "0583", "0584", "0586");
        var mobila = await CreateAsync(10, "05", "G09", "Mobila team i glesbygd", "en-vardgivare", "0512", "0513", "0509");

        await AcceptAsync(11, hemgang, "0580", "0581", "0583");
        await AcceptAsync(12, samsa, "0580", "0581", "0562");
        await Initiative(12, samsa, new LeaveInitiative { By = Editor("0582"), OrganizationCode = "0582" });
        await AcceptAsync(13, narvard, "0583", "0584");
        await AcceptAsync(14, mobila, "0512", "0513");

        // Day 15–60: strategies, the first steps into implementation, reports with comments.
        foreach (var (day, id) in new[] { (15, rontgen), (16, primarvard), (18, vardagsrehab), (20, hemgang), (21, samsa), (22, kameror), (24, kompetens), (26, register), (30, etjanster), (35, mobila) })
        {
            await Initiative(day, id, new AdvancePhase { By = Owner(id), To = Phase.Strategi, Comment = "Strategin är förankrad i ledningsgruppen" });
        }

        await Initiative(28, rontgen, new AddIndicator { By = Owner(rontgen), Name = "Andel röntgen utförda i hemmet", Unit = "%", Level = EffectLevel.Individual, Baseline = 5, BaselineDate = Day(28), Target = 30, TargetDate = Day(28).AddYears(2) });
        await Initiative(29, primarvard, new AddIndicator { By = Owner(primarvard), Name = "Väntetid till första hembesök", Unit = "dagar", Level = EffectLevel.Individual, Baseline = 14, BaselineDate = Day(29), Target = 7, TargetDate = Day(29).AddYears(1) });
        await Initiative(30, hemgang, new AddIndicator { By = Owner(hemgang), Name = "Återinskrivning inom 30 dagar", Unit = "%", Level = EffectLevel.Organization, Baseline = 18, BaselineDate = Day(30), Target = 12, TargetDate = Day(30).AddYears(2) });
        foreach (var (day, id) in new[] { (40, rontgen), (42, primarvard), (45, vardagsrehab), (50, register), (55, hemgang) })
        {
            await Initiative(day, id, new AdvancePhase { By = Owner(id), To = Phase.Genomforande, Comment = "Införandet har börjat i de första enheterna" });
        }

        await ReportAsync(33, kompetens, 15, InitiativeStatus.AtRisk, "Svårt att frigöra tid för utbildning");
        await ReportAsync(38, kameror, 25, InitiativeStatus.OnTrack, "Upphandlingen av kameror klar");
        await ReportAsync(41, bredband, 10, InitiativeStatus.AtRisk, "Väntar på kommunens upphandling");
        await Initiative(44, bredband, new PauseInitiative { By = Owner(bredband), Reason = "Pausad i väntan på ny upphandling" });

        // Obstacles of the Målbild's kinds, flagged by the region's planner.
        var styrning = await FlagAsync(36, "styrning", Severity.High, "Oklart vem som beslutar om gemensamma journalrutiner", [samsa], []);
        var tillit = await FlagAsync(37, "tillit", Severity.Medium, "Oenighet om betalningsansvar vid utskrivning", [hemgang], []);
        var rekrytering = await FlagAsync(43, "rekrytering", Severity.High, "Brist på sjuksköterskor i hemsjukvården", [kompetens], ["0584"]);
        await FlagAsync(47, "lagstiftning", Severity.Medium, "Sekretessen hindrar delad vårdplan", [etjanster], []);
        var kulturer = await FlagAsync(52, "kulturer", Severity.Low, "Olika arbetssätt i kommunernas hemtjänst", [narvard], []);
        var upphandling = await FlagAsync(44, "upphandling", Severity.Medium, "Upphandlingen av bredband överklagad", [bredband], []);

        await MeetingAsync(45, Body.Svo, "Lägesbild för Nära vård; journalfrågan lyfts till nästa möte.");
        await Obstacle(46, tillit, new ChangeObstacleStatus { By = Planner, To = ObstacleStatus.Acknowledged, Note = "Ekonomicheferna tar fram ett förslag" });
        await Obstacle(48, styrning, new EscalateObstacle { By = Planner, Note = "LGVO behöver utse en gemensam ägare" });
        await MeetingAsync(60, Body.Lgvo, "Styrningsfrågan för SAMSA kunde inte lösas; eskaleras till SVO.");
        await Obstacle(61, styrning, new EscalateObstacle { By = Planner, Note = "SVO ombeds besluta om ägarskap för journalrutinerna" });
        await Obstacle(62, kulturer, new ChangeObstacleStatus { By = Planner, To = ObstacleStatus.Acknowledged });
        await Obstacle(66, kulturer, new ChangeObstacleStatus { By = Planner, To = ObstacleStatus.Mitigating, Note = "Gemensam introduktion för personalen" });
        await Obstacle(70, rekrytering, new ChangeObstacleStatus { By = Planner, To = ObstacleStatus.Acknowledged, Note = "Gemensam rekryteringskampanj planeras" });

        // Who carries each one forward: one step due after today, one already late, one without a date.
        await Obstacle(62, styrning, new PlanObstacleNextStep { By = Planner, Owner = "SVO:s ordförande", NextStep = "Beslutsförslag om ägarskap för de gemensamma journalrutinerna", Due = Day(140) });
        await Obstacle(71, rekrytering, new PlanObstacleNextStep { By = Planner, Owner = "HR-direktörerna i länet", NextStep = "Plan för gemensam rekryteringskampanj", Due = Day(105) });
        await Obstacle(72, tillit, new PlanObstacleNextStep { By = Planner, Owner = "Ekonomicheferna", NextStep = "Förslag om betalningsansvar vid utskrivning", Due = Day(130) });
        await Obstacle(73, kulturer, new PlanObstacleNextStep { By = Planner, Owner = "Kommunernas hemtjänstchefer", NextStep = "Gemensam introduktion för personalen" });

        // Day 60–118: steady reports, measurements, a revision, a close and an escalated obstacle still open.
        for (var month = 0; month < 3; month++)
        {
            var day = 63 + (month * 25);
            await ReportAsync(day, rontgen, 35 + (month * 15), InitiativeStatus.OnTrack, "Fler boenden anslutna");
            await ReportAsync(day + 1, primarvard, 40 + (month * 12), month == 1 ? InitiativeStatus.AtRisk : InitiativeStatus.OnTrack, month == 1 ? "Sjukskrivningar i teamet" : "Två nya sjuksköterskor på plats");
            await ReportAsync(day + 2, hemgang, 30 + (month * 10), InitiativeStatus.AtRisk, "Betalningsansvaret är fortfarande oklart");
            await ReportAsync(day + 3, vardagsrehab, 50 + (month * 15), InitiativeStatus.OnTrack, "Arbetsterapeuter i alla hemtjänstgrupper");
            await ReportAsync(day + 4, samsa, 20 + (month * 5), InitiativeStatus.OffTrack, "Står still i väntan på beslut om journalrutiner");
            await Measure(day + 5, rontgen, "k1", 8 + (month * 4));
            await Measure(day + 5, primarvard, "k1", 13 - month);
            await Measure(day + 6, hemgang, "k1", 17.5m - (month * 0.5m));
        }

        await EffectsAsync(65, vardagsrehab, rontgen);
        await ReportAsync(70, mobila, 30, InitiativeStatus.OnTrack, "Första teamet kör i Ydre");
        await ReportAsync(75, kameror, 45, InitiativeStatus.OnTrack, "Nattillsyn med kamera i två områden");
        await Obstacle(80, upphandling, new ChangeObstacleStatus { By = Planner, To = ObstacleStatus.Resolved, Note = "Överklagandet avslogs" });
        await Initiative(82, bredband, new ResumeInitiative { By = Owner(bredband) });
        await ReportAsync(83, bredband, 20, InitiativeStatus.OnTrack, "Upphandlingen klar, utbyggnaden börjar");
        await MeetingAsync(90, Body.Svo, "Beslut: regionen äger journalrutinerna i SAMSA under 2027.");
        await Initiative(92, hemgang, new RevisePlan { By = Owner(hemgang), Reason = "Årlig revidering: införandet i Motala tar längre tid", TargetDate = Day(92).AddYears(1), Responsible = "Samordnare Trygg hemgång" });
        await Initiative(95, register, new CloseInitiative { By = Owner(register), Outcome = Phase.Genomford, Reason = "Senior alert används i all hemtjänst" });
        await ReportAsync(100, kompetens, 30, InitiativeStatus.OffTrack, "Rekryteringen står still");
        await ReportAsync(110, etjanster, 25, InitiativeStatus.AtRisk, "Sekretessfrågan utreds");
        await ReportAsync(118, rontgen, 85, InitiativeStatus.OnTrack, "Alla särskilda boenden i Linköping anslutna");
    }

    private DateOnly Day(int day) => DateOnly.FromDateTime(_start.AddDays(day).UtcDateTime);

    // Within a day, changes come a few minutes apart through office hours, as people would make them.
    private void At(int day) => clock.Pin(_start.AddDays(day).AddMinutes((++_step * 7) % (8 * 60)));

    private int _step;

    private Actor Editor(string org) => new($"Utvecklingsledare {roadmap.OrganizationsByCode[org].Name}", org, "editor", $"demo:{org}");

    private readonly Dictionary<string, string> _owners = new(StringComparer.Ordinal);

    private Actor Owner(string id) => Editor(_owners[id]);

    private async Task<string> CreateAsync(int day, string owner, string item, string title, string area, params string[] invited)
    {
        At(day);
        var id = Grains.Ids.ForCreate("i", Editor(owner), $"demo-{item}-{owner}");
        _owners[id] = owner;
        await grains.GetGrain<IInitiativeGrain>(id).ExecuteAsync(new CreateInitiative
        {
            By = Editor(owner),
            Title = title,
            OwnerCode = owner,
            Scope = item[0] switch { 'R' => InitiativeScope.Regional, 'G' => InitiativeScope.Joint, _ => InitiativeScope.Municipal },
            RoadmapItem = item,
            Participants = invited,
            GoalAreas = [area],
            Responsible = $"Verksamhetschef {roadmap.OrganizationsByCode[owner].Name}",
            StartDate = Day(day),
            TargetDate = Day(day).AddYears(2),
        });
        return id;
    }

    private async Task AcceptAsync(int day, string id, params string[] organizations)
    {
        foreach (var org in organizations)
        {
            await Initiative(day, id, new AcceptParticipation { By = Editor(org), OrganizationCode = org });
        }
    }

    private Task ReportAsync(int day, string id, int progress, InitiativeStatus status, string comment) =>
        Initiative(day, id, new ReportProgress { By = Owner(id), ProgressPercent = progress, Status = status, Comment = comment });

    private Task Measure(int day, string id, string indicator, decimal value) =>
        Initiative(day, id, new RecordIndicatorValue { By = Owner(id), IndicatorId = indicator, Value = value, MeasuredOn = Day(day) });

    private Task Initiative(int day, string id, InitiativeCommand command)
    {
        At(day);
        return grains.GetGrain<IInitiativeGrain>(id).ExecuteAsync(command);
    }

    private async Task<string> FlagAsync(int day, string category, Severity severity, string title, string[] initiatives, string[] organizations)
    {
        At(day);
        var id = Grains.Ids.ForCreate("o", Planner, $"demo-{category}");
        await grains.GetGrain<IObstacleGrain>(id).ExecuteAsync(new FlagObstacle { By = Planner, Category = category, Severity = severity, Title = title, BlockedInitiatives = initiatives, BlockedOrganizations = organizations });
        return id;
    }

    private Task Obstacle(int day, string id, ObstacleCommand command)
    {
        At(day);
        return grains.GetGrain<IObstacleGrain>(id).ExecuteAsync(command);
    }

    // Titled as the groups title them, "SVO november", by the month the demo's calendar puts them in.
    private Task MeetingAsync(int day, Body body, string note)
    {
        At(day);
        var title = $"{body.ToString().ToUpperInvariant()} {Day(day).ToString("MMMM", System.Globalization.CultureInfo.GetCultureInfo("sv-SE"))}";
        return meetings.RecordAsync(new RecordMeeting(Planner, body, Day(day), title, note, $"demo-{day}"), CancellationToken.None);
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Wrote the demo county: Östergötland's initiatives, reports, obstacles and meetings from {Start:yyyy-MM-dd} until today")]
    private partial void LogWritten(DateTimeOffset start);
}
