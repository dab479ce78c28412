using System.Threading.Channels;

namespace NaraVard.Persistence;

/// <summary>An append waiting for the writer; completed once, after the commit that holds it (or its failure).</summary>
public sealed record PendingAppend(string StreamId, long ExpectedVersion, IReadOnlyList<EventData> Events)
{
    public TaskCompletionSource<AppendResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The write's trace when tracing is on (bench/run trace).</summary>
    public WriteTrace? Trace { get; } = WriteTrace.Current;

    /// <summary>The conflict to answer with when the stream is not at the expected version; null when it is.</summary>
    public WrongExpectedVersionException? Conflict(long currentVersion) =>
        ExpectedVersion != Persistence.ExpectedVersion.Any && ExpectedVersion != currentVersion
            ? new WrongExpectedVersionException(StreamId, ExpectedVersion, currentVersion)
            : null;
}

/// <summary>
/// The group-commit mechanism both stores share: callers queue appends; one writer takes every append waiting
/// at that moment as a batch, commits it in one transaction, then settles each append. Nothing is acknowledged
/// before its batch committed.
/// </summary>
public sealed class GroupCommitQueue(int maxBatch)
{
    private readonly Channel<PendingAppend> _appends = Channel.CreateUnbounded<PendingAppend>(new() { SingleReader = true });

    public Task<AppendResult> EnqueueAsync(string streamId, long expectedVersion, IReadOnlyList<EventData> events, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(streamId);
        ArgumentOutOfRangeException.ThrowIfZero(events.Count);

        // Once queued, an append is not cancelled: the caller may stop waiting, but the writer decides its outcome.
        WriteTrace.MarkCurrent("store.queued");
        var pending = new PendingAppend(streamId, expectedVersion, events);
        return _appends.Writer.TryWrite(pending)
            ? pending.Completion.Task.WaitAsync(cancellationToken)
            : Task.FromException<AppendResult>(new StoreUnavailableException("The event store is closed."));
    }

    /// <summary>The batches for the writer, until <see cref="Complete"/> is called and the queue is drained.</summary>
    public async IAsyncEnumerable<IReadOnlyList<PendingAppend>> BatchesAsync()
    {
        while (await NextBatchAsync().ConfigureAwait(false) is { } batch)
        {
            yield return batch;
        }
    }

    /// <summary>
    /// Every append waiting at this moment (at most the batch size), once there is one; null when the queue is
    /// complete and drained. One writer takes them (the channel is single-reader).
    /// </summary>
    public async ValueTask<IReadOnlyList<PendingAppend>?> NextBatchAsync()
    {
        while (await _appends.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            var batch = new List<PendingAppend>();
            while (batch.Count < maxBatch && _appends.Reader.TryRead(out var next))
            {
                next.Trace?.Mark("store.batch");
                batch.Add(next);
            }

            if (batch.Count > 0)
            {
                return batch;
            }
        }

        return null;
    }

    public void Complete() => _appends.Writer.TryComplete();

    /// <summary>Answers every append of a committed batch; returns the highest position committed (0 when none).</summary>
    public static long Settle(IReadOnlyList<PendingAppend> batch, IReadOnlyList<(AppendResult? Result, Exception? Error)> outcomes)
    {
        long head = 0;
        for (var i = 0; i < batch.Count; i++)
        {
            batch[i].Trace?.Mark("store.committed");
            if (outcomes[i].Result is { } result)
            {
                head = Math.Max(head, result.LastPosition);
                batch[i].Completion.TrySetResult(result);
            }
            else
            {
                batch[i].Completion.TrySetException(outcomes[i].Error!);
            }
        }

        return head;
    }

    /// <summary>The batch did not commit (or its outcome is unknown): none of it is acknowledged.</summary>
    public static void Fail(IReadOnlyList<PendingAppend> batch, string message, Exception cause)
    {
        foreach (var pending in batch)
        {
            pending.Completion.TrySetException(new StoreUnavailableException(message, cause));
        }
    }
}
