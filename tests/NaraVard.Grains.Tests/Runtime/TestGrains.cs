using System.Collections.Concurrent;
using NaraVard.Grains.Runtime;

namespace NaraVard.Grains.Tests.Runtime;

public interface ITurnGrain : IGrainWithStringKey
{
    /// <summary>Records the sequence number; detects any other call running at the same time.</summary>
    Task<int> EnterAsync(int sequence);

    Task<TurnReport> ReportAsync();
}

public sealed record TurnReport(int Calls, int Overlaps, IReadOnlyList<int> Order);

public sealed class TurnGrain : Grain, ITurnGrain
{
    private readonly List<int> _order = [];
    private int _inside;
    private int _overlaps;

    public async Task<int> EnterAsync(int sequence)
    {
        if (Interlocked.Increment(ref _inside) != 1)
        {
            Interlocked.Increment(ref _overlaps);
        }

        _order.Add(sequence);

        // Give up the thread in the middle of the turn, so any interleaving would be caught.
        await Task.Yield();
        if (sequence % 7 == 0)
        {
            await Task.Delay(1);
        }

        if (Volatile.Read(ref _inside) != 1)
        {
            Interlocked.Increment(ref _overlaps);
        }

        Interlocked.Decrement(ref _inside);
        return _order.Count;
    }

    public Task<TurnReport> ReportAsync() => Task.FromResult(new TurnReport(_order.Count, _overlaps, [.. _order]));
}

public interface IGateGrain : IGrainWithStringKey
{
    /// <summary>Signals that it entered, then waits for the gate named by the key to open.</summary>
    Task PassAsync(CancellationToken cancellationToken = default);

    Task<int> CountAsync(CancellationToken cancellationToken = default);

    /// <summary>Reads the count without a turn of its own.</summary>
    [AlwaysInterleave]
    Task<int> PeekAsync();
}

public sealed class GateGrain : Grain, IGateGrain
{
    public static readonly ConcurrentDictionary<string, TaskCompletionSource> Gates = new();
    public static readonly ConcurrentDictionary<string, TaskCompletionSource> Entered = new();
    private int _count;

    public async Task PassAsync(CancellationToken cancellationToken = default)
    {
        Entered.GetOrAdd(this.GetPrimaryKeyString(), _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        await Gates.GetOrAdd(this.GetPrimaryKeyString(), _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).Task.WaitAsync(cancellationToken);
        _count++;
    }

    public Task<int> CountAsync(CancellationToken cancellationToken = default) => Task.FromResult(++_count);

    public Task<int> PeekAsync() => Task.FromResult(Volatile.Read(ref _count));
}

public interface IMemoryGrain : IGrainWithStringKey
{
    Task SetAsync(string value);

    Task<string?> GetAsync();

    Task FailAsync();
}

/// <summary>Keeps its value in a "store" (a shared dictionary) and counts its activations and deactivations.</summary>
public sealed class MemoryGrain : Grain, IMemoryGrain
{
    public static readonly ConcurrentDictionary<string, string> Store = new();
    public static readonly ConcurrentDictionary<string, int> Activations = new();
    public static readonly ConcurrentDictionary<string, int> Deactivations = new();
    public static readonly ConcurrentDictionary<string, int> FailActivations = new();
    private string? _value;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var key = this.GetPrimaryKeyString();
        Activations.AddOrUpdate(key, 1, (_, n) => n + 1);
        if (FailActivations.TryGetValue(key, out var failures) && failures > 0)
        {
            FailActivations[key] = failures - 1;
            throw new IOException("state store unreachable");
        }

        _value = Store.GetValueOrDefault(key);
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        Deactivations.AddOrUpdate(this.GetPrimaryKeyString(), 1, (_, n) => n + 1);
        return Task.CompletedTask;
    }

    public Task SetAsync(string value)
    {
        Store[this.GetPrimaryKeyString()] = value;
        _value = value;
        return Task.CompletedTask;
    }

    public Task<string?> GetAsync() => Task.FromResult(_value);

    public Task FailAsync() => throw new InvalidOperationException("the call failed on purpose");
}

public interface IPingGrain : IGrainWithStringKey
{
    /// <summary>Calls the other grain, which calls back into this one: a cycle.</summary>
    Task<int> PingAsync(string other, int hops);

    /// <summary>Notifies the other grain one-way, which notifies back: opposite chains that could not finish if awaited.</summary>
    [OneWay]
    Task NotifyAsync(string other, int hops, string done);
}

public sealed class PingGrain : Grain, IPingGrain
{
    private int _visits;

    public async Task<int> PingAsync(string other, int hops)
    {
        _visits++;
        return hops == 0
            ? _visits
            : await GrainFactory.GetGrain<IPingGrain>(other).PingAsync(this.GetPrimaryKeyString(), hops - 1);
    }

    public static readonly ConcurrentDictionary<string, TaskCompletionSource> Done = new();

    public async Task NotifyAsync(string other, int hops, string done)
    {
        _visits++;
        if (hops == 0)
        {
            Done[done].TrySetResult();
            return;
        }

        await GrainFactory.GetGrain<IPingGrain>(other).NotifyAsync(this.GetPrimaryKeyString(), hops - 1, done);
    }
}
