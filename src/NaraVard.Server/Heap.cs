namespace NaraVard.Server;

/// <summary>
/// After a one-off fold of much of the log (the start-up folds, the first as-of read) the server GC keeps the
/// garbage's pages mapped for the node's life; one aggressive, compacting collection hands them back to the system.
/// It pauses the process once (a fraction of a second at national scale), so it is only for those moments.
/// </summary>
internal static class Heap
{
    /// <summary>How many events a fold must have read to be worth a full collection afterwards.</summary>
    public const int LargeFold = 100_000;

    public static void ReturnGarbage() =>
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
}
