namespace NaraVard.Persistence;

/// <summary>Wakes waiters when the head of the log moves. Cheap: one shared task replaced per signal.</summary>
public sealed class AppendSignal
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _head;

    public long Head => Volatile.Read(ref _head);

    public void Signal(long head)
    {
        // The head only moves forward, even when two signals race.
        for (var current = Interlocked.Read(ref _head); head > current; current = Interlocked.Read(ref _head))
        {
            if (Interlocked.CompareExchange(ref _head, head, current) == current)
            {
                break;
            }
        }

        Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    public async Task WaitAsync(long afterPosition, CancellationToken cancellationToken)
    {
        var next = Volatile.Read(ref _next).Task;
        if (Head > afterPosition)
        {
            return;
        }

        await next.WaitAsync(cancellationToken).ConfigureAwait(false);
    }
}
