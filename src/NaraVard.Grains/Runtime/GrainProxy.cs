using System.Collections.Concurrent;
using System.Reflection;

namespace NaraVard.Grains.Runtime;

/// <summary>
/// A grain reference: implements the grain interface and turns every call into a message to the runtime.
/// Orleans generates these at build time; here <see cref="DispatchProxy"/> builds them at run time.
/// </summary>
public class GrainProxy : DispatchProxy
{
    private static readonly ConcurrentDictionary<MethodInfo, Func<GrainRuntime, GrainId, MethodInfo, object?[], object>> Invokers = new();
    private static readonly MethodInfo InvokeTaskOfT = typeof(GrainProxy).GetMethod(nameof(InvokeTyped), BindingFlags.NonPublic | BindingFlags.Static)!;
    private static readonly MethodInfo InvokeValueTaskOfT = typeof(GrainProxy).GetMethod(nameof(InvokeValueTask), BindingFlags.NonPublic | BindingFlags.Static)!;

    private GrainRuntime? _runtime;
    private GrainId _id;

    internal static TGrain Create<TGrain>(GrainRuntime runtime, GrainId id)
    {
        var proxy = Create<TGrain, GrainProxy>();
        var self = (GrainProxy)(object)proxy!;
        self._runtime = runtime;
        self._id = id;
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        var invoker = Invokers.GetOrAdd(targetMethod, BuildInvoker);
        return invoker(_runtime!, _id, targetMethod, args ?? []);
    }

    public override string ToString() => _id.ToString();

    private static Func<GrainRuntime, GrainId, MethodInfo, object?[], object> BuildInvoker(MethodInfo method)
    {
        var returnType = method.ReturnType;
        if (returnType == typeof(Task) && method.IsDefined(typeof(OneWayAttribute), inherit: false))
        {
            // Fire and forget: queued in the target's mailbox; the caller does not wait, so no cycle can block it.
            return (runtime, id, m, args) =>
            {
                _ = InvokeTask<bool>(runtime, id, m, args, async grain =>
                {
                    await ((Task)Call(grain, m, args)).ConfigureAwait(false);
                    return true;
                }).ContinueWith(t => runtime.Log.OneWayCallFailed(id.ToString(), m.Name, t.Exception!), CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
                return Task.CompletedTask;
            };
        }

        if (returnType == typeof(Task))
        {
            return (runtime, id, m, args) => InvokeTask<bool>(runtime, id, m, args, async grain =>
            {
                await ((Task)Call(grain, m, args)).ConfigureAwait(false);
                return true;
            });
        }

        if (returnType == typeof(ValueTask))
        {
            return (runtime, id, m, args) => new ValueTask(InvokeTask<bool>(runtime, id, m, args, async grain =>
            {
                await ((ValueTask)Call(grain, m, args)).ConfigureAwait(false);
                return true;
            }));
        }

        if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(Task<>))
        {
            // Built once per method: a delegate, not a reflective invoke on every call.
            var typed = InvokeTaskOfT.MakeGenericMethod(returnType.GetGenericArguments()[0]).CreateDelegate<Func<GrainRuntime, GrainId, MethodInfo, object?[], bool, object>>();
            var interleave = method.IsDefined(typeof(AlwaysInterleaveAttribute), inherit: false);
            return (runtime, id, m, args) => typed(runtime, id, m, args, interleave);
        }

        if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(ValueTask<>))
        {
            var typed = InvokeValueTaskOfT.MakeGenericMethod(returnType.GetGenericArguments()[0]);
            return (runtime, id, m, args) => typed.Invoke(null, [runtime, id, m, args])!;
        }

        throw new NotSupportedException($"Grain method {method.DeclaringType?.Name}.{method.Name} must return Task, Task<T>, ValueTask or ValueTask<T>.");
    }

    private static Task<T> InvokeTyped<T>(GrainRuntime runtime, GrainId id, MethodInfo method, object?[] args, bool interleave) =>
        runtime.InvokeAsync(id, grain => (Task<T>)Call(grain, method, args), CancellationOf(args), interleave);

    private static Task<T> InvokeTask<T>(GrainRuntime runtime, GrainId id, MethodInfo method, object?[] args, Func<Grain, Task<T>> call) =>
        runtime.InvokeAsync(id, call, CancellationOf(args));

    private static ValueTask<T> InvokeValueTask<T>(GrainRuntime runtime, GrainId id, MethodInfo method, object?[] args) =>
        new(runtime.InvokeAsync(id, grain => ((ValueTask<T>)Call(grain, method, args)).AsTask(), CancellationOf(args)));

    private static object Call(Grain grain, MethodInfo method, object?[] args) =>
        method.Invoke(grain, BindingFlags.DoNotWrapExceptions, null, args, null)!;

    // A CancellationToken argument cancels the wait in the mailbox and is handed to the grain method itself.
    private static CancellationToken CancellationOf(object?[] args)
    {
        foreach (var arg in args)
        {
            if (arg is CancellationToken token)
            {
                return token;
            }
        }

        return CancellationToken.None;
    }
}
