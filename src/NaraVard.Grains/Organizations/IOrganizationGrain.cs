using NaraVard.Domain.Roadmap;
using NaraVard.Domain.Rollups;

namespace NaraVard.Grains.Organizations;

/// <summary>One organisation (huvudman), keyed by its SCB code: 05 for the region, 0580 for Linköping.</summary>
public interface IOrganizationGrain : IGrainWithStringKey
{
    Task<OrganizationView> GetAsync();

    /// <summary>An initiative it owns or takes part in (or just left) changed.</summary>
    Task InitiativeChangedAsync(InitiativeSummary summary);

    /// <summary>An obstacle that blocks it (or stopped blocking it) changed.</summary>
    Task ObstacleChangedAsync(ObstacleSummary summary);
}

/// <param name="Row">Where the organisation stands on every roadmap item (its row of the matrix).</param>
public sealed record OrganizationView(Organization Organization, OrganizationProgress Progress, IReadOnlyList<MatrixCell> Row, IReadOnlyList<string> InitiativeIds);
