using System.Globalization;
using System.Text;
using NaraVard.Api.V1;

namespace NaraVard.Cli;

/// <summary>
/// Organisations, categories, areas, items and phases by code or by Swedish name, ignoring case and
/// diacritics: "linkoping", "Linköping" and "0580" are the same. Ambiguous input lists the candidates.
/// </summary>
internal sealed class Names(Roadmap roadmap)
{
    public Roadmap Roadmap => roadmap;

    public string Organization(string input) => Resolve("organisation", input, roadmap.Organizations.Select(o => (o.Code, o.Name)));

    public string Category(string input) => Resolve("obstacle category", input, roadmap.ObstacleCategories.Select(c => (c.Code, c.Name)));

    public string GoalArea(string input) => Resolve("target-picture area", input, roadmap.GoalAreas.Select(c => (c.Code, c.Name)));

    public string Item(string input) => Resolve("roadmap item", input, roadmap.RoadmapItems.Select(c => (c.Code, c.Name)));

    public string OrganizationName(string code) => roadmap.Organizations.FirstOrDefault(o => o.Code == code)?.Name ?? code;

    public static Phase Phase(string input) => Fold(input) switch
    {
        "planering" or "planning" => Api.V1.Phase.Planering,
        "strategi" or "strategy" => Api.V1.Phase.Strategi,
        "genomforande" or "implementation" or "plattsattning" => Api.V1.Phase.Genomforande,
        "genomford" or "done" => Api.V1.Phase.Genomford,
        "pausad" or "paused" => Api.V1.Phase.Pausad,
        "stoppad" or "stopped" => Api.V1.Phase.Stoppad,
        _ => throw new UsageException($"unknown phase '{input}'; use planering, strategi, genomforande, genomford, pausad or stoppad"),
    };

    public static InitiativeStatus Status(string input) => Fold(input).Replace(" ", "-", StringComparison.Ordinal) switch
    {
        "on-track" or "ontrack" or "green" => InitiativeStatus.OnTrack,
        "at-risk" or "atrisk" or "yellow" => InitiativeStatus.AtRisk,
        "off-track" or "offtrack" or "red" => InitiativeStatus.OffTrack,
        _ => throw new UsageException($"unknown status '{input}'; use on-track, at-risk or off-track"),
    };

    public static Priority Priority(string input) => Fold(input) switch
    {
        "high" or "hog" or "1" => Api.V1.Priority.High,
        "medium" or "medel" or "2" => Api.V1.Priority.Medium,
        "low" or "lag" or "3" => Api.V1.Priority.Low,
        _ => throw new UsageException($"unknown priority '{input}'; use high, medium or low"),
    };

    public static InitiativeOrder Order(string input) => Fold(input).Replace(" ", "-", StringComparison.Ordinal) switch
    {
        "priority" or "prioritet" => InitiativeOrder.Priority,
        "target-date" or "target" or "maldatum" => InitiativeOrder.TargetDate,
        "id" or "created" => InitiativeOrder.Unspecified,
        _ => throw new UsageException($"unknown order '{input}'; use priority or target-date"),
    };

    public static InitiativeHealth Health(string input) => Fold(input).Replace(" ", "-", StringComparison.Ordinal) switch
    {
        "on-track" or "ontrack" or "enligt-plan" => InitiativeHealth.OnTrack,
        "at-risk" or "atrisk" or "risk" => InitiativeHealth.AtRisk,
        "behind-plan" or "behindplan" or "efter-plan" => InitiativeHealth.BehindPlan,
        "paused" or "pausad" => InitiativeHealth.Paused,
        "stale" or "inaktuell" => InitiativeHealth.Stale,
        "blocked" or "blockerad" => InitiativeHealth.Blocked,
        "done" or "genomford" => InitiativeHealth.Done,
        "stopped" or "stoppad" => InitiativeHealth.Stopped,
        _ => throw new UsageException($"unknown health '{input}'; use blocked, stale, behind-plan, at-risk, paused, on-track, done or stopped"),
    };

    public static Severity Severity(string input) => Fold(input) switch
    {
        "low" or "lag" => Api.V1.Severity.Low,
        "medium" or "medel" => Api.V1.Severity.Medium,
        "high" or "hog" => Api.V1.Severity.High,
        "critical" or "kritisk" => Api.V1.Severity.Critical,
        _ => throw new UsageException($"unknown severity '{input}'; use low, medium, high or critical"),
    };

    private static string Resolve(string what, string input, IEnumerable<(string Code, string Name)> candidates)
    {
        var all = candidates.ToList();
        var folded = Fold(input);
        var exact = all.Where(c => Fold(c.Code) == folded || Fold(c.Name) == folded).ToList();
        var matches = exact.Count > 0 ? exact : all.Where(c => Fold(c.Name).Contains(folded, StringComparison.Ordinal)).ToList();
        return matches.Count switch
        {
            1 => matches[0].Code,
            0 => throw new UsageException($"unknown {what} '{input}'; use one of: {string.Join(", ", all.Select(c => $"{c.Code} ({c.Name})"))}"),
            _ => throw new UsageException($"'{input}' could be several: {string.Join(", ", matches.Select(c => $"{c.Code} ({c.Name})"))}"),
        };
    }

    public static string Fold(string text)
    {
        var builder = new StringBuilder(text.Length);

        // Swedish letters folded by hand too, so this works even where Unicode normalisation data is missing.
        var lower = text.Trim().ToLowerInvariant().Replace('å', 'a').Replace('ä', 'a').Replace('ö', 'o').Replace('é', 'e').Replace('ü', 'u');
        foreach (var c in lower.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}

/// <summary>The user asked for something the command line cannot mean (exit code 2).</summary>
internal sealed class UsageException(string message) : Exception(message);
