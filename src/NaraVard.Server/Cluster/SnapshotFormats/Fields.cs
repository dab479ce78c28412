using System.Collections.Immutable;
using MessagePack;
using MessagePack.Formatters;

namespace NaraVard.Server.Cluster.SnapshotFormats;

internal delegate void WriteItem<in T>(ref MessagePackWriter writer, T value);

internal delegate T ReadItem<out T>(ref MessagePackReader reader);

/// <summary>How the snapshot formats write the members they share.</summary>
internal static class Fields
{
    public static string Text(ref MessagePackReader reader) => reader.ReadString() ?? "";

    public static string? TextOrNull(ref MessagePackReader reader) => reader.ReadString();

    public static void Code(ref MessagePackWriter writer, string value) => writer.Write(value);

    public static string Code(ref MessagePackReader reader) => reader.ReadString() ?? "";

    public static void Codes(ref MessagePackWriter writer, ImmutableArray<string> values) => Array(ref writer, values, Code);

    public static ImmutableArray<string> Codes(ref MessagePackReader reader) => Array(ref reader, Code);

    public static void Time(ref MessagePackWriter writer, DateTimeOffset value)
    {
        writer.Write(value.Ticks);
        writer.Write((short)value.Offset.TotalMinutes);
    }

    public static DateTimeOffset Time(ref MessagePackReader reader)
    {
        var ticks = reader.ReadInt64();
        return new DateTimeOffset(ticks, TimeSpan.FromMinutes(reader.ReadInt16()));
    }

    public static void TimeOrNull(ref MessagePackWriter writer, DateTimeOffset? value)
    {
        if (value is { } time)
        {
            writer.WriteArrayHeader(2);
            Time(ref writer, time);
        }
        else
        {
            writer.WriteNil();
        }
    }

    public static DateTimeOffset? TimeOrNull(ref MessagePackReader reader)
    {
        if (reader.TryReadNil())
        {
            return null;
        }

        reader.ReadArrayHeader();
        return Time(ref reader);
    }

    public static void Date(ref MessagePackWriter writer, DateOnly value) => writer.Write(value.DayNumber);

    public static DateOnly Date(ref MessagePackReader reader) => DateOnly.FromDayNumber(reader.ReadInt32());

    public static void DateOrNull(ref MessagePackWriter writer, DateOnly? value)
    {
        if (value is { } date)
        {
            writer.Write(date.DayNumber);
        }
        else
        {
            writer.WriteNil();
        }
    }

    public static DateOnly? DateOrNull(ref MessagePackReader reader) => reader.TryReadNil() ? null : Date(ref reader);

    /// <summary>Exactly, as its four 32-bit parts (MessagePack's own decimal is a string).</summary>
    public static void Amount(ref MessagePackWriter writer, decimal value)
    {
        Span<int> parts = stackalloc int[4];
        decimal.GetBits(value, parts);
        foreach (var part in parts)
        {
            writer.Write(part);
        }
    }

    public static decimal Amount(ref MessagePackReader reader)
    {
        Span<int> parts = [reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32()];
        return new decimal(parts);
    }

    public static void SkipRest(ref MessagePackReader reader, int members)
    {
        for (var i = 0; i < members; i++)
        {
            reader.Skip();
        }
    }

    public static void List<T>(ref MessagePackWriter writer, IReadOnlyList<T> values, IMessagePackFormatter<T> item)
    {
        writer.WriteArrayHeader(values.Count);
        foreach (var value in values)
        {
            item.Serialize(ref writer, value, MessagePackSerializerOptions.Standard);
        }
    }

    public static List<T> List<T>(ref MessagePackReader reader, IMessagePackFormatter<T> item)
    {
        var count = reader.ReadArrayHeader();
        var list = new List<T>(count);
        for (var i = 0; i < count; i++)
        {
            list.Add(item.Deserialize(ref reader, MessagePackSerializerOptions.Standard));
        }

        return list;
    }

    public static void Array<T>(ref MessagePackWriter writer, ImmutableArray<T> values, WriteItem<T> item)
    {
        var array = values.IsDefault ? [] : values;
        writer.WriteArrayHeader(array.Length);
        foreach (var value in array)
        {
            item(ref writer, value);
        }
    }

    public static ImmutableArray<T> Array<T>(ref MessagePackReader reader, ReadItem<T> item)
    {
        var count = reader.ReadArrayHeader();
        if (count == 0)
        {
            return [];
        }

        var builder = ImmutableArray.CreateBuilder<T>(count);
        for (var i = 0; i < count; i++)
        {
            builder.Add(item(ref reader));
        }

        return builder.MoveToImmutable();
    }
}
