using NaraVard.Api.V1;
using NaraVard.Testing;

namespace NaraVard.Web.Tests;

/// <summary>A small Östergötland on the road: initiatives in every phase, a joint one, obstacles, one escalated.</summary>
public sealed record County(string LinkopingPrimaryCare, string JointCarePlaces, string RegionXray, string RecruitmentObstacle)
{
    public static async Task<County> SeedAsync(Uri address, string admin, string linkoping, string planner)
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
        return new County(primaryCare, carePlaces, xray, recruitment.Id);
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
