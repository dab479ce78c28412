using NaraVard.Domain.Roadmap;
using NaraVard.Testing;

namespace NaraVard.Domain.Tests;

public sealed class RoadmapDefinitionTests
{
    [Fact]
    public void Ostergotland_HasTheRegionAndThirteenMunicipalities()
    {
        var roadmap = TestRoadmap.Ostergotland;

        Assert.Equal(14, roadmap.Organizations.Count);
        Assert.Equal(13, roadmap.Organizations.Count(o => o.IsMunicipality));
        Assert.Equal("Linköping", roadmap.OrganizationsByCode["0580"].Name);
        Assert.Equal(465_495, roadmap.MunicipalPopulation);
        Assert.Equal(8, roadmap.GoalAreas.Count);
        Assert.Equal(45, roadmap.StaleAfterDays);
    }

    [Fact]
    public void Parse_DuplicateOrganisation_IsRejected()
    {
        var json = File.ReadAllText(TestRoadmap.Path).Replace("\"0509\"", "\"0512\"", StringComparison.Ordinal);

        var error = Assert.Throws<InvalidDataException>(() => RoadmapDefinition.Parse(json));

        Assert.Contains("organization codes must be unique", error.Message, StringComparison.Ordinal);
    }
}
