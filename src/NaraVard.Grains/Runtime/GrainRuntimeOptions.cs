namespace NaraVard.Grains.Runtime;

public sealed class GrainRuntimeOptions
{
    /// <summary>An activation that received no call for this long is deactivated (Orleans: CollectionAge).</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often idle activations are looked for (Orleans: CollectionQuantum).</summary>
    public TimeSpan CollectionInterval { get; set; } = TimeSpan.FromMinutes(1);
}
