namespace NaraVard.Kolada;

/// <summary>
/// What was known when. Kolada revises values without notice, so a fetched value never overwrites one already
/// kept: it is a new version when it is new or differs from the latest version of its key (KPI, municipality,
/// period, gender), and a read as of a moment takes, for each key, the latest version fetched by then. So a
/// meeting pack printed again a month later shows what the meeting saw, and the change report can say "revised".
/// </summary>
public static class KoladaVersions
{
    /// <summary>The fetched values worth keeping: new keys, and keys whose value or status differs from the latest kept version.</summary>
    public static IReadOnlyList<KoladaValue> NewVersions(IEnumerable<KoladaValue> kept, IEnumerable<KoladaValue> fetched)
    {
        var latest = Latest(kept);
        return [.. fetched.Where(v => !latest.TryGetValue(Key(v), out var known) || known.Value != v.Value || known.Status != v.Status)];
    }

    /// <summary>Each key's latest version fetched at or before the moment: what NaraVard knew then.</summary>
    public static IReadOnlyList<KoladaValue> AsOf(IEnumerable<KoladaValue> kept, DateTimeOffset moment) =>
        [.. Latest(kept.Where(v => v.FetchedAt <= moment)).Values.OrderBy(v => v.Kpi, StringComparer.Ordinal).ThenBy(v => v.Municipality, StringComparer.Ordinal).ThenBy(v => v.Period).ThenBy(v => v.Gender, StringComparer.Ordinal)];

    /// <summary>The versions fetched in the period that replaced an earlier one: Kolada's revisions, not its new publications.</summary>
    public static IReadOnlyList<KoladaValue> Revisions(IEnumerable<KoladaValue> kept, DateTimeOffset from, DateTimeOffset to)
    {
        var all = kept.ToList();
        return [.. all.Where(v => v.FetchedAt > from && v.FetchedAt <= to && all.Any(earlier => Key(earlier) == Key(v) && earlier.FetchedAt < v.FetchedAt))];
    }

    private static (string, string, int, string) Key(KoladaValue v) => (v.Kpi, v.Municipality, v.Period, v.Gender);

    private static Dictionary<(string, string, int, string), KoladaValue> Latest(IEnumerable<KoladaValue> values)
    {
        var latest = new Dictionary<(string, string, int, string), KoladaValue>();
        foreach (var v in values)
        {
            if (!latest.TryGetValue(Key(v), out var known) || v.FetchedAt >= known.FetchedAt)
            {
                latest[Key(v)] = v;
            }
        }

        return latest;
    }
}
