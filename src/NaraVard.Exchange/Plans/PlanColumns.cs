using System.Collections.Frozen;

namespace NaraVard.Exchange.Plans;

public enum PlanColumn
{
    Id,
    RoadmapItem,
    Title,
    Owner,
    Participants,
    Phase,
    Status,
    Progress,
    Comment,
    GoalAreas,
    EffectIndividual,
    EffectOrganization,
    EffectSociety,
    Responsible,
    Description,
    StartDate,
    TargetDate,
    OwnCost,
    CoFinancing,
    CoFinancedBy,
    Milestones,
    Indicators,
    Priority,
}

/// <summary>
/// The columns of an action plan: the template's Swedish header first, then the English one (a plan written
/// for another system). Headers are matched ignoring case, spaces and anything in parentheses, so
/// "Förlopp (%)", "förlopp" and "Progress" are one column; columns NaraVard does not know are ignored (and named).
/// </summary>
public static class PlanColumns
{
    public static readonly IReadOnlyList<(PlanColumn Column, string Swedish, string English, string Help)> All =
    [
        (PlanColumn.Id, "NaraVard-id", "NaraVard id", "Fylls i av NaraVard vid export; tom för ett nytt initiativ"),
        (PlanColumn.RoadmapItem, "Färdplanspunkt", "Roadmap item", "Kod eller namn, t.ex. K01"),
        (PlanColumn.Title, "Titel", "Title", "Högst 200 tecken"),
        (PlanColumn.Owner, "Ägare", "Owner", "Organisationens namn eller SCB-kod"),
        (PlanColumn.Participants, "Deltagare", "Participants", "Gemensamma initiativ: andra organisationer, kommatecken emellan (de bjuds in)"),
        (PlanColumn.Phase, "Fas", "Phase", "Planering, Strategi, Genomförande, Genomförd, Pausad eller Stoppad"),
        (PlanColumn.Status, "Status", "Status", "Enligt plan, Risk för försening eller Försenad"),
        (PlanColumn.Progress, "Förlopp (%)", "Progress (%)", "Heltal 0–100"),
        (PlanColumn.Comment, "Kommentar", "Comment", "Följer med rapporten; skäl vid paus eller avslut"),
        (PlanColumn.GoalAreas, "Målbildsområden", "Target-picture areas", "Koder eller namn, kommatecken emellan"),
        (PlanColumn.EffectIndividual, "Effekt för individen", "Effect (individual)", ""),
        (PlanColumn.EffectOrganization, "Effekt för organisationen", "Effect (organisation)", ""),
        (PlanColumn.EffectSociety, "Effekt för samhället", "Effect (society)", ""),
        (PlanColumn.Responsible, "Ansvarig", "Responsible", "Namngiven ansvarig"),
        (PlanColumn.Description, "Beskrivning", "Description", "Högst 4 000 tecken"),
        (PlanColumn.StartDate, "Startdatum", "Start date", "ÅÅÅÅ-MM-DD"),
        (PlanColumn.TargetDate, "Måldatum", "Target date", "ÅÅÅÅ-MM-DD"),
        (PlanColumn.OwnCost, "Egen kostnad (kr)", "Own cost (SEK)", "Kronor"),
        (PlanColumn.CoFinancing, "Medfinansiering (kr)", "Co-financing (SEK)", "Kronor"),
        (PlanColumn.CoFinancedBy, "Medfinansiär", "Co-financed by", ""),
        (PlanColumn.Milestones, "Milstolpar", "Milestones", "En per rad: Titel | ÅÅÅÅ-MM-DD | klar (ett | i titeln skrivs ||)"),
        (PlanColumn.Indicators, "Mätpunkter", "Indicators", "En per rad: Namn | enhet | individ/organisation/samhälle | utgångsvärde | målvärde | måldatum, och för värden från Kolada | Kolada N71000 (kommunkod om inte ägarens)"),
        (PlanColumn.Priority, "Prioritet", "Priority", "Hög, Medel eller Låg (eller 1, 2, 3)"),
    ];

    private static readonly FrozenDictionary<string, PlanColumn> ByHeader = All
        .SelectMany(c => new[] { (Key: Normalize(c.Swedish), c.Column), (Key: Normalize(c.English), c.Column) })
        .Concat([(Key: Normalize("Id"), Column: PlanColumn.Id), (Key: Normalize("Goal areas"), Column: PlanColumn.GoalAreas)])
        .DistinctBy(c => c.Key)
        .ToFrozenDictionary(c => c.Key, c => c.Column);

    public static string Header(PlanColumn column) => All[(int)column].Swedish;

    /// <summary>The column a decider's field name comes from (the API's names: progress_percent, owner_code …).</summary>
    public static string? OfField(string? field) => field switch
    {
        "title" => Header(PlanColumn.Title),
        "owner_code" or "scope" => Header(PlanColumn.Owner),
        "roadmap_item" => Header(PlanColumn.RoadmapItem),
        "participants" => Header(PlanColumn.Participants),
        "goal_areas" => Header(PlanColumn.GoalAreas),
        "description" => Header(PlanColumn.Description),
        "responsible" => Header(PlanColumn.Responsible),
        "target_date" => Header(PlanColumn.TargetDate),
        "budget" => Header(PlanColumn.OwnCost),
        "progress_percent" => Header(PlanColumn.Progress),
        "status" => Header(PlanColumn.Status),
        "priority" => Header(PlanColumn.Priority),
        "comment" or "reason" => Header(PlanColumn.Comment),
        _ => null,
    };

    public static PlanColumn? Of(string header) => ByHeader.TryGetValue(Normalize(header), out var column) ? column : null;

    /// <summary>Lower case, letters and digits only, parenthesised notes dropped: "Förlopp (%)" → "förlopp".</summary>
    public static string Normalize(string text)
    {
        var open = text.IndexOf('(', StringComparison.Ordinal);
        var kept = open > 0 ? text[..open] : text;
        return string.Concat(kept.Where(char.IsLetterOrDigit)).ToLowerInvariant();
    }
}
