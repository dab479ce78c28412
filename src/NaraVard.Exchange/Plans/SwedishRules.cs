using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;
using NaraVard.Domain;

namespace NaraVard.Exchange.Plans;

/// <summary>
/// The domain's rules as an import's problems say them: in Swedish, for the officer who wrote the spreadsheet. The
/// rules themselves live in the deciders, which speak the API's words (what gRPC and a script get); here each is
/// matched by its words and said again in Swedish. A rule not listed is given as the domain wrote it, marked so.
/// </summary>
public static class SwedishRules
{
    private static readonly (Regex Rule, Func<Match, string> Swedish)[] Rules =
    [
        (Pattern(@"^is required$"), _ => "måste fyllas i"),
        (Pattern(@"^must be at most (?<max>\d+) characters \(was (?<was>\d+)\)$"), m => $"får vara högst {m.Groups["max"]} tecken (var {m.Groups["was"]})"),
        (Pattern(@"^must not be before start_date(?: \((?<start>[\d-]+)\))?$"), m => "måldatum får inte vara före startdatum" + (m.Groups["start"].Success ? $" ({m.Groups["start"]})" : "")),
        (Pattern(@"^amounts must not be negative$"), _ => "beloppen får inte vara negativa"),
        (Pattern(@"^must be between 0 and 100 \(was (?<was>-?\d+)\)$"), m => $"förloppet ska vara mellan 0 och 100 % (var {m.Groups["was"]})"),
        (Pattern(@"^unknown organisation code '(?<code>[^']*)'$"), m => $"okänd organisation ”{m.Groups["code"]}”"),
        (Pattern(@"^unknown roadmap item '(?<code>[^']*)'$"), m => $"okänd färdplanspunkt ”{m.Groups["code"]}”"),
        (Pattern(@"^unknown target-picture area '(?<code>[^']*)'$"), m => $"okänt målbildsområde ”{m.Groups["code"]}”"),
        (Pattern(@"^a regional initiative must be owned by the region$"), _ => "ett regionalt initiativ ägs av regionen"),
        (Pattern(@"^a municipal initiative must be owned by a municipality$"), _ => "ett kommunalt initiativ ägs av en kommun"),
        (Pattern(@"^only joint initiatives have participants$"), _ => "bara gemensamma initiativ har deltagare"),
        (Pattern(@"^initiative \S+ is not joint; only joint initiatives have participants$"), _ => "initiativet är inte gemensamt: bara gemensamma initiativ har deltagare"),
        (Pattern(@"^at most (?<max>\d+) participants$"), m => $"högst {m.Groups["max"]} deltagare"),
        (Pattern(@"^at most (?<max>\d+) effects$"), m => $"högst {m.Groups["max"]} effekter"),
        (Pattern(@"^an initiative has at most (?<max>\d+) (?<what>milestones|indicators)$"), m => $"ett initiativ har högst {m.Groups["max"]} {(m.Groups["what"].Value == "milestones" ? "milstolpar" : "mätpunkter")}"),
        (Pattern(@"^initiative \S+ is closed \((?<phase>\w+)\) and cannot change$"), m => $"initiativet är avslutat ({Phase(m.Groups["phase"].Value)}) och kan inte ändras"),
        (Pattern(@"^initiative \S+ is paused; resume it before reporting progress$"), _ => "initiativet är pausat: återuppta det innan förloppet rapporteras"),
        (Pattern(@"^initiative \S+ is (?<not>not )?(?:already )?paused$"), m => m.Groups["not"].Success ? "initiativet är inte pausat" : "initiativet är redan pausat"),
        (Pattern(@"^cannot move initiative \S+ from (?<from>\w+) to (?<to>\w+): .*$"), m => $"kan inte gå från fas {Phase(m.Groups["from"].Value)} till {Phase(m.Groups["to"].Value)}"),
        (Pattern(@"^initiative \S+ is in (?<phase>\w+); only an initiative in genomforande can be done$"), m => $"initiativet är i {Phase(m.Groups["phase"].Value)}: bara ett initiativ i genomförande kan bli genomfört"),
        (Pattern(@"^the revision changes nothing in initiative \S+'s plan$"), _ => "revideringen ändrar ingenting i planen"),
        (Pattern(@"^must be after the baseline date \((?<day>[\d-]+)\)$"), m => $"måldatum ska vara efter utgångsvärdets datum ({m.Groups["day"]})"),
        (Pattern(@"^must differ from the baseline$"), _ => "målvärdet ska skilja sig från utgångsvärdet"),
        (Pattern(@"^'(?<kpi>[^']*)' is not a Kolada KPI id: .*$"), m => $"”{m.Groups["kpi"]}” är inget nyckeltal i Kolada: en bokstav och fem siffror, som N71000"),
        (Pattern(@"^'(?<code>[^']*)' is not a Kolada municipality code: .*$"), m => $"”{m.Groups["code"]}” är ingen kommunkod i Kolada: fyra siffror, som 0580 eller 0005"),
        (Pattern(@"^(?<who>.+) \((?<org>\w*), (?<role>\w+)\): an editor for (?<mine>\w+) may only create initiatives owned by (?<own>\w+), not (?<owner>\w+)$"), m => $"{m.Groups["who"]} får bara skapa initiativ som {m.Groups["own"]} äger, inte {m.Groups["owner"]}s"),
        (Pattern(@"^(?<who>.+) \((?<org>\w*), (?<role>\w+)\): (?<mine>\w+) may not change (?<owner>\w+)'s initiative \S+$"), m => $"{m.Groups["who"]} får inte ändra {m.Groups["owner"]}s initiativ"),
        (Pattern(@"^(?<who>.+) \((?<org>\w*), (?<role>\w+)\): a (?<as>\w+) may not change initiatives; editors of the owning organisation may$"), m => $"{m.Groups["who"]} ({m.Groups["as"]}) får inte ändra initiativ: det får ägarens redaktörer"),
    ];

    /// <summary>The rule the decider refused with, in Swedish.</summary>
    public static string Say(DomainException refusal)
    {
        // The message names its field first ("progress_percent: must be …"); the import names the column instead.
        var text = refusal.Field is { } field && refusal.Message.StartsWith(field + ": ", StringComparison.Ordinal) ? refusal.Message[(field.Length + 2)..] : refusal.Message;
        foreach (var (rule, swedish) in Rules)
        {
            if (rule.Match(text) is { Success: true } match)
            {
                return swedish(match);
            }
        }

        return $"regeln (som API:t skriver den): {refusal.Message}";
    }

    private static string Phase(string code) =>
        Enum.GetValues<Domain.Phase>().Where(p => p.Code() == code).Select(p => p.Name().ToLowerInvariant()).FirstOrDefault() ?? code;

    private static Regex Pattern([StringSyntax(StringSyntaxAttribute.Regex)] string pattern) => new(pattern, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
}
