using NaraVard.Api.V1;
using NaraVard.Testing;

namespace NaraVard.Bench.Tools;

/// <summary>Initiatives made through the public API, so every benchmark reads and writes what users would.</summary>
public static class County
{
    private static readonly string[] Organizations = ["05", "0509", "0512", "0513", "0560", "0561", "0562", "0563", "0580", "0581", "0582", "0583", "0584", "0586"];

    /// <summary>Creates <paramref name="count"/> initiatives spread over the county's organisations, each with one report.</summary>
    public static async Task<IReadOnlyList<string>> SeedAsync(ApiClient channel, int count)
    {
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var owner = Organizations[i % Organizations.Length];
            var regional = owner == "05";
            var created = await channel.Initiatives.CreateInitiativeAsync(new CreateInitiativeRequest
            {
                Title = $"Benchmark initiative {i}",
                Description = "Samordnad individuell plan i hemmet, med mobila team från vårdcentral och kommun.",
                OwnerCode = owner,
                Scope = regional ? Scope.Regional : Scope.Municipal,
                RoadmapItem = regional ? $"R0{1 + (i % 9)}" : $"K0{1 + (i % 9)}",
                Responsible = "Bench Marksson",
            }).ResponseAsync;
            await channel.Initiatives.ReportProgressAsync(new ReportProgressRequest
            {
                InitiativeId = created.Id,
                ProgressPercent = i % 100,
                Status = (InitiativeStatus)(1 + (i % 3)),
                Comment = "Uppstart klar, arbetsgrupp tillsatt.",
            }).ResponseAsync;
            ids.Add(created.Id);
        }

        return ids;
    }
}
