using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace NaraVard.Grains.Runtime;

/// <summary>Which class implements which grain interface.</summary>
public sealed class GrainRegistry
{
    private readonly Dictionary<Type, Type> _implementations = [];

    public IReadOnlyDictionary<Type, Type> Implementations => _implementations;

    public GrainRegistry AddGrain<TInterface, TGrain>()
        where TInterface : IGrainWithStringKey
        where TGrain : Grain, TInterface
    {
        _implementations[typeof(TInterface)] = typeof(TGrain);
        return this;
    }
}

public static class GrainRuntimeServiceCollectionExtensions
{
    /// <summary>Adds the grain runtime as a hosted service (Orleans: UseOrleans) with the grains <paramref name="configure"/> registers.</summary>
    public static IServiceCollection AddGrainRuntime(this IServiceCollection services, Action<GrainRegistry> configure, Action<GrainRuntimeOptions>? options = null)
    {
        var registry = new GrainRegistry();
        configure(registry);
        services.AddSingleton(registry);
        services.AddOptions<GrainRuntimeOptions>().Configure(o => options?.Invoke(o));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<GrainRuntime>();
        services.AddSingleton<IGrainFactory>(sp => sp.GetRequiredService<GrainRuntime>());
        services.AddHostedService(sp => sp.GetRequiredService<GrainRuntime>());
        return services;
    }
}
