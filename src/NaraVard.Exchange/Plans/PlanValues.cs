using System.Globalization;
using NaraVard.Domain;
using NaraVard.Domain.Initiatives;
using NaraVard.Domain.Roadmap;

namespace NaraVard.Exchange.Plans;

/// <summary>
/// Cell text to typed values, forgiving in form (Swedish or English words, codes or names, "1 234,50 kr",
/// Excel's date serials and percent cells) and strict in meaning: a value is read one way or refused with the rule.
/// </summary>
public sealed class PlanValues(RoadmapDefinition roadmap)
{
    private static readonly char[] ListSeparators = [',', ';', '\n'];

    private readonly Dictionary<string, string> _organizations = roadmap.Organizations
        .SelectMany(o => new[] { o.Code, o.Name, o.Name + " kommun", SwedishNames.Genitive(o.Name) + " kommun" }.Select(alias => (Alias: Key(alias), o.Code)))
        .DistinctBy(a => a.Alias)
        .ToDictionary(a => a.Alias, a => a.Code);

    private readonly Dictionary<string, string> _items = roadmap.RoadmapItems
        .SelectMany(i => new[] { (Alias: Key(i.Code), i.Code), (Alias: Key(i.Name), i.Code), (Alias: Key($"{i.Code} {i.Name}"), i.Code) })
        .DistinctBy(a => a.Alias)
        .ToDictionary(a => a.Alias, a => a.Code);

    private readonly Dictionary<string, string> _areas = roadmap.GoalAreas
        .SelectMany(a => new[] { (Alias: Key(a.Code), a.Code), (Alias: Key(a.Name), a.Code) })
        .DistinctBy(a => a.Alias)
        .ToDictionary(a => a.Alias, a => a.Code);

    public string Organization(string text) => _organizations.TryGetValue(Key(text), out var code)
        ? code
        : throw new FormatException($"okänd organisation '{text}': skriv ett namn eller en SCB-kod ur färdplanen (t.ex. Linköping eller 0580)");

    public IReadOnlyList<string> Organizations(string text) => [.. List(text).Select(Organization).Distinct()];

    public string RoadmapItem(string text) => _items.TryGetValue(Key(text), out var code)
        ? code
        : throw new FormatException($"okänd färdplanspunkt '{text}': skriv en kod eller ett namn ur färdplanen (t.ex. {roadmap.RoadmapItems[0].Code})");

    /// <summary>
    /// The areas a cell names, by code or name. A name may hold the list separator itself ("Delaktighet,
    /// personcentrering och självbestämmande"): the longest run of pieces that names an area is taken, so the
    /// county's own words, as NaraVard's export writes them, read back as one area (issue 30: every such row was
    /// refused).
    /// </summary>
    public IReadOnlyList<string> GoalAreas(string text)
    {
        var pieces = List(text).ToList();
        var areas = new List<string>();
        for (var start = 0; start < pieces.Count;)
        {
            var end = pieces.Count;
            while (end > start && !_areas.ContainsKey(Key(string.Concat(pieces[start..end]))))
            {
                end--;
            }

            areas.Add(end > start
                ? _areas[Key(string.Concat(pieces[start..end]))]
                : throw new FormatException($"okänt målbildsområde '{pieces[start]}'"));
            start = Math.Max(end, start + 1);
        }

        return areas;
    }

    public static Phase Phase(string text) => Key(text) switch
    {
        "planering" or "planning" => Domain.Phase.Planering,
        "strategi" or "strategy" => Domain.Phase.Strategi,
        "genomförande" or "genomforande" or "implementation" => Domain.Phase.Genomforande,
        "genomförd" or "genomford" or "done" or "completed" => Domain.Phase.Genomford,
        "pausad" or "paused" => Domain.Phase.Pausad,
        "stoppad" or "stopped" => Domain.Phase.Stoppad,
        _ => throw new FormatException($"okänd fas '{text}': Planering, Strategi, Genomförande, Genomförd, Pausad eller Stoppad"),
    };

