namespace NaraVard.Grains.Roadmaps;

/// <summary>Keyset paging over ids in order: the page token is the last id of the previous page, so pages stay stable under inserts.</summary>
internal static class Paging
{
    public static (List<T> Page, string? Next) Page<T>(SortedSet<string> ids, Func<string, T?> find, Func<T, string> idOf, int pageSize, string? pageToken, Func<T, bool> matches)
        where T : class
    {
        var size = Math.Clamp(pageSize <= 0 ? 50 : pageSize, 1, InitiativeQuery.MaxPageSize);
        IEnumerable<string> candidates = string.IsNullOrEmpty(pageToken) ? ids
            : ids.Count == 0 || string.CompareOrdinal(pageToken, ids.Max) >= 0 ? []
            : ids.GetViewBetween(pageToken, ids.Max!).Where(id => id != pageToken);
        var page = new List<T>(size);
        string? next = null;
        foreach (var id in candidates)
        {
            if (find(id) is not { } item || !matches(item))
            {
                continue;
            }

            if (page.Count == size)
            {
                next = idOf(page[^1]);
                break;
            }

            page.Add(item);
        }

        return (page, next);
    }
}
