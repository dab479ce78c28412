using NaraVard.Domain.FollowUp;
using NaraVard.Persistence;

namespace NaraVard.Server.FollowUp;

/// <summary>
/// Checkpoints of the county's fold at log positions, so that a moment folds only from the nearest checkpoint
/// before it instead of from the start of the log. Built on the first read as of a moment and kept up with the
/// log on every later one; at most <see cref="MaxCheckpoints"/> are kept (when more would be, every other one is
/// dropped and the spacing doubles), so memory stays bounded and a moment folds at most an eighth of the log.
/// </summary>
/// <remarks>
/// A moment is a time, a checkpoint a position, and the two orders agree only roughly (a report's time is taken
/// before it commits; imports and tests write other times). So each checkpoint keeps the latest time among the
/// events up to it, and every page of <see cref="PageSize"/> events after the start of the log keeps its
/// earliest: a moment starts from the last checkpoint whose every event happened at or before it, and reads on
/// only through the last page holding an event at or before it. That is exact whatever the order; it is fast
/// when times follow the log, as they do when people write.
/// </remarks>
/// <param name="spacing">Events between checkpoints until the first thinning (small in tests, to see many).</param>
/// <param name="pageSize">Events per page of the time index (small in tests).</param>
internal sealed class LogCheckpoints(IEventStore store, int spacing = LogCheckpoints.FirstSpacing, int pageSize = LogCheckpoints.PageSize)
{
    public const int MaxCheckpoints = 16;
    public const int FirstSpacing = 10_000;
    public const int PageSize = 2_000;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly List<Checkpoint> _checkpoints = [new(0, new CountyFold(), DateTimeOffset.MinValue, Kept: true)];
    private readonly List<(long Through, DateTimeOffset Earliest)> _pages = [];
    private readonly CountyFold _head = new();
    private long _through;
    private DateTimeOffset _latest = DateTimeOffset.MinValue;
    private DateTimeOffset _pageEarliest = DateTimeOffset.MaxValue;
    private int _inPage;
    private int _sinceCheckpoint;
    private int _spacing = spacing;

    /// <summary>How many checkpoints are kept now (the empty one at the start of the log included).</summary>
    public int Count => _checkpoints.Count;

    /// <summary>The county as of the moment.</summary>
    public async Task<AsOf> AtAsync(DateTimeOffset moment, CancellationToken cancellationToken)
    {
        var (start, through) = (await PlanAsync([moment], cancellationToken))[0];
        return AsOf.Resume(Own(start), await LogReader.ReadAsync(store, start.Through, through, cancellationToken), moment);
    }

    /// <summary>The county at both ends of a period and, in log order, every event that may have happened within it.</summary>
    public async Task<(AsOf Then, AsOf Now, List<(long Position, object Event)> Period)> PeriodAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var plans = await PlanAsync([from, to], cancellationToken);
        var ((start, _), (end, through)) = (plans[0], plans[1]);

        // Nothing after the period's last page happened within it, nor anything up to its first checkpoint.
        var period = await LogReader.ReadAsync(store, start.Through, through, cancellationToken);
        var then = AsOf.Resume(Own(start), period, from);
        var now = AsOf.Resume(Own(end), period.Where(e => e.Position > end.Through), to);
        return (then, now, period);
    }

    /// <summary>
    /// Catches up with the log, then picks for each moment the checkpoint it starts from (the head itself, copied,
    /// when every event so far happened at or before it) and the position to read through.
    /// </summary>
    private async Task<List<(Checkpoint Start, long Through)>> PlanAsync(DateTimeOffset[] moments, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var before = _through;
            _through = await LogReader.ReadAsync(store, _through, long.MaxValue, Take, cancellationToken);
            if (_through - before >= Heap.LargeFold)
            {
                Heap.ReturnGarbage(); // the copies made on the way that are no checkpoint now
            }

            return [.. moments.Select(Plan)];
        }
        finally
        {
            _gate.Release();
        }
    }

    private (Checkpoint Start, long Through) Plan(DateTimeOffset moment)
    {
        if (_latest <= moment)
        {
            return (new Checkpoint(_through, _head.Copy(), _latest, Kept: false), _through);
        }

        var start = _checkpoints.FindLast(c => c.Latest <= moment)!;
        var through = _pageEarliest <= moment ? _through : start.Through;
        for (var i = _pages.Count - 1; i >= 0 && _pages[i].Through > through; i--)
        {
            if (_pages[i].Earliest <= moment)
            {
                through = _pages[i].Through;
                break;
            }
        }

        return (start, through);
    }

    /// <summary>A fold a moment may fold on into: a kept checkpoint's copy, or the head's copy made for this moment alone.</summary>
    private static CountyFold Own(Checkpoint start) => start.Kept ? start.Fold.Copy() : start.Fold;

    private void Take((long Position, object Event) e)
    {
        if (_head.Apply(e.Position, e.Event, DateTimeOffset.MaxValue) is not { } at)
        {
            return;
        }

        _latest = at > _latest ? at : _latest;
        _pageEarliest = at < _pageEarliest ? at : _pageEarliest;
        if (++_inPage == pageSize)
        {
            _pages.Add((e.Position, _pageEarliest));
            (_inPage, _pageEarliest) = (0, DateTimeOffset.MaxValue);
        }

        if (++_sinceCheckpoint < _spacing)
        {
            return;
        }

        _checkpoints.Add(new Checkpoint(e.Position, _head.Copy(), _latest, Kept: true));
        _sinceCheckpoint = 0;
        if (_checkpoints.Count > MaxCheckpoints)
        {
            // Keep the start and every other one; the spacing doubles.
            var kept = _checkpoints.Where((_, i) => i % 2 == 0).ToList();
            _checkpoints.Clear();
            _checkpoints.AddRange(kept);
            _spacing *= 2;
        }
    }

    /// <param name="Through">The log position the fold reaches.</param>
    /// <param name="Latest">The latest time among the events up to it.</param>
    /// <param name="Kept">One of the checkpoints (copied before folding on), not the head's copy for one moment.</param>
    private sealed record Checkpoint(long Through, CountyFold Fold, DateTimeOffset Latest, bool Kept);
}
