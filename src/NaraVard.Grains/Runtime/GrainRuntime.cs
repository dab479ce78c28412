using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace NaraVard.Grains.Runtime;

/// <summary>
/// The in-process grain runtime: a directory of activations keyed by grain interface and key. Activates on
/// first call, delivers calls turn by turn, and deactivates grains that stayed idle. It plays the part of an
/// Orleans silo with a single node; grains only see <see cref="IGrainFactory"/> and <see cref="Grain"/>.
/// </summary>
public sealed partial class GrainRuntime : IGrainFactory, IHostedService, IAsyncDisposable
{
    private readonly ConcurrentDictionary<GrainId, GrainActivation> _activations = new();
    private readonly ConcurrentDictionary<GrainId, object> _references = new();
    private readonly IServiceProvider _services;
    private readonly IReadOnlyDictionary<Type, Type> _implementations;
    private readonly GrainRuntimeOptions _options;
    private readonly CancellationTokenSource _stopping = new();
    private ITimer? _collector;

    public GrainRuntime(IServiceProvider services, GrainRegistry registry, IOptions<GrainRuntimeOptions> options, TimeProvider time, ILogger<GrainRuntime> logger)
    {
        _services = services;
        _implementations = registry.Implementations;
        _options = options.Value;
        Time = time;
        Log = new RuntimeLog(logger);
    }

    internal TimeProvider Time { get; }

    internal RuntimeLog Log { get; }

    internal CancellationToken Stopping => _stopping.Token;

    /// <summary>Activations currently in memory.</summary>
    public int ActivationCount => _activations.Count;

    public TGrain GetGrain<TGrain>(string key)
        where TGrain : IGrainWithStringKey
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var id = new GrainId(typeof(TGrain), key);
        if (!_implementations.ContainsKey(id.Interface))
        {
            throw new InvalidOperationException($"No grain implements {typeof(TGrain).Name}; register it with AddGrain.");
        }

        return (TGrain)_references.GetOrAdd(id, static (id, runtime) => GrainProxy.Create<TGrain>(runtime, id), this);
    }

    /// <summary>Whether the grain is in memory here; followers use it to refresh only what is loaded.</summary>
    public bool IsActive<TGrain>(string key)
        where TGrain : IGrainWithStringKey =>
        _activations.ContainsKey(new GrainId(typeof(TGrain), key));

    internal Task<T> InvokeAsync<T>(GrainId id, Func<Grain, Task<T>> call, CancellationToken cancellationToken, bool interleave = false)
    {
        if (interleave && _activations.TryGetValue(id, out var active) && active.InterleavingInstance() is { } grain)
        {
            try
            {
                return call(grain);
            }
            catch (Exception e)
            {
                return Task.FromException<T>(e);
            }
        }

        var item = new CallItem<T>(call, CallChain.Current, cancellationToken);
        while (true)
        {
            _stopping.Token.ThrowIfCancellationRequested();
            if (!_activations.TryGetValue(id, out var activation))
            {
                // The call that creates an activation is queued before it starts, so a failed activation fails this call.
                var created = Create(id);
                activation = _activations.GetOrAdd(id, created);
                if (ReferenceEquals(activation, created))
                {
                    created.TryEnqueue(item);
                    created.Start();
                    return item.Task;
                }
            }

            if (item.Chain?.Contains(activation) == true)
            {
                return ReenterAsync(activation, item);
            }

            if (activation.TryEnqueue(item))
            {
                return item.Task;
            }

            // That activation is closing; its removal from the directory is imminent or done.
            _activations.TryRemove(new KeyValuePair<GrainId, GrainActivation>(id, activation));
        }
    }

    private static async Task<T> ReenterAsync<T>(GrainActivation activation, CallItem<T> item)
    {
        await activation.RunReentrantAsync(item).ConfigureAwait(false);
        return await item.Task.ConfigureAwait(false);
    }

    private GrainActivation Create(GrainId id)
    {
        var grain = (Grain)ActivatorUtilities.CreateInstance(_services, _implementations[id.Interface]);
        return new GrainActivation(this, id, grain);
    }

    internal void Remove(GrainActivation activation) =>
        _activations.TryRemove(new KeyValuePair<GrainId, GrainActivation>(activation.Id, activation));

    /// <summary>Deactivates every activation idle for longer than the configured time. Runs on a timer; tests call it directly.</summary>
    public int CollectIdleActivations()
    {
        var idleSince = Time.GetTimestamp() - (long)(_options.IdleTimeout.TotalSeconds * Time.TimestampFrequency);
        var collected = 0;
        foreach (var activation in _activations.Values)
        {
            if (activation.IsIdleSince(idleSince) && activation.TryEnqueue(new DeactivationItem()))
            {
                collected++;
            }
        }

        return collected;
    }

    /// <summary>One line per activation, for diagnostics.</summary>
    public string Describe() => string.Join(Environment.NewLine, _activations.Values.Select(a => a.ToString()));

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _collector = Time.CreateTimer(_ => CollectIdleActivations(), null, _options.CollectionInterval, _options.CollectionInterval);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_collector is not null)
        {
            await _collector.DisposeAsync().ConfigureAwait(false);
        }

        // Let running turns finish, then deactivate everything.
        foreach (var activation in _activations.Values)
        {
            activation.TryEnqueue(new DeactivationItem());
        }

        await Task.WhenAll(_activations.Values.Select(a => a.Completion)).WaitAsync(cancellationToken).ConfigureAwait(false);
        await _stopping.CancelAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stopping.IsCancellationRequested)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await StopAsync(timeout.Token).ConfigureAwait(false);
        }

        _stopping.Dispose();
    }
}
