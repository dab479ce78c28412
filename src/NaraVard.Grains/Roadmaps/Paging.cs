using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using NaraVard.Domain;

namespace NaraVard.Grains.Roadmaps;

/// <summary>
/// Keyset paging over ids in order: a page starts after the last id of the previous one, so pages stay stable
/// under inserts. The page token is opaque and checkable: the last id with a check over it and the query's
/// filters, so a token the server did not issue, or one from another query, is refused instead of paging wrong.
/// </summary>
public static class Paging
{
    private const int CheckLength = 8;

    public static (List<T> Page, string? Next) Page<T>(SortedSet<string> ids, Func<string, T?> find, Func<T, string> idOf, int pageSize, string? pageToken, string queryKey, Func<T, bool> matches)
        where T : class
    {
        var size = Math.Clamp(pageSize <= 0 ? 50 : pageSize, 1, InitiativeQuery.MaxPageSize);
        var after = string.IsNullOrEmpty(pageToken) ? null : LastIdOf(pageToken, queryKey);
        IEnumerable<string> candidates = after is null ? ids
            : ids.Count == 0 || string.CompareOrdinal(after, ids.Max) >= 0 ? []
            : ids.GetViewBetween(after, ids.Max!).Where(id => id != after);
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
                next = Token(idOf(page[^1]), queryKey);
                break;
            }

            page.Add(item);
        }

        return (page, next);
    }

    /// <summary>
    /// Keyset paging in another order than the ids': the items that match, by a key that sorts ordinally (and ends
    /// in the id, so it is unique); a page starts after the last key of the previous one.
    /// </summary>
    public static (List<T> Page, string? Next) PageBy<T>(IEnumerable<T> items, Func<T, string> keyOf, int pageSize, string? pageToken, string queryKey, Func<T, bool> matches)
    {
        var size = Math.Clamp(pageSize <= 0 ? 50 : pageSize, 1, InitiativeQuery.MaxPageSize);
        var after = string.IsNullOrEmpty(pageToken) ? null : LastIdOf(pageToken, queryKey);
        var sorted = items.Where(matches)
            .Select(item => (Key: keyOf(item), Item: item))
            .Where(x => after is null || string.CompareOrdinal(x.Key, after) > 0)
            .OrderBy(x => x.Key, StringComparer.Ordinal)
            .Take(size + 1)
            .ToList();
        return ([.. sorted.Take(size).Select(x => x.Item)], sorted.Count > size ? Token(sorted[size - 1].Key, queryKey) : null);
    }

    /// <summary>A page of initiatives in the query's order: the present's list and the lists as of a past moment alike.</summary>
    public static (List<Domain.Rollups.InitiativeSummary> Page, string? Next) Initiatives(InitiativeQuery query, SortedSet<string> ids, Func<string, Domain.Rollups.InitiativeSummary?> find, IEnumerable<Domain.Rollups.InitiativeSummary> all, Func<Domain.Rollups.InitiativeSummary, bool> matches) =>
        query.Order == InitiativeOrder.Id
            ? Page(ids, find, s => s.Id, query.PageSize, query.PageToken, query.PageKey(), matches)
            : PageBy(all, query.SortKey, query.PageSize, query.PageToken, query.PageKey(), matches);

    public static string Token(string lastId, string queryKey)
    {
        var id = Encoding.UTF8.GetBytes(lastId);
        return Base64Url.EncodeToString([.. id, .. Check(id, queryKey)]);
    }

    /// <summary>The last id a token this server issued for this query stands for; INVALID_ARGUMENT naming page_token otherwise.</summary>
    public static string LastIdOf(string token, string queryKey)
    {
        byte[] bytes;
        try
        {
            bytes = Base64Url.DecodeFromChars(token);
        }
        catch (FormatException)
        {
            bytes = [];
        }

        return bytes.Length > CheckLength && bytes.AsSpan(bytes.Length - CheckLength).SequenceEqual(Check(bytes.AsSpan(0, bytes.Length - CheckLength), queryKey))
            ? Encoding.UTF8.GetString(bytes, 0, bytes.Length - CheckLength)
            : throw DomainException.Invalid("page_token", "was not issued by this server for this query; leave it empty to start from the first page");
    }

    private static byte[] Check(ReadOnlySpan<byte> id, string queryKey) =>
        SHA256.HashData([.. Encoding.UTF8.GetBytes($"naravard-page/v1|{queryKey}|"), .. id])[..CheckLength];
}
