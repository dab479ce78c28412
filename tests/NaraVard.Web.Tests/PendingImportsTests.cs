using NaraVard.Exchange.Plans;
using NaraVard.Web.Exchange;

namespace NaraVard.Web.Tests;

/// <summary>Uploads waiting for review: one caller's cannot push out another's, and a review read again costs no new dry run.</summary>
public sealed class PendingImportsTests
{
    [Fact]
    public void ManyUploadsFromOneIdentity_KeepItsNewestFive_AndAnotherIdentitysUpload()
    {
        var pending = new PendingImports(TimeProvider.System);
        var editors = pending.Add("token:editor", "plan.xlsx", [1]);

        var viewers = Enumerable.Range(0, 200).Select(i => pending.Add("token:viewer", $"{i}.xlsx", [2])).ToList();

        Assert.NotNull(pending.Find(editors.Id, "token:editor"));
        Assert.Equal(PendingImports.PerIdentity, viewers.Count(v => pending.Find(v.Id, "token:viewer") is not null));
        Assert.NotNull(pending.Find(viewers[^1].Id, "token:viewer"));
        Assert.Null(pending.Find(editors.Id, "token:viewer"));
    }

    [Fact]
    public async Task Review_AskedTwentyTimesAtOnce_RunsTheDryRunOnce()
    {
        var pending = new PendingImports(TimeProvider.System);
        var upload = pending.Add("token:viewer", "plan.xlsx", [1]);
        var runs = 0;
        var outcome = new ImportOutcome("xlsx", 0, new ImportPlan([], [], []), Committed: false, new Dictionary<int, string>(), []);

        async Task<ImportOutcome> DryRun()
        {
            Interlocked.Increment(ref runs);
            await Task.Delay(50);
            return outcome;
        }

        var reviews = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => pending.ReviewAsync(upload, DryRun)));

        Assert.Equal(1, runs);
        Assert.All(reviews, r => Assert.Same(outcome, r));
    }
}
