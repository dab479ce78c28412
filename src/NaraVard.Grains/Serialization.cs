using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using NaraVard.Domain;
using Orleans.Serialization;
using Orleans.Serialization.Cloning;

namespace NaraVard.Grains;

/// <summary>
/// How NaraVard's values cross grain calls. The domain's commands, events, states and roll-up figures are
/// immutable records that are already System.Text.Json documents (that is how events are stored), so on the
/// wire between silos they travel as JSON through Orleans' JsonCodec, and the domain project stays free of
/// serializer attributes and field ids. Within a silo they are not copied at all: every one of them is
/// immutable, so a call passes the reference, as the grains' own [Immutable] types would.
/// <see cref="DomainException"/> crosses with its kind and field through a surrogate.
/// </summary>
public static class NaraVardSerialization
{
    public static ISerializerBuilder AddNaraVardSerialization(this ISerializerBuilder serializer)
    {
        serializer.AddJsonSerializer(isSerializable: IsNaraVardValue, isCopyable: _ => false, configureOptions: options => options.Configure(o => o.SerializerOptions = new JsonSerializerOptions(JsonSerializerDefaults.General)));
        serializer.Services.AddSingleton<IGeneralizedCopier, ImmutableValueCopier>();
        return serializer;
    }

    /// <summary>A NaraVard record or enum (not a grain, an interface or an exception).</summary>
    public static bool IsNaraVardValue(Type type) =>
        type.Namespace is { } ns && ns.StartsWith("NaraVard.", StringComparison.Ordinal)
        && !type.IsInterface && !typeof(Exception).IsAssignableFrom(type) && !typeof(Grain).IsAssignableFrom(type)
        && type.GetCustomAttributes(typeof(GenerateSerializerAttribute), inherit: false).Length == 0;

    private sealed class ImmutableValueCopier : IGeneralizedCopier
    {
        public object? DeepCopy(object? input, CopyContext context) => input;

        public bool IsSupportedType(Type type) => IsNaraVardValue(type) || type == typeof(DomainException);
    }
}

[GenerateSerializer]
[Alias("naravard.DomainException")]
public struct DomainExceptionSurrogate
{
    [Id(0)]
    public int Kind;

    [Id(1)]
    public string? Field;

    [Id(2)]
    public string Message;
}

/// <summary>A rule's refusal keeps its kind and field when it crosses silos, so the gateway maps it to the same status.</summary>
[RegisterConverter]
public sealed class DomainExceptionConverter : IConverter<DomainException, DomainExceptionSurrogate>
{
    public DomainException ConvertFromSurrogate(in DomainExceptionSurrogate surrogate) => new((ErrorKind)surrogate.Kind, surrogate.Field, surrogate.Message);

    public DomainExceptionSurrogate ConvertToSurrogate(in DomainException value) => new() { Kind = (int)value.Kind, Field = value.Field, Message = value.Message };
}
