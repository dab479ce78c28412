using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace NaraVard.Cli;

/// <summary>
/// The CLI's JSON: proto3's JSON mapping, with enum values as the documented lower-case words the options take
/// (<c>on-track</c>, <c>genomforande</c>, <c>svo</c>) rather than <c>INITIATIVE_STATUS_ON_TRACK</c>, and an unset
/// enum as null rather than <c>PHASE_UNSPECIFIED</c>.
/// </summary>
internal static class JsonWords
{
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(true));
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly Dictionary<string, string?> Words = Build();

    public static string Format(IMessage message)
    {
        var node = JsonNode.Parse(Formatter.Format(message))!;
        return Rewrite(node)?.ToJsonString(Indented) ?? "null";
    }

    private static JsonNode? Rewrite(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, value) in o.ToList())
                {
                    if (Rewrite(value) is var rewritten && !ReferenceEquals(rewritten, value))
                    {
                        o[key] = rewritten;
                    }
                }

                return o;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    if (Rewrite(a[i]) is var rewritten && !ReferenceEquals(rewritten, a[i]))
                    {
                        a[i] = rewritten;
                    }
                }

                return a;
            case JsonValue v when v.TryGetValue<string>(out var text) && Words.TryGetValue(text, out var word):
                return word is null ? null : JsonValue.Create(word);
            default:
                return node;
        }
    }

    // Every enum of the API: INITIATIVE_STATUS_AT_RISK → at-risk (the type's prefix off, underscores to hyphens).
    private static Dictionary<string, string?> Build()
    {
        var words = new Dictionary<string, string?>(StringComparer.Ordinal);
        FileDescriptor[] services = [Api.V1.RoadmapServiceReflection.Descriptor, Api.V1.InitiativeServiceReflection.Descriptor, Api.V1.ObstacleServiceReflection.Descriptor, Api.V1.FollowUpServiceReflection.Descriptor, Api.V1.ExchangeServiceReflection.Descriptor];
        var files = new Queue<FileDescriptor>(services);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (files.TryDequeue(out var file))
        {
            if (!seen.Add(file.Name))
            {
                continue;
            }

            foreach (var dependency in file.Dependencies)
            {
                files.Enqueue(dependency);
            }

            foreach (var type in file.Package.StartsWith("naravard.", StringComparison.Ordinal) ? file.EnumTypes.Concat(file.MessageTypes.SelectMany(m => m.EnumTypes)) : [])
            {
                var prefix = string.Concat(type.Name.Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + c : c.ToString())).ToUpperInvariant() + "_";
                foreach (var value in type.Values)
                {
                    var rest = value.Name.StartsWith(prefix, StringComparison.Ordinal) ? value.Name[prefix.Length..] : value.Name;
                    words[value.Name] = rest == "UNSPECIFIED" ? null : rest.ToLowerInvariant().Replace('_', '-');
                }
            }
        }

        return words;
    }
}
