using System.Globalization;
using Google.Protobuf.Collections;
using NaraVard.Api.V1;
using NaraVard.Grains.Roadmaps;
using NaraVard.Grains.Storage;
using NaraVard.Server.Mapping;

namespace NaraVard.Server.Services;

/// <summary>
/// Pages bounded by count and by bytes, so no answer passes the message limit: a history of thousands of reports
/// with long texts, a list of obstacles with long descriptions. History tokens are opaque and checked like the
/// list tokens.
/// </summary>
internal static class AnswerPages
{
    public const int DefaultSize = 100;
    public const int MaxSize = 500;

    /// <summary>Well under the 4 MiB message limit, whatever the last event adds.</summary>
    public const int MaxBytes = 2 * 1024 * 1024;

    public static int Size(int pageSize) =>
        pageSize == 0 ? DefaultSize
        : pageSize is >= 1 and <= MaxSize ? pageSize
        : throw StatusMapping.Invalid("page_size", $"must be between 0 and {MaxSize}");

    public static long AfterVersion(string pageToken, string id) =>
        pageToken.Length == 0 ? 0 : long.Parse(Paging.LastIdOf(pageToken, Key(id)), CultureInfo.InvariantCulture);

    /// <summary>
    /// Adds the page to <paramref name="into"/> from <paramref name="entries"/> (asked for one more than the page
    /// size) and returns the next page's token, or "" when this is the last page.
    /// </summary>
    public static string Fill<TEvent>(RepeatedField<HistoryEvent> into, IReadOnlyList<HistoryEntry<TEvent>> entries, int size, string id, Func<HistoryEntry<TEvent>, HistoryEvent> map)
    {
        var bytes = 0;
        var last = 0L;
        foreach (var entry in entries.Take(size))
        {
            var mapped = map(entry);
            var added = mapped.CalculateSize() + 8;
            if (into.Count > 0 && bytes + added > MaxBytes)
            {
                break;
            }

            into.Add(mapped);
            bytes += added;
            last = entry.Version;
        }

        return into.Count < entries.Count ? Paging.Token(last.ToString(CultureInfo.InvariantCulture), Key(id)) : "";
    }

    private static string Key(string id) => $"history:{id}";
}
