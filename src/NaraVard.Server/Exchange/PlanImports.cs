using System.Collections.Concurrent;
using System.Security.Cryptography;
using NaraVard.Domain;
using NaraVard.Domain.Initiatives;
using NaraVard.Domain.Roadmap;
using NaraVard.Exchange.Plans;
using NaraVard.Exchange.Sheets;
using NaraVard.Grains;
using NaraVard.Grains.Initiatives;
using NaraVard.Grains.Roadmaps;

namespace NaraVard.Server.Exchange;

/// <summary>
/// Imports an action plan: reads the file, finds the initiatives its rows name, lets <see cref="PlanImport"/>
/// decide (pure), and on commit sends the decided commands to the initiative grains like any other write.
/// Request ids come from the file's hash and the row, so a commit that was cut off and is sent again finishes
/// the same writes instead of repeating them; rows are written side by side (each row is one initiative).
/// </summary>
internal sealed class PlanImports(IGrainFactory grains, RoadmapDefinition roadmap, TimeProvider time)
{
    private const int Writers = 16;

    public async Task<ImportOutcome> ImportAsync(byte[] file, string fileName, Actor by, bool dryRun, CancellationToken cancellationToken)
    {
        var table = SheetFiles.Read(file, fileName);
        var sheet = PlanReader.Read(table, roadmap);
        var existing = await ExistingAsync(sheet.Rows, by, cancellationToken);
        var prefix = "import-" + Convert.ToHexStringLower(SHA256.HashData(file))[..16];
        var plan = PlanImport.Plan(sheet, existing, roadmap, by, time.GetUtcNow(), prefix);
        if (dryRun || !plan.CanCommit)
        {
            return new(table.Format, table.Rows.Count, plan, false, new Dictionary<int, string>(), []);
        }

        var created = new ConcurrentDictionary<int, string>();
        var failures = new ConcurrentBag<PlanProblem>();
        await Parallel.ForEachAsync(plan.Rows.Where(r => r.Action is RowAction.Create or RowAction.Update), new ParallelOptions { MaxDegreeOfParallelism = Writers, CancellationToken = cancellationToken }, async (row, ct) =>
        {
            var id = row.InitiativeId ?? CreatedId(by, row.Key!);
            try
            {
                foreach (var command in row.Commands)
                {
                    await grains.GetGrain<IInitiativeGrain>(id).ExecuteAsync(command, null, ct);
                }

                if (row.InitiativeId is null)
                {
                    created[row.Row] = id;
                }
            }
            catch (DomainException e)
            {
                // Someone changed the initiative between the check and the write: this row stops where it was refused.
                failures.Add(new(row.Row, "", $"{e.Message} (changed by someone else during the import; import the file again to finish: it changes only what still differs)"));
            }
        });

        return new(table.Format, table.Rows.Count, plan, failures.IsEmpty, created, [.. failures.OrderBy(f => f.Row)]);
    }

    /// <summary>
    /// The id an import gives the initiative it creates for a row: from the importer and the row's key, so the
    /// next import finds it even before the county's lists have heard of it, and a second create of the same key
    /// by the same importer reaches the same initiative instead of making a duplicate.
    /// </summary>
    private static string CreatedId(Actor by, string key) => Ids.ForCreate("i", by, "import:" + key);

    /// <summary>The initiatives the rows can match: those named by id, and those of the owners the rows name whose key a row has.</summary>
    private async Task<IReadOnlyCollection<InitiativeState>> ExistingAsync(IReadOnlyList<PlanRow> rows, Actor by, CancellationToken cancellationToken)
    {
        var keys = rows.Select(r => r.Key).OfType<string>().ToHashSet();
        var ids = rows.Select(r => r.Id).OfType<string>().Where(id => id.Length <= 64).ToHashSet();
        ids.UnionWith(keys.Select(key => CreatedId(by, key)));
        var county = grains.GetGrain<IRoadmapGrain>(roadmap.Id);
        foreach (var owner in rows.Select(r => r.OwnerCode).OfType<string>().Distinct())
        {
            var (items, _) = await county.AllInitiativesAsync(new InitiativeQuery(OrganizationCode: owner));
            ids.UnionWith(items.Where(i => keys.Contains(PlanRow.KeyOf(i.OwnerCode, i.RoadmapItem, i.Title))).Select(i => i.Id));
        }

        var states = await Task.WhenAll(ids.Select(async id =>
        {
            try
            {
                return (await grains.GetGrain<IInitiativeGrain>(id).GetAsync()).State;
            }
            catch (DomainException e) when (e.Kind == ErrorKind.NotFound)
            {
                return null; // a row's derived id that was never created, or an id that names nothing
            }
        }));
        return [.. states.OfType<InitiativeState>()];
    }
}
