using NaraVard.Domain;
using NaraVard.Domain.Roadmap;
using NaraVard.Domain.Rollups;
using V1 = NaraVard.Api.V1;

namespace NaraVard.Server.Mapping;

internal static class RollupMapping
{
    public static V1.Roadmap ToApi(this RoadmapDefinition r)
    {
        var roadmap = new V1.Roadmap { Id = r.Id, Name = r.Name, CountyCode = r.CountyCode, StaleAfterDays = r.StaleAfterDays };
        roadmap.Organizations.AddRange(r.Organizations.Select(ToApi));
        roadmap.GoalAreas.AddRange(r.GoalAreas.Select(ToApi));
        roadmap.ObstacleCategories.AddRange(r.ObstacleCategories.Select(ToApi));
        roadmap.RoadmapItems.AddRange(r.RoadmapItems.Select(i => new V1.RoadmapItem { Code = i.Code, Name = i.Name, Scope = i.Scope.ToApi() }));
        return roadmap;
    }

    public static V1.Organization ToApi(this Organization o) => new() { Code = o.Code, Name = o.Name, Kind = o.Kind, Population = o.Population };

    public static V1.NamedCode ToApi(this NamedCode c) => new() { Code = c.Code, Name = c.Name };

    public static V1.Spread ToApi(this Spread s)
    {
        var spread = new V1.Spread
        {
            Total = s.Total,
            Stale = s.Stale,
            Indicators = s.Indicators.Total,
            IndicatorsMeasured = s.Indicators.Measured,
            IndicatorsOnTrack = s.Indicators.OnTrack,
            IndicatorsJudged = s.Indicators.Judged,
            IndicatorsMoving = s.Indicators.Moving,
            EffectStalled = s.EffectStalled,
        };
        spread.ByPhase.AddRange(s.ByPhase.Select(kv => new V1.PhaseCount { Phase = kv.Key.ToApi(), Count = kv.Value }));
        spread.ByStatus.AddRange(s.ByStatus.Select(kv => new V1.StatusCount { Status = kv.Key.ToApi(), Count = kv.Value }));
        spread.ByHealth.AddRange(Domain.Initiatives.HealthRule.ByUrgency.Select(h => new V1.HealthCount { Health = h.ToApi(), Count = s.ByHealth.GetValueOrDefault(h) }));
        return spread;
    }

    public static V1.OrganizationProgress ToApi(this OrganizationProgress p, RoadmapDefinition roadmap) => new()
    {
        Organization = roadmap.OrganizationsByCode[p.Code].ToApi(),
        Spread = p.Spread.ToApi(),
        AverageProgress = p.AverageProgress,
        OpenObstacles = p.OpenObstacles,
    };

    public static V1.MatrixCell ToApi(this MatrixCell c) => new()
    {
        RoadmapItem = c.RoadmapItem,
        OrganizationCode = c.OrganizationCode,
        Initiatives = c.Initiatives,
        Phase = c.Phase.ToApi(),
        Status = c.Status.ToApi(),
        AverageProgress = c.AverageProgress,
        Stale = c.Stale,
        Health = c.Health.ToApi(),
    };

    public static V1.Overview ToApi(this CountyOverview o, RoadmapDefinition roadmap)
    {
        var overview = new V1.Overview
        {
            RoadmapId = o.RoadmapId,
            AsOf = o.AsOf.ToApi(),
            County = o.County.ToApi(),
            PopulationCoverage = o.PopulationCoverage,
            OpenObstacles = o.OpenObstacles,
        };
        overview.Organizations.AddRange(o.Organizations.Select(p => p.ToApi(roadmap)));
        overview.GoalAreas.AddRange(o.GoalAreas.Select(a => new V1.GoalAreaProgress { Area = new V1.NamedCode { Code = a.Code, Name = a.Name }, Spread = a.Spread.ToApi() }));
        overview.Matrix.AddRange(o.Matrix.Select(ToApi));
        overview.Obstacles.AddRange(o.Obstacles.Select(c => new V1.ObstacleCount { Category = c.Category, Severity = c.Severity.ToApi(), Open = c.Open }));
        overview.ObstacleReach.AddRange(o.ObstacleReach.Select(r => new V1.CategoryReach { Category = new V1.NamedCode { Code = r.Category, Name = r.Name }, Open = r.Open, MunicipalitiesBlocked = r.MunicipalitiesBlocked }));
        overview.Coverage.AddRange(o.Coverage.Select(c => new V1.ItemCoverage { RoadmapItem = c.RoadmapItem, MunicipalitiesReached = c.MunicipalitiesReached, PopulationShare = c.PopulationShare }));
        return overview;
    }
}
