namespace NaraVard.Grains.Runtime;

/// <summary>One call waiting in a mailbox. Completed exactly once: by the call, by a failure, or by cancellation.</summary>
internal abstract class WorkItem
{
    protected WorkItem(CallChain? chain) => Chain = chain;

    public CallChain? Chain { get; }

    public abstract bool IsCompleted { get; }

    public abstract Task RunAsync(Grain grain, GrainActivation activation);

    public abstract void Fail(Exception error);
}

internal sealed class CallItem<T> : WorkItem
{
    private readonly Func<Grain, Task<T>> _call;
    private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenRegistration _cancellation;

    public CallItem(Func<Grain, Task<T>> call, CallChain? chain, CancellationToken cancellationToken)
        : base(chain)
    {
        _call = call;
        if (cancellationToken.CanBeCanceled)
        {
            // A caller that gives up stops waiting at once, even while the call is still queued.
            _cancellation = cancellationToken.Register(() => _completion.TrySetCanceled(cancellationToken));
        }
    }

    public Task<T> Task => _completion.Task;

    public override bool IsCompleted => _completion.Task.IsCompleted;

    public override async Task RunAsync(Grain grain, GrainActivation activation)
    {
        try
        {
            _completion.TrySetResult(await _call(grain).ConfigureAwait(false));
        }
        catch (OperationCanceledException e)
        {
            _completion.TrySetCanceled(e.CancellationToken);
        }
        catch (Exception e)
        {
            _completion.TrySetException(e);
        }
        finally
        {
            await _cancellation.DisposeAsync().ConfigureAwait(false);
        }
    }

    public override void Fail(Exception error) => _completion.TrySetException(error);
}

/// <summary>Queued by the idle collector; when its turn comes and nothing waits behind it, the activation closes.</summary>
internal sealed class DeactivationItem() : WorkItem(null)
{
    private bool _done;

    public override bool IsCompleted => _done;

    public override Task RunAsync(Grain grain, GrainActivation activation)
    {
        _done = true;
        return System.Threading.Tasks.Task.CompletedTask;
    }

    public override void Fail(Exception error) => _done = true;
}
