namespace NaraVard.Server;

/// <summary>Reads of many grains at once, for the work that needs more than the county's summaries.</summary>
internal static class GrainReads
{
    /// <summary>The initiatives' states, by id: what a sheet or a sync needs beyond the county's summaries.</summary>
    public static Task<Dictionary<string, Domain.Initiatives.InitiativeState>> InitiativesAsync(IGrainFactory grains, IEnumerable<string> ids) =>
        ReadAllAsync(ids, async id => (await grains.GetGrain<Grains.Initiatives.IInitiativeGrain>(id).GetAsync()).State);

    /// <summary>Each id's answer, 64 at a time so that a national export or sync does not flood the silo.</summary>
    public static async Task<Dictionary<string, T>> ReadAllAsync<T>(IEnumerable<string> ids, Func<string, Task<T>> read)
    {
        var all = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var batch in ids.Chunk(64))
        {
            var values = await Task.WhenAll(batch.Select(read));
            for (var i = 0; i < batch.Length; i++)
            {
                all[batch[i]] = values[i];
            }
        }

        return all;
    }
}
