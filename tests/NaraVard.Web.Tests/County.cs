using NaraVard.Api.V1;
using NaraVard.Testing;

namespace NaraVard.Web.Tests;

/// <summary>
/// A small Östergötland on the road: initiatives in every phase, a joint one, obstacles, one escalated, and 20
/// measurement points linked to Kolada — Norrköping's cameras' ten stand still, the region's x-ray's ten move.
/// </summary>
public sealed record County(string LinkopingPrimaryCare, string JointCarePlaces, string RegionXray, string RecruitmentObstacle, string Cameras)
{
    public const int LinkedPoints = 20;

    public static async Task<County> SeedAsync(Uri address, string admin, string linkoping, string planner, LocalKolada kolada)
    {
        using var asAdmin = new ApiClient(address, admin);
        using var asLinkoping = new ApiClient(address, linkoping);
        using var asPlanner = new ApiClient(address, planner);

        var primaryCare = await CreateAsync(asLinkoping, "0580", Scope.Municipal, "K01", "Kommunal primärvård i Linköping", ["framtidens-primarvard", "teambaserad"]);
        await Advance(asLinkoping, primaryCare, Phase.Strategi);
        await Report(asLinkoping, primaryCare, 40, InitiativeStatus.AtRisk, "Rekrytering av sjuksköterskor pågår");

        var cameras = await CreateAsync(asAdmin, "0581", Scope.Municipal, "K02", "Trygghetskameror i hemtjänsten", ["delaktighet"]);
        await Advance(asAdmin, cameras, Phase.Strategi);
        await Advance(asAdmin, cameras, Phase.Genomforande);
        await Report(asAdmin, cameras, 65, InitiativeStatus.OnTrack, "300 hushåll anslutna");

        var xray = await CreateAsync(asAdmin, "05", Scope.Regional, "R01", "Mobil röntgen till särskilda boenden", ["behovsstyrd"]);
        await Advance(asAdmin, xray, Phase.Strategi);
        await Advance(asAdmin, xray, Phase.Genomforande);
        await Report(asAdmin, xray, 80, InitiativeStatus.OnTrack, "");

        var carePlaces = await CreateAsync(asAdmin, "05", Scope.Joint, "G04", "Närvårdsplatser i västra länet", ["en-vardgivare", "gemensam-styrning"], ["0583", "0586", "0584"]);
        await Advance(asAdmin, carePlaces, Phase.Strategi);
        await Report(asAdmin, carePlaces, 25, InitiativeStatus.OffTrack, "Betalningsansvaret är inte klarlagt");

        var competence = await CreateAsync(asAdmin, "0583", Scope.Municipal, "K08", "Kompetenslyft för undersköterskor", ["teambaserad"]);
        await Report(asAdmin, competence, 10, InitiativeStatus.OnTrack, "");

        var broadband = await CreateAsync(asAdmin, "0586", Scope.Municipal, "K05", "Bredband till landsbygden i Mjölby", ["halsoframjande"]);
        await Advance(asAdmin, broadband, Phase.Strategi);
        await Advance(asAdmin, broadband, Phase.Genomforande);
        await asAdmin.Initiatives.CloseInitiativeAsync(new CloseInitiativeRequest { InitiativeId = broadband, Outcome = Phase.Genomford, Reason = "Alla byar anslutna" });

        await CreateAsync(asAdmin, "0562", Scope.Municipal, "G03", "Säker informationsöverföring i Finspång", ["en-vardgivare"]);

        var payment = await asPlanner.Obstacles.FlagObstacleAsync(new FlagObstacleRequest
        {
            Category = "tillit", Severity = Severity.High, Title = "Oklart betalningsansvar för närvårdsplatser",
            Description = "Region och kommuner är inte överens om vem som betalar platserna.", BlockedInitiatives = { carePlaces },
        });
        await asPlanner.Obstacles.UpdateObstacleAsync(new UpdateObstacleRequest { ObstacleId = payment.Id, Escalate = true, Note = "LGVO kom inte överens" });
        await asPlanner.Obstacles.UpdateObstacleAsync(new UpdateObstacleRequest { ObstacleId = payment.Id, Escalate = true, Note = "SVO ombeds besluta om betalningsansvaret" });
        var recruitment = await asPlanner.Obstacles.FlagObstacleAsync(new FlagObstacleRequest
        {
            Category = "rekrytering", Severity = Severity.Critical, Title = "Svårt att rekrytera distriktssköterskor",
            BlockedOrganizations = { "0509", "0512", "0513" },
        });
        await asPlanner.Obstacles.UpdateObstacleAsync(new UpdateObstacleRequest { ObstacleId = recruitment.Id, Escalate = true, Note = "Tas upp i LGVO" });
        // SVO met yesterday: everything above happened since.
        var yesterday = NaraVard.Domain.FollowUp.SwedishTime.Today(DateTimeOffset.UtcNow).AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        await asAdmin.FollowUp.RecordMeetingAsync(new RecordMeetingRequest { Body = Body.Svo, Date = yesterday, Title = "SVO:s novembermöte" });
        await LinkToKoladaAsync(asAdmin, asPlanner, kolada, cameras, "0581", "U2100", standStill: true);
        await LinkToKoladaAsync(asAdmin, asPlanner, kolada, xray, "0005", "N7100", standStill: false);
        return new County(primaryCare, carePlaces, xray, recruitment.Id, cameras);
    }

