using MessagePack;
using MessagePack.Formatters;
using MessagePack.Resolvers;

namespace NaraVard.Server.Cluster.SnapshotFormats;

/// <summary>
/// A snapshot record as a MessagePack array of its members in a fixed order. The contractless resolver keys
/// every member by name and builds its formatters with Reflection.Emit at start; a national-scale county
/// snapshot was then 21 MB and decoded in 0.47 s on a restart, this way 6.5 MB in 0.12 s (docs/performance.md).
/// A record written by the contractless resolver (a map, by an earlier version) still reads.
/// </summary>
/// <remarks>
/// Every member of <typeparamref name="T"/> must be written and read here; <c>SnapshotFormatsTests</c> fails
/// when a member is added to the record and not to its formatter.
/// </remarks>
/// <param name="members">The members this version writes.</param>
/// <param name="oldest">The fewest members an earlier version wrote (members are only ever added at the end): such a record still reads, its later members at their defaults.</param>
internal abstract class ArrayFormatter<T>(int members, int? oldest = null) : IMessagePackFormatter<T>
    where T : class
{
    public void Serialize(ref MessagePackWriter writer, T value, MessagePackSerializerOptions options)
    {
        writer.WriteArrayHeader(members);
        Write(ref writer, value);
    }

    public T Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        if (reader.NextMessagePackType == MessagePackType.Map)
        {
            // With the serializer's own options whoever called: the map's members may be of this format's types.
            return ContractlessStandardResolver.Instance.GetFormatterWithVerify<T>().Deserialize(ref reader, SnapshotSerializer.Options);
        }

        var count = reader.ReadArrayHeader();
        if (count > members || count < (oldest ?? members))
        {
            throw new MessagePackSerializationException($"A {typeof(T).Name} of {count} members, where this version writes {members}");
        }

        return Read(ref reader, count);
    }

    protected abstract void Write(ref MessagePackWriter writer, T value);

    /// <param name="members">How many members the record holds: fewer than this version writes when an earlier version wrote it.</param>
    protected abstract T Read(ref MessagePackReader reader, int members);
}
