using NaraVard.Domain.FollowUp;
using NaraVard.Domain.Rollups;

namespace NaraVard.Server.FollowUp;

/// <summary>
/// The county's spread over the road at the end of each of the last twelve months, as as-of reads fold it from
/// the log: the road's "how it moved over the year".
/// </summary>
/// <remarks>
/// A month that has ended does not change (events are stamped by the server when written), so each month's end is
/// folded once and kept. The first fold after a start runs in the background: a national log takes seconds to
/// build its checkpoints, and the road must not wait for it, so a page waits at most <c>wait</c> and shows the
/// trend on a later visit.
/// </remarks>
internal sealed class PhaseTrend(AsOfReads asOf, TimeProvider time)
{
    public const int Months = 12;

    private readonly Dictionary<DateOnly, Spread> _ends = [];
    private readonly Lock _lock = new();
    private Task? _filling;

    /// <summary>The month ends of the past year with the county's spread at each, from the first with any initiative; null while still folding.</summary>
    public async Task<IReadOnlyList<(DateOnly Day, Spread Spread)>?> MonthEndsAsync(TimeSpan wait, CancellationToken cancellationToken)
    {
        var ends = MonthEnds(SwedishTime.Today(time.GetUtcNow()));
        Task filling;
        lock (_lock)
        {
            if (ends.All(_ends.ContainsKey))
            {
                return Points(ends);
            }

            filling = _filling is { IsCompleted: false } running ? running : _filling = Task.Run(() => FillAsync(ends), CancellationToken.None);
        }

        try
        {
            await filling.WaitAsync(wait, cancellationToken);
        }
        catch (TimeoutException)
        {
            return null;
        }

        lock (_lock)
        {
            return ends.All(_ends.ContainsKey) ? Points(ends) : null;
        }
    }

    /// <summary>The last day of each of the <see cref="Months"/> months before today's month, oldest first.</summary>
    public static IReadOnlyList<DateOnly> MonthEnds(DateOnly today)
    {
        var first = new DateOnly(today.Year, today.Month, 1);
        return [.. Enumerable.Range(0, Months).Select(k => first.AddMonths(k - Months + 1).AddDays(-1))];
    }

    private async Task FillAsync(IReadOnlyList<DateOnly> ends)
    {
        foreach (var day in ends)
        {
            var spread = await asOf.CountySpreadAsync(SwedishTime.EndOf(day), CancellationToken.None);
            lock (_lock)
            {
                _ends[day] = spread;
            }
        }
    }

    private List<(DateOnly Day, Spread Spread)> Points(IReadOnlyList<DateOnly> ends) =>
        [.. ends.Select(day => (day, _ends[day])).SkipWhile(p => p.Item2.Total == 0)];
}