    private static readonly string[] PointNames =
    [
        "Andel med fast läkarkontakt", "Undvikbar slutenvård vid kronisk sjukdom", "Förtroende för vården", "Brukare med hemtjänst 65+",
        "Vårdtillfällen per 100 000 invånare", "Återinskrivningar inom 30 dagar 65+", "Kontinuitet i hemtjänsten", "Nöjdhet med hemtjänsten",
        "Besök i primärvården per invånare", "Digitala vårdmöten per 1 000 invånare",
    ];

    /// <summary>
    /// Ten points linked to Kolada KPIs (prefix 0–9) for one Kolada code, their values published for the last three
    /// years and synced as a planner would. All are ahead of their line (on track); standing still, none is closer to
    /// its target than a year before.
    /// </summary>
    private static async Task LinkToKoladaAsync(ApiClient admin, ApiClient planner, LocalKolada kolada, string initiative, string municipality, string kpiPrefix, bool standStill)
    {
        var year = DateTime.UtcNow.Year;
        for (var i = 0; i < PointNames.Length; i++)
        {
            var kpi = kpiPrefix + i;
            await admin.Initiatives.AddIndicatorAsync(new AddIndicatorRequest
            {
                InitiativeId = initiative, Name = PointNames[i], Unit = "%", Level = (EffectLevel)(1 + (i % 3)),
                Baseline = 30, BaselineDate = $"{year - 4}-12-31", Target = 40, TargetDate = $"{year + 6}-12-31",
                KoladaKpi = kpi, KoladaMunicipality = municipality,
            });
            foreach (var (back, value) in standStill ? new[] { (3, 36m), (2, 36m), (1, 36m) } : [(3, 31m), (2, 33m), (1, 35m)])
            {
                kolada.Publish(kpi, municipality, year - back, value);
            }
        }

        await planner.Initiatives.SyncKoladaAsync(new SyncKoladaRequest());
    }

    private static async Task<string> CreateAsync(ApiClient api, string owner, Scope scope, string item, string title, string[] areas, string[]? participants = null)
    {
        var request = new CreateInitiativeRequest { OwnerCode = owner, Scope = scope, RoadmapItem = item, Title = title, GoalAreas = { areas }, Responsible = "Utvecklingsledare" };
        request.Participants.Add(participants ?? []);
        var id = (await api.Initiatives.CreateInitiativeAsync(request)).Id;
        foreach (var code in participants ?? [])
        {
            await api.Initiatives.AcceptParticipationAsync(new AcceptParticipationRequest { InitiativeId = id, OrganizationCode = code });
        }

        return id;
    }

    private static Task Advance(ApiClient api, string id, Phase to) =>
        api.Initiatives.AdvancePhaseAsync(new AdvancePhaseRequest { InitiativeId = id, To = to }).ResponseAsync;

    private static Task Report(ApiClient api, string id, int progress, InitiativeStatus status, string comment) =>
        api.Initiatives.ReportProgressAsync(new ReportProgressRequest { InitiativeId = id, ProgressPercent = progress, Status = status, Comment = comment }).ResponseAsync;
}
