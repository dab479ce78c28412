using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace NaraVard.Persistence;

/// <summary>
/// Wall-clock marks of one write on its way through gateway, grain and store, for <c>bench/run trace</c>. Off
/// unless the server runs with <c>NaraVard:TraceWrites=true</c>: then each traced call collects its marks and the
/// gateway logs them as one line. The grain call crosses Orleans' scheduler, so the trace travels by id (in the
/// call's request context) and continues in the grain's own flow; the store picks it up when the write is queued.
/// </summary>
public sealed class WriteTrace
{
    public const string ContextKey = "nv-trace";
    private static readonly AsyncLocal<WriteTrace?> Flow = new();
    private static readonly ConcurrentDictionary<long, WriteTrace> Open = new();
    private static long _next;
    private readonly List<(string Stage, long At)> _marks = [];

    private WriteTrace(long id) => Id = id;

    public static bool Enabled { get; set; }

    public long Id { get; }

    /// <summary>The trace of the flow this code runs in, if any.</summary>
    public static WriteTrace? Current => Flow.Value;

    /// <summary>Starts a trace in this flow (null when tracing is off).</summary>
    public static WriteTrace? Start(string stage)
    {
        if (!Enabled)
        {
            return null;
        }

        var trace = new WriteTrace(Interlocked.Increment(ref _next));
        Open[trace.Id] = trace;
        Flow.Value = trace;
        trace.Mark(stage);
        return trace;
    }

    /// <summary>Continues a trace started elsewhere in this process (the grain's side of a call), in this flow.</summary>
    public static void Resume(object? id, string stage)
    {
        if (id is long key && Open.TryGetValue(key, out var trace))
        {
            Flow.Value = trace;
            trace.Mark(stage);
        }
    }

    public static void MarkCurrent(string stage) => Flow.Value?.Mark(stage);

    public void Mark(string stage)
    {
        lock (_marks)
        {
            _marks.Add((stage, Stopwatch.GetTimestamp()));
        }
    }

    /// <summary>Ends the trace: its marks as "stage=µs" after the first mark, in order.</summary>
    public string Finish()
    {
        Open.TryRemove(Id, out _);
        lock (_marks)
        {
            var start = _marks[0].At;
            return string.Join(' ', _marks.OrderBy(m => m.At).Select(m => $"{m.Stage}={Stopwatch.GetElapsedTime(start, m.At).TotalMicroseconds.ToString("0", CultureInfo.InvariantCulture)}"));
        }
    }
}
