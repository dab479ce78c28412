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
        // A second call adds grains (and options) to the same runtime.
        var registry = services.Select(d => d.ImplementationInstance).OfType<GrainRegistry>().FirstOrDefault();
        if (registry is null)
        {
            registry = new GrainRegistry();
            services.AddSingleton(registry);
            services.TryAddSingleton(TimeProvider.System);
            services.AddSingleton<GrainRuntime>();
            services.AddSingleton<IGrainFactory>(sp => sp.GetRequiredService<GrainRuntime>());
            services.AddHostedService(sp => sp.GetRequiredService<GrainRuntime>());
        }

        configure(registry);
        services.AddOptions<GrainRuntimeOptions>().Configure(o => options?.Invoke(o));
        return services;
    }
}
