using System.Security.Claims;
using NaraVard.Domain.Access;
using NaraVard.Server.Access;
using NaraVard.Testing;

namespace NaraVard.Server.Tests.Access;

/// <summary>
/// A region's identity provider sends its own claims (an HSA id, the employee's groups); NaraVard reads an
/// organisation and a role from them by configuration, and refuses what maps to none, or to more than one.
/// </summary>
public sealed class ClaimMappingTests
{
    // As docs/operations.md's example: Region Östergötland's HSA ids start with its organisation number.
    private static readonly OidcOptions Region = new()
    {
        OrganizationClaim = "hsa_id",
        RoleClaim = "groups",
        OrganizationMap = new() { ["SE2321000032"] = "05", ["SE2120000589"] = "0580" },
        RoleMap = new() { ["NV-Ledning"] = "viewer", ["NV-Redaktor"] = "editor", ["NV-Planerare"] = "planner", ["NV-Admin"] = "admin" },
    };

    private static (string? Organization, Role? Role, string? Refusal) Read(OidcOptions options, params (string Type, string Value)[] claims) =>
        new ClaimMapping(options, TestRoadmap.Ostergotland).Read(new ClaimsPrincipal(new ClaimsIdentity(claims.Select(c => new Claim(c.Type, c.Value)))));

    [Theory]
    [InlineData("SE2321000032-b7x1", new[] { "NV-Ledning" }, "05", Role.Viewer)]
    [InlineData("SE2120000589-k4q9", new[] { "Alla anställda", "NV-Redaktor" }, "0580", Role.Editor)]
    [InlineData("SE2120000589", new[] { "NV-Ledning", "NV-Planerare" }, "0580", Role.Planner)]
    [InlineData("SE2321000032-a1", new[] { "NV-Redaktor", "NV-Admin" }, "05", Role.Admin)]
    public void SectorClaims_ThroughTheMaps_AreAnOrganisationAndARole(string hsaId, string[] groups, string organization, Role role)
    {
        var read = Read(Region, [("hsa_id", hsaId), .. groups.Select(g => ("groups", g))]);

        Assert.Equal((organization, role, (string?)null), read);
    }

    [Theory]
    [InlineData("SE9999999999-x", "NV-Redaktor", "claim hsa_id names no organisation of NaraVard:Oidc:OrganizationMap")]
    [InlineData("SE23210000321-x", "NV-Redaktor", "claim hsa_id names no organisation")] // a longer number is another organisation
    [InlineData("SE2321000032-x", "Alla anställda", "claim groups names no role of NaraVard:Oidc:RoleMap")]
    public void SectorClaims_ThatMapToNothing_AreRefusedNamingTheClaim(string hsaId, string group, string refusal)
    {
        var read = Read(Region, ("hsa_id", hsaId), ("groups", group));

        Assert.Null(read.Organization);
        Assert.StartsWith(refusal, read.Refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void SectorClaims_ThatMapToTwoOrganisationsOrToEditorAndPlanner_AreRefused()
    {
        var twoPlaces = Read(Region, ("hsa_id", "SE2321000032-a"), ("hsa_id", "SE2120000589-b"), ("groups", "NV-Ledning"));
        var twoRoles = Read(Region, ("hsa_id", "SE2321000032-a"), ("groups", "NV-Redaktor"), ("groups", "NV-Planerare"));

        Assert.Equal("claim hsa_id maps to more than one organisation (05, 0580)", twoPlaces.Refusal);
        Assert.Equal("claim groups maps to editor and planner; NaraVard gives a person one role", twoRoles.Refusal);
    }

    [Fact]
    public void NaraVardsOwnClaims_WithoutMaps_AreReadAsTheyAre_AndAListIsRefused()
    {
        var own = new OidcOptions();

        Assert.Equal(("0583", Role.Editor, (string?)null), Read(own, ("naravard_org", "0583"), ("naravard_role", "editor")));
        Assert.Equal("claim naravard_role must be one value, not a list", Read(own, ("naravard_org", "0583"), ("naravard_role", "viewer"), ("naravard_role", "admin")).Refusal);
    }
}
