using NaraVard.Api.V1;
using NaraVard.Grpc.Protocol;
using static NaraVard.Grpc.Protocol.MethodType;

namespace NaraVard.Api;

/// <summary>Every RPC of naravard.v1, as the protocol layer sees it. Checked against the proto descriptors in tests.</summary>
public static class RoadmapMethods
{
    private const string Service = "naravard.v1.RoadmapService";

    public static readonly Method<GetRoadmapRequest, Roadmap> GetRoadmap = new(Service, "GetRoadmap", Unary);
    public static readonly Method<GetOverviewRequest, Overview> GetOverview = new(Service, "GetOverview", Unary);
    public static readonly Method<ListOrganizationsRequest, ListOrganizationsResponse> ListOrganizations = new(Service, "ListOrganizations", Unary);
    public static readonly Method<GetOrganizationRequest, OrganizationDetail> GetOrganization = new(Service, "GetOrganization", Unary);
    public static readonly Method<ListInitiativesRequest, ListInitiativesResponse> ListInitiatives = new(Service, "ListInitiatives", Unary);
    public static readonly Method<GetInitiativeRequest, Initiative> GetInitiative = new(Service, "GetInitiative", Unary);
    public static readonly Method<GetInitiativeHistoryRequest, GetInitiativeHistoryResponse> GetInitiativeHistory = new(Service, "GetInitiativeHistory", Unary);
    public static readonly Method<WatchRoadmapRequest, RoadmapChange> WatchRoadmap = new(Service, "WatchRoadmap", ServerStreaming);
}

public static class InitiativeMethods
{
    private const string Service = "naravard.v1.InitiativeService";

    public static readonly Method<CreateInitiativeRequest, Initiative> CreateInitiative = new(Service, "CreateInitiative", Unary);
    public static readonly Method<ReportProgressRequest, Initiative> ReportProgress = new(Service, "ReportProgress", Unary);
    public static readonly Method<AdvancePhaseRequest, Initiative> AdvancePhase = new(Service, "AdvancePhase", Unary);
    public static readonly Method<PauseInitiativeRequest, Initiative> PauseInitiative = new(Service, "PauseInitiative", Unary);
    public static readonly Method<ResumeInitiativeRequest, Initiative> ResumeInitiative = new(Service, "ResumeInitiative", Unary);
    public static readonly Method<AddMilestoneRequest, Initiative> AddMilestone = new(Service, "AddMilestone", Unary);
    public static readonly Method<CompleteMilestoneRequest, Initiative> CompleteMilestone = new(Service, "CompleteMilestone", Unary);
    public static readonly Method<SetParticipantsRequest, Initiative> SetParticipants = new(Service, "SetParticipants", Unary);
    public static readonly Method<CloseInitiativeRequest, Initiative> CloseInitiative = new(Service, "CloseInitiative", Unary);
}

public static class ObstacleMethods
{
    private const string Service = "naravard.v1.ObstacleService";

    public static readonly Method<FlagObstacleRequest, Obstacle> FlagObstacle = new(Service, "FlagObstacle", Unary);
    public static readonly Method<UpdateObstacleRequest, Obstacle> UpdateObstacle = new(Service, "UpdateObstacle", Unary);
    public static readonly Method<ListObstaclesRequest, ListObstaclesResponse> ListObstacles = new(Service, "ListObstacles", Unary);
    public static readonly Method<GetObstacleRequest, Obstacle> GetObstacle = new(Service, "GetObstacle", Unary);
    public static readonly Method<GetObstacleHistoryRequest, GetObstacleHistoryResponse> GetObstacleHistory = new(Service, "GetObstacleHistory", Unary);
}
