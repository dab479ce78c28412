using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace NaraVard.Domain.Roadmap;

public sealed record Organization(string Code, string Name, string Kind, long Population)
{
    public bool IsMunicipality => Kind == "municipality";
}

public sealed record NamedCode(string Code, string Name);

public sealed record RoadmapItem(string Code, string Name, InitiativeScope Scope);

/// <summary>
/// The shared roadmap of one county: its organisations, target-picture areas, obstacle categories and
/// roadmap items. Loaded from a data file so another county is tracked by pointing at another file.
/// </summary>
public sealed record RoadmapDefinition
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    public required string CountyCode { get; init; }

    public required IReadOnlyList<Organization> Organizations { get; init; }

    public required IReadOnlyList<NamedCode> GoalAreas { get; init; }

    public required IReadOnlyList<NamedCode> ObstacleCategories { get; init; }

    public required IReadOnlyList<RoadmapItem> RoadmapItems { get; init; }

    public int StaleAfterDays { get; init; } = 45;

    [JsonIgnore]
    public TimeSpan StaleAfter => TimeSpan.FromDays(StaleAfterDays);

    [JsonIgnore]
    public FrozenDictionary<string, Organization> OrganizationsByCode => field ??= Organizations.ToFrozenDictionary(o => o.Code);

    [JsonIgnore]
    public FrozenDictionary<string, RoadmapItem> ItemsByCode => field ??= RoadmapItems.ToFrozenDictionary(i => i.Code);

    [JsonIgnore]
    public FrozenSet<string> GoalAreaCodes => field ??= GoalAreas.Select(a => a.Code).ToFrozenSet();

    [JsonIgnore]
    public FrozenSet<string> CategoryCodes => field ??= ObstacleCategories.Select(a => a.Code).ToFrozenSet();

    /// <summary>Inhabitants of all municipalities: the denominator of population-weighted coverage.</summary>
    [JsonIgnore]
    public long MunicipalPopulation => Organizations.Where(o => o.IsMunicipality).Sum(o => o.Population);

    public bool IsKnownOrganization(string code) => OrganizationsByCode.ContainsKey(code);

    /// <summary>
    /// The scope a new initiative takes when its author does not name one (the web and the import): joint when
    /// it invites participants or its item is a joint one, else the region's or a municipality's by its owner.
    /// </summary>
    public InitiativeScope ScopeFor(string ownerCode, string roadmapItem, bool invitesParticipants) =>
        invitesParticipants || (ItemsByCode.TryGetValue(roadmapItem, out var item) && item.Scope == InitiativeScope.Joint)
            ? InitiativeScope.Joint
            : ownerCode == CountyCode ? InitiativeScope.Regional : InitiativeScope.Municipal;

    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
        WriteIndented = false,
    };

    public static RoadmapDefinition Parse(string json)
    {
        var definition = JsonSerializer.Deserialize<RoadmapDefinition>(json, JsonOptions)
            ?? throw new InvalidDataException("The roadmap file is empty.");
        definition.Validate();
        return definition;
    }

    public static RoadmapDefinition Load(string path) => Parse(File.ReadAllText(path));

    private void Validate()
    {
        Require(!string.IsNullOrWhiteSpace(Id), "id is required");
        Require(Organizations.Count > 0, "organizations must not be empty");
        Require(Organizations.Any(o => o.Code == CountyCode), $"countyCode {CountyCode} must be one of the organizations");
        Require(Organizations.Select(o => o.Code).Distinct().Count() == Organizations.Count, "organization codes must be unique");
        Require(RoadmapItems.Select(i => i.Code).Distinct().Count() == RoadmapItems.Count, "roadmap item codes must be unique");
        Require(GoalAreas.Select(i => i.Code).Distinct().Count() == GoalAreas.Count, "goal area codes must be unique");
        Require(ObstacleCategories.Any(c => c.Code == ObstacleCategory.Other), "obstacleCategories must include \"other\"");
        Require(StaleAfterDays > 0, "staleAfterDays must be positive");
    }

    private static void Require(bool condition, string rule)
    {
        if (!condition)
        {
            throw new InvalidDataException($"Invalid roadmap definition: {rule}.");
        }
    }
}

public static class ObstacleCategory
{
    public const string Other = "other";
}
