using System.Threading.Channels;

namespace NaraVard.Grains.Runtime;

/// <summary>
/// One grain in memory: its instance and its mailbox. A single loop takes calls from the mailbox in arrival
/// order and runs each to completion before the next (a turn), so grain code never needs a lock.
/// </summary>
internal sealed class GrainActivation
{
    private readonly Channel<WorkItem> _mailbox = Channel.CreateUnbounded<WorkItem>(new() { SingleReader = true });
    private readonly Lock _gate = new();
    private readonly Grain _instance;
    private bool _closed;
    private bool _deactivationRequested;
    private int _running;
    private int _queued;
    private long _lastActive;
    private volatile bool _activated;

    public GrainActivation(GrainRuntime runtime, GrainId id, Grain instance)
    {
        Runtime = runtime;
        Id = id;
        _instance = instance;
        _lastActive = runtime.Time.GetTimestamp();
        instance.Attach(this);
    }

    public GrainRuntime Runtime { get; }

    public GrainId Id { get; }

    public Task Completion { get; private set; } = Task.CompletedTask;

    public void Start() => Completion = Task.Run(RunAsync);

    /// <summary>Queues a call. False when the activation has closed; the caller then asks for a fresh one.</summary>
    public bool TryEnqueue(WorkItem item)
    {
        lock (_gate)
        {
            if (_closed || !_mailbox.Writer.TryWrite(item))
            {
                return false;
            }

            Interlocked.Increment(ref _queued);
            return true;
        }
    }

    /// <summary>The grain, once activated and until its mailbox closes; null otherwise. For [AlwaysInterleave] reads.</summary>
    public Grain? InterleavingInstance()
    {
        if (!_activated || Volatile.Read(ref _closed))
        {
            return null;
        }

        // A read counts as activity, so a grain that is only read is not collected as idle.
        Volatile.Write(ref _lastActive, Runtime.Time.GetTimestamp());
        return _instance;
    }

    /// <summary>Runs a call that re-enters this grain through its own call chain, inside the turn that waits for it.</summary>
    public Task RunReentrantAsync(WorkItem item) => item.RunAsync(_instance, this);

    public void RequestDeactivation() => _deactivationRequested = true;

    public override string ToString() => $"{Id} running={_running} queued={_queued} lastActive={_lastActive} closed={_closed}";

    public bool IsIdleSince(long timestamp) => Volatile.Read(ref _running) == 0 && Volatile.Read(ref _queued) == 0 && Volatile.Read(ref _lastActive) < timestamp;

    /// <summary>Closes the mailbox if nothing waits in it; then the loop ends after the running turn.</summary>
    public bool TryClose()
    {
        lock (_gate)
        {
            if (_closed || Volatile.Read(ref _queued) > 0)
            {
                return _closed;
            }

            _closed = true;
            _mailbox.Writer.TryComplete();
            return true;
        }
    }

    private async Task RunAsync()
    {
        try
        {
            await _instance.OnActivateAsync(Runtime.Stopping).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // A failed activation fails the calls that waited for it and disappears; the next call starts afresh.
            Close();
            Runtime.Remove(this);
            while (_mailbox.Reader.TryRead(out var waiting))
            {
                waiting.Fail(new GrainActivationException(Id, e));
            }

            Runtime.Log.ActivationFailed(Id.ToString(), e);
            return;
        }

        Runtime.Log.Activated(Id.ToString());
        _activated = true;
        var reason = DeactivationReason.RuntimeStopping;
        await foreach (var item in _mailbox.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            Interlocked.Decrement(ref _queued);
            if (item.IsCompleted)
            {
                continue; // cancelled while it waited
            }

            // Idle time counts from the start of the last turn; while a turn runs, _running keeps the collector away.
            Volatile.Write(ref _running, 1);
            Volatile.Write(ref _lastActive, Runtime.Time.GetTimestamp());
            CallChain.Current = new CallChain(this, item.Chain);
            await item.RunAsync(_instance, this).ConfigureAwait(false);
            CallChain.Current = null;
            Volatile.Write(ref _running, 0);

            if (_deactivationRequested && TryClose())
            {
                reason = DeactivationReason.Requested;
            }
            else if (item is DeactivationItem && TryClose())
            {
                reason = DeactivationReason.Idle;
            }
        }

        Runtime.Remove(this);
        try
        {
            await _instance.OnDeactivateAsync(reason, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            Runtime.Log.DeactivationFailed(Id.ToString(), e);
        }

        Runtime.Log.Deactivated(Id.ToString(), reason);
    }

    private void Close()
    {
        lock (_gate)
        {
            _closed = true;
            _mailbox.Writer.TryComplete();
        }
    }
}

/// <summary>The activation could not start (its state failed to load). The grain is not poisoned: the next call tries again.</summary>
public sealed class GrainActivationException(GrainId id, Exception inner)
    : Exception($"Grain {id} failed to activate: {inner.Message}", inner);
