using System.Text.Json.Nodes;
using NaraVard.Domain;
using NaraVard.Domain.Initiatives;
using NaraVard.Grains.Storage;
using NaraVard.Persistence;
using NaraVard.Testing;

namespace NaraVard.Bench.Tools;

/// <summary>
/// A synthetic national-scale county: the shipped roadmap with 300 organisations (the region and 299
/// municipalities with made-up codes and populations) and 100,000 initiatives of ten events each (1 M events):
/// created, eight progress reports and one phase step, written through the event store as the grains write them.
/// </summary>
public static class NationalScale
{
    public const int Organizations = 300;
    public const int Initiatives = 100_000;
    public const int EventsPerInitiative = 10;

    public static async Task<string> WriteRoadmapAsync(string path)
    {
        var roadmap = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(ExternalTool.RepositoryRoot, "roadmaps", "ostergotland-2030.json")))!.AsObject();
        roadmap["id"] = "national-scale";
        roadmap["name"] = "Nära vård, national-scale stand-in";
        var organizations = new JsonArray(new JsonObject { ["code"] = "05", ["name"] = "Regionen", ["kind"] = "region", ["population"] = 3_000_000 });
        foreach (var code in MunicipalityCodes)
        {
            organizations.Add(new JsonObject { ["code"] = code, ["name"] = $"Kommun {code}", ["kind"] = "municipality", ["population"] = 3_000 + (int.Parse(code, System.Globalization.CultureInfo.InvariantCulture) * 7_919 % 200_000) });
        }

        roadmap["organizations"] = organizations;
        await File.WriteAllTextAsync(path, roadmap.ToJsonString());
        return path;
    }

    public static IReadOnlyList<string> MunicipalityCodes { get; } = [.. Enumerable.Range(1001, Organizations - 1).Select(c => c.ToString(System.Globalization.CultureInfo.InvariantCulture))];

    /// <summary>
    /// Appends a year of reporting in the order it happened (as a server writes it: each event when it is made),
    /// many appends in flight so the store's group commit batches them; a stream's next event waits for its last.
    /// </summary>
    public static async Task SeedAsync(IEventStore store)
    {
        var byTime = Enumerable.Range(0, Initiatives)
            .SelectMany(i => Initiative(i, Span.First).Select((e, version) => (Index: i, Version: version, Event: e)))
            .OrderBy(e => e.Event.At)
            .ToList();
        using var inFlight = new SemaphoreSlim(512);
        var last = new Task[Initiatives];
        foreach (var (index, version, e) in byTime)
        {
            await inFlight.WaitAsync();
            var previous = last[index] ?? Task.CompletedTask;
            last[index] = Task.Run(async () =>
            {
                try
                {
                    await previous;
                    await store.AppendAsync(Streams.Initiative(e.InitiativeId), version, [EventCodec.Encode(e)]);
                }
                finally
                {
                    inFlight.Release();
                }
            });
        }

        await Task.WhenAll(last);
    }

    /// <summary>When the seeded year's events begin and end.</summary>
    public static (DateTimeOffset First, DateTimeOffset Last) Span => (FirstEvent, FirstEvent.AddMinutes(99_999).AddDays(70));

    private static readonly DateTimeOffset FirstEvent = new(2026, 1, 5, 8, 0, 0, TimeSpan.Zero);

    private static List<InitiativeEvent> Initiative(int i, DateTimeOffset start)
    {
        var id = $"i-scale{i:D7}";
        var owner = MunicipalityCodes[i % MunicipalityCodes.Count];
        var by = new Actor("seed", owner, "editor");
        var at = start.AddMinutes(i % 100_000);
        var events = new List<InitiativeEvent>
        {
            new InitiativeCreated
            {
                InitiativeId = id, By = by, At = at, Title = $"Initiativ {i}", OwnerCode = owner, Scope = InitiativeScope.Municipal,
                RoadmapItem = $"K0{1 + (i % 9)}", Responsible = "Anna Andersson", Description = "Mobila team och samordnad individuell plan i hemmet.",
            },
        };
        for (var r = 1; r <= EventsPerInitiative - 2; r++)
        {
            events.Add(new ProgressReported { InitiativeId = id, By = by, At = at.AddDays(r * 7), ProgressPercent = r * 10, Status = (InitiativeStatus)(1 + ((i + r) % 3)), Comment = "Veckorapport." });
        }

        events.Add(new PhaseAdvanced { InitiativeId = id, By = by, At = at.AddDays(70), From = Phase.Planering, To = Phase.Strategi, Comment = "Strategi beslutad." });
        return events;
    }
}
