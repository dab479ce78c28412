using System.Collections;
using System.Collections.Immutable;
using System.Reflection;

namespace NaraVard.Server.Tests.Cluster;

/// <summary>
/// Builds a record with every member set to a value other than its default, members of members too, by
/// reflection: a member added to a record later is set as well, so a format that forgets it fails a test.
/// </summary>
internal sealed class EveryMember
{
    private int _next = 1;

    public T Of<T>() => (T)Of(typeof(T), typeof(T).Name);

    private object Of(Type type, string name)
    {
        var n = _next++;
        if (Nullable.GetUnderlyingType(type) is { } inner)
        {
            return Of(inner, name);
        }

        if (type == typeof(string))
        {
            return $"{name}-{n}";
        }

        if (type.IsEnum)
        {
            var values = Enum.GetValues(type);
            return values.GetValue(n % (values.Length - 1) + 1)!;
        }

        return type switch
        {
            _ when type == typeof(int) => n,
            _ when type == typeof(long) => 1_000_000_000_000L + n,
            _ when type == typeof(short) => (short)n,
            _ when type == typeof(bool) => true,
            _ when type == typeof(decimal) => 1234.5678m + n,
            _ when type == typeof(DateOnly) => new DateOnly(2026, 3, 1).AddDays(n),
            _ when type == typeof(DateTimeOffset) => new DateTimeOffset(2026, 3, 1, 8, 30, 15, TimeSpan.FromHours(1)).AddTicks(n * 1_234_567L),
            _ when type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ImmutableArray<>) => ImmutableArrayOf(type.GetGenericArguments()[0], name),
            _ when type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyList<>) => ListOf(type.GetGenericArguments()[0], name),
            _ => Record(type),
        };
    }

    private object ImmutableArrayOf(Type item, string name)
    {
        var list = ListOf(item, name);
        var create = typeof(ImmutableArray).GetMethods()
            .Single(m => m.Name == nameof(ImmutableArray.CreateRange) && m.GetParameters() is [{ ParameterType.Name: "IEnumerable`1" }]);
        return create.MakeGenericMethod(item).Invoke(null, [list])!;
    }

    private IList ListOf(Type item, string name)
    {
        var list = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(item))!;
        list.Add(Of(item, name));
        list.Add(Of(item, name));
        return list;
    }

    /// <summary>Through its widest constructor, then every settable member the constructor did not take.</summary>
    private object Record(Type type)
    {
        var constructor = type.GetConstructors().Where(c => !c.GetParameters().Any(p => p.ParameterType == type)).MaxBy(c => c.GetParameters().Length)
            ?? throw new InvalidOperationException($"{type} has no constructor to build it with");
        var parameters = constructor.GetParameters();
        var value = constructor.Invoke([.. parameters.Select(p => Of(p.ParameterType, p.Name!))]);
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.SetMethod is { IsPublic: true } && !parameters.Any(p => string.Equals(p.Name, property.Name, StringComparison.Ordinal)))
            {
                property.SetValue(value, Of(property.PropertyType, property.Name));
            }
        }

        return value;
    }
}
