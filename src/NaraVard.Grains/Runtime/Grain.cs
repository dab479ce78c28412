namespace NaraVard.Grains.Runtime;

/// <summary>Marker for grain interfaces. Every method returns Task, Task&lt;T&gt;, ValueTask or ValueTask&lt;T&gt;.</summary>
public interface IGrain;

/// <summary>A grain addressed by a string key (Orleans: IGrainWithStringKey).</summary>
public interface IGrainWithStringKey : IGrain;

public interface IGrainFactory
{
    /// <summary>A reference to the grain; it is activated on its first call, wherever that comes from.</summary>
    TGrain GetGrain<TGrain>(string key)
        where TGrain : IGrainWithStringKey;
}

/// <summary>
/// Base class of a grain implementation, shaped like Orleans' <c>Grain</c> so that moving to Orleans changes
/// the host, not the grains. The runtime guarantees turn-based execution: at most one call runs at a time,
/// except a call that re-enters the grain through its own call chain (A → B → A), which runs inside the waiting turn.
/// </summary>
public abstract class Grain
{
    private GrainActivation? _activation;

    protected IGrainFactory GrainFactory => _activation?.Runtime ?? throw new InvalidOperationException("The grain is not activated.");

    internal string Key => _activation?.Id.Key ?? throw new InvalidOperationException("The grain is not activated.");

    internal void Attach(GrainActivation activation) => _activation = activation;

    /// <summary>Called once before the first call is delivered; load state here. A throw fails the activation, not the grain.</summary>
    public virtual Task OnActivateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Called when the grain has been idle for the configured time, or when the runtime stops.</summary>
    public virtual Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Asks the runtime to deactivate this grain once the current call finishes (Orleans: DeactivateOnIdle).</summary>
    protected void DeactivateOnIdle() => _activation?.RequestDeactivation();
}

public enum DeactivationReason
{
    Idle,
    Requested,
    RuntimeStopping,
}

public static class GrainExtensions
{
    /// <summary>The grain's key (Orleans: this.GetPrimaryKeyString()).</summary>
    public static string GetPrimaryKeyString(this Grain grain) => grain.Key;
}

/// <summary>Identity of an activation: the grain interface and the key.</summary>
public readonly record struct GrainId(Type Interface, string Key)
{
    public override string ToString() => $"{Interface.Name}/{Key}";
}
