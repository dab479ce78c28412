using NaraVard.Domain;

namespace NaraVard.Web;

/// <summary>
/// A write the domain refused, said in Swedish for the form: what happened, and the rule itself in the words
/// the gRPC API uses (the same text a script gets), next to the field it names.
/// </summary>
public sealed record Refusal(string? Field, string Headline, string Rule)
{
    public static Refusal From(DomainException e) => new(e.Field, e.Kind switch
    {
        ErrorKind.InvalidArgument => $"Uppgiften godtogs inte{(e.Field is { } f ? $" ({Label(f)})" : "")}.",
        ErrorKind.PermissionDenied => "Du har inte behörighet att göra den här ändringen.",
        ErrorKind.Conflict => "Någon annan ändrade samtidigt. Läs in sidan igen och försök på nytt.",
        ErrorKind.FailedPrecondition => "Ändringen är inte tillåten i nuvarande läge.",
        ErrorKind.NotFound => "Det du ändrar finns inte.",
        ErrorKind.AlreadyExists => "Det finns redan.",
        ErrorKind.ResourceExhausted => "Du har nått gränsen för hur mycket du kan göra på kort tid. Försök igen om en stund.",
        _ => "Ändringen sparades inte.",
    }, e.Message);

    /// <summary>A value the form itself could not read, before any rule was asked.</summary>
    public static Refusal Unreadable(string field, string what) => new(field, $"Uppgiften godtogs inte ({Label(field)}).", what);

    public bool Names(string field) => string.Equals(Field, field, StringComparison.Ordinal);

    private static string Label(string field) => field switch
    {
        "progress_percent" => "förlopp",
        "status" => "status",
        "comment" => "kommentar",
        "to" => "fas",
        "title" => "rubrik",
        "description" => "beskrivning",
        "category" => "kategori",
        "severity" => "allvar",
        "note" => "anteckning",
        "blocked_initiatives" => "blockerade initiativ",
        "blocked_organizations" => "blockerade organisationer",
        "owner" => "ansvarig",
        "next_step" => "nästa steg",
        "due" => "senast",
        "kolada_kpi" => "nyckeltal i Kolada",
        "kolada_municipality" => "Kolada-värden för",
        _ => field,
    };
}
