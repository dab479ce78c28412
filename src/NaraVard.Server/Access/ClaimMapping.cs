using System.Security.Claims;
using NaraVard.Domain.Access;
using NaraVard.Domain.Roadmap;

namespace NaraVard.Server.Access;

/// <summary>
/// The organisation and role a person from the region's identity provider has in NaraVard, read from the claims
/// the provider sends. Without maps the claims are NaraVard's own (an SCB code, a role's name), one value each.
/// The sector's providers send their own (an HSA id such as SE2321000032-abcd, an organisation number, the
/// groups or assignments of the employee): <see cref="OidcOptions.OrganizationMap"/> and
/// <see cref="OidcOptions.RoleMap"/> translate them, by configuration, and then the claims may hold several
/// values (a list of groups): the values that map must name one organisation, and one role (a viewer's group
/// adds nothing to another role's, and admin includes the rest; editor and planner together are refused, since
/// NaraVard gives a person one role).
/// </summary>
internal sealed class ClaimMapping(OidcOptions oidc, RoadmapDefinition roadmap)
{
    public (string? Organization, Role? Role, string? Refusal) Read(ClaimsPrincipal claims)
    {
        // The same value twice (in the ID token and again from userinfo) is one value.
        var (organization, refusal) = Organization([.. claims.FindAll(oidc.OrganizationClaim).Select(c => c.Value).Distinct(StringComparer.Ordinal)]);
        if (organization is null)
        {
            return (null, null, refusal);
        }

        var (role, roleRefusal) = RoleOf([.. claims.FindAll(oidc.RoleClaim).Select(c => c.Value).Distinct(StringComparer.Ordinal)]);
        return role is null ? (null, null, roleRefusal) : (organization, role, null);
    }

    private (string?, string?) Organization(IReadOnlyList<string> values)
    {
        if (oidc.OrganizationMap.Count == 0)
        {
            // A JSON array arrives as one claim per value: which one was meant is not ours to guess (issue 31).
            return values.Count > 1 ? (null, $"claim {oidc.OrganizationClaim} must be one value, not a list")
                : values is [var code] && roadmap.IsKnownOrganization(code) ? (code, null)
                : (null, $"claim {oidc.OrganizationClaim} is not an organisation of the roadmap");
        }

        var mapped = values.Select(MapOrganization).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        return mapped switch
        {
            [var code] when roadmap.IsKnownOrganization(code) => (code, null),
            [var code] => (null, $"NaraVard:Oidc:OrganizationMap maps claim {oidc.OrganizationClaim} to {code}, which is not an organisation of the roadmap"),
            [] => (null, $"claim {oidc.OrganizationClaim} names no organisation of NaraVard:Oidc:OrganizationMap"),
            _ => (null, $"claim {oidc.OrganizationClaim} maps to more than one organisation ({string.Join(", ", mapped)})"),
        };
    }

    /// <summary>A value the map names, or one that starts with a name and a hyphen (a person's HSA id under its organisation's).</summary>
    private string? MapOrganization(string value) =>
        oidc.OrganizationMap.TryGetValue(value, out var code) ? code
        : oidc.OrganizationMap.FirstOrDefault(entry => value.StartsWith(entry.Key + "-", StringComparison.Ordinal)).Value;

    private (Role?, string?) RoleOf(IReadOnlyList<string> values)
    {
        if (oidc.RoleMap.Count == 0)
        {
            return values.Count > 1 ? (null, $"claim {oidc.RoleClaim} must be one value, not a list")
                : values is [var name] && Roles.TryParse(name, out var role) ? (role, null)
                : (null, $"claim {oidc.RoleClaim} is not viewer, editor, planner or admin");
        }

        var mapped = values
            .Select(value => oidc.RoleMap.TryGetValue(value, out var name) && Roles.TryParse(name, out var role) ? role : (Role?)null)
            .OfType<Role>()
            .Distinct()
            .ToList();
        if (mapped.Contains(Role.Admin))
        {
            return (Role.Admin, null);
        }

        var beyondViewing = mapped.Where(role => role != Role.Viewer).ToList();
        return (beyondViewing, mapped) switch
        {
            ([var role], _) => (role, null),
            ([], [Role.Viewer]) => (Role.Viewer, null),
            ([], _) => (null, $"claim {oidc.RoleClaim} names no role of NaraVard:Oidc:RoleMap"),
            _ => (null, $"claim {oidc.RoleClaim} maps to {string.Join(" and ", beyondViewing.Select(r => r.Code()))}; NaraVard gives a person one role"),
        };
    }
}
