using System.Collections.Immutable;
using System.Text.Json;
using MessagePack;
using MessagePack.Formatters;
using MessagePack.Resolvers;
using NaraVard.Server.Cluster.SnapshotFormats;
using Orleans.Storage;

namespace NaraVard.Server.Cluster;

/// <summary>
/// Grain state (the county's and the feed's snapshots) as MessagePack. The snapshots' records are arrays written
/// by the formatters in <c>SnapshotFormats</c>, so the domain's records need no serializer attributes; anything
/// else goes through the contractless resolver, keyed by member name. At national scale (100,000 initiatives)
/// the county's snapshot decoded in about a second as JSON, half that keyed by member name, and 0.12 s as
/// arrays, on the restart's critical path (docs/performance.md). A snapshot is a cache of the log, not a record:
/// one saved as JSON or keyed by member name by an earlier version still loads.
/// </summary>
public sealed class SnapshotSerializer : IGrainStorageSerializer
{
    internal static readonly MessagePackSerializerOptions Options = MessagePackSerializerOptions.Standard
        .WithResolver(CompositeResolver.Create(
            [new CountySnapshotFormatter(), new FeedSnapshotFormatter(), new InitiativeSummaryFormatter(), new ObstacleSummaryFormatter(), new InitiativeStateFormatter(), new ObstacleStateFormatter()],
            [ImmutableArrayResolver.Instance, ContractlessStandardResolver.Instance]));

    public BinaryData Serialize<T>(T? input) => BinaryData.FromBytes(MessagePackSerializer.Serialize(input, Options));

    public T Deserialize<T>(BinaryData input)
    {
        var bytes = input.ToMemory();
        return bytes.Span is [(byte)'{', ..]
            ? JsonSerializer.Deserialize<T>(bytes.Span)!
            : MessagePackSerializer.Deserialize<T>(bytes, Options);
    }

    /// <summary>ImmutableArray, which MessagePack 2's standard resolvers leave to a package the registry does not serve.</summary>
    private sealed class ImmutableArrayResolver : IFormatterResolver
    {
        public static readonly ImmutableArrayResolver Instance = new();

        public IMessagePackFormatter<T>? GetFormatter<T>() => Cache<T>.Formatter;

        private static class Cache<T>
        {
            public static readonly IMessagePackFormatter<T>? Formatter =
                typeof(T).IsGenericType && typeof(T).GetGenericTypeDefinition() == typeof(ImmutableArray<>)
                    ? (IMessagePackFormatter<T>)Activator.CreateInstance(typeof(ImmutableArrayFormatter<>).MakeGenericType(typeof(T).GetGenericArguments()))!
                    : null;
        }
    }

    private sealed class ImmutableArrayFormatter<TItem> : IMessagePackFormatter<ImmutableArray<TItem>>
    {
        public void Serialize(ref MessagePackWriter writer, ImmutableArray<TItem> value, MessagePackSerializerOptions options)
        {
            var items = options.Resolver.GetFormatterWithVerify<TItem>();
            var array = value.IsDefault ? [] : value;
            writer.WriteArrayHeader(array.Length);
            foreach (var item in array)
            {
                items.Serialize(ref writer, item, options);
            }
        }

        public ImmutableArray<TItem> Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
        {
            var items = options.Resolver.GetFormatterWithVerify<TItem>();
            var count = reader.ReadArrayHeader();
            var builder = ImmutableArray.CreateBuilder<TItem>(count);
            for (var i = 0; i < count; i++)
            {
                builder.Add(items.Deserialize(ref reader, options));
            }

            return builder.MoveToImmutable();
        }
    }
}
