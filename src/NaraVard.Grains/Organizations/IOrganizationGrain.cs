using NaraVard.Domain.Roadmap;
using NaraVard.Domain.Rollups;

namespace NaraVard.Grains.Organizations;

/// <summary>One organisation (huvudman), keyed by its SCB code: 05 for the region, 0580 for Linköping.</summary>
public interface IOrganizationGrain : IGrainWithStringKey
{
    Task<OrganizationView> GetAsync();
}

/// <param name="Row">Where the organisation stands on every roadmap item (its row of the matrix).</param>
/// <param name="InitiativeIds">The initiatives it owns or takes part in (accepted), in id order.</param>
public sealed record OrganizationView(Organization Organization, OrganizationProgress Progress, IReadOnlyList<MatrixCell> Row, IReadOnlyList<string> InitiativeIds);