    public static Priority Priority(string text) => Key(text) switch
    {
        "hög" or "hog" or "high" or "1" => Domain.Priority.High,
        "medel" or "medium" or "2" => Domain.Priority.Medium,
        "låg" or "lag" or "low" or "3" => Domain.Priority.Low,
        _ => throw new FormatException($"okänd prioritet '{text}': Hög, Medel eller Låg"),
    };

    public static InitiativeStatus Status(string text) => Key(text) switch
    {
        "enligtplan" or "ontrack" or "grön" or "green" => InitiativeStatus.OnTrack,
        "riskförförsening" or "risk" or "atrisk" or "gul" or "yellow" => InitiativeStatus.AtRisk,
        "försenad" or "offtrack" or "delayed" or "röd" or "red" => InitiativeStatus.OffTrack,
        _ => throw new FormatException($"okänd status '{text}': Enligt plan, Risk för försening eller Försenad"),
    };

    public static EffectLevel Level(string text) => Key(text) switch
    {
        "individ" or "individen" or "individual" => EffectLevel.Individual,
        "organisation" or "organisationen" or "organization" => EffectLevel.Organization,
        "samhälle" or "samhället" or "society" => EffectLevel.Society,
        _ => throw new FormatException($"okänd nivå '{text}': individ, organisation eller samhälle"),
    };

    /// <summary>
    /// A whole percentage 0–100 ("40", "40 %"). A fraction strictly between 0 and 1 is what Excel stores for a
    /// cell formatted as percent (40 % is 0.4), so it is read as such.
    /// </summary>
    public static int Progress(string text)
    {
        var value = Decimal(text.Replace("%", "", StringComparison.Ordinal));
        if (value is > 0 and < 1)
        {
            value *= 100;
        }

        return value == Math.Round(value) && value is >= int.MinValue and <= int.MaxValue
            ? (int)value
            : throw new FormatException($"'{text}' är ingen hel procentsats (0–100)");
    }

    /// <summary>ISO dates ("2026-03-31"), Swedish Excel's text dates, or Excel's date serial numbers (days since 1899-12-30).</summary>
    public static DateOnly Date(string text)
    {
        if (DateOnly.TryParseExact(text, ["yyyy-MM-dd", "yyyy-M-d", "yyyyMMdd"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var serial) && serial is > 1 and < 2958466)
        {
            return DateOnly.FromDateTime(DateTime.FromOADate(Math.Floor(serial)));
        }

        throw new FormatException($"'{text}' är inget datum: skriv ÅÅÅÅ-MM-DD");
    }

    /// <summary>"1234.5", "1 234,50", "1 234 kr": spaces (also non-breaking) and "kr" dropped, a lone comma read as the decimal sign.</summary>
    public static decimal Decimal(string text)
    {
        var cleaned = string.Concat(text.Replace("kr", "", StringComparison.OrdinalIgnoreCase).Where(c => !char.IsWhiteSpace(c)));
        if (cleaned.Contains(',', StringComparison.Ordinal) && !cleaned.Contains('.', StringComparison.Ordinal))
        {
            cleaned = cleaned.Replace(',', '.');
        }

        return decimal.TryParse(cleaned, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new FormatException($"'{text}' är inget tal");
    }

    public static IEnumerable<string> List(string text) => text.Split(ListSeparators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public static IEnumerable<string[]> Lines(string text) => text
        .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(Parts);

    /// <summary>A part of a list cell's line as written: a "|" in a title is doubled, so it is not read as the separator.</summary>
    public static string Part(string text) => text.Replace("|", "||", StringComparison.Ordinal);

    /// <summary>A line's parts, split at each single "|"; a doubled "||" is a "|" within a part (<see cref="Part"/>).</summary>
    private static string[] Parts(string line)
    {
        var parts = new List<string>();
        var part = new System.Text.StringBuilder();
        for (var i = 0; i < line.Length; i++)
        {
            if (line[i] != '|')
            {
                part.Append(line[i]);
            }
            else if (i + 1 < line.Length && line[i + 1] == '|')
            {
                part.Append('|');
                i++;
            }
            else
            {
                parts.Add(part.ToString().Trim());
                part.Clear();
            }
        }

        parts.Add(part.ToString().Trim());
        return [.. parts];
    }

    private static string Key(string text) => string.Concat(text.Where(char.IsLetterOrDigit)).ToLowerInvariant();
}
