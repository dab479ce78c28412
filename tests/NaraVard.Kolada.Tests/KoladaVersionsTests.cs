namespace NaraVard.Kolada.Tests;

/// <summary>A revised value is a new version, never an overwrite: reads as of a moment show what was known then.</summary>
public sealed class KoladaVersionsTests
{
    private static readonly DateTimeOffset March = new(2026, 3, 1, 6, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset April = March.AddMonths(1);

    private static KoladaValue Value(int period, decimal? value, DateTimeOffset fetchedAt, string status = "") => new("N00945", "0580", period, "T", value, 1, status, fetchedAt);

    [Fact]
    public void NewVersions_ARevisedValue_IsKeptBesideTheOldOne_AndAnUnchangedOneIsNot()
    {
        var kept = new List<KoladaValue> { Value(2024, 12.5m, March), Value(2023, 11m, March) };

        var fresh = KoladaVersions.NewVersions(kept, [Value(2024, 13.1m, April), Value(2023, 11m, April), Value(2025, 14m, April)]);

        Assert.Equal([(2024, 13.1m), (2025, 14m)], fresh.Select(v => (v.Period, v.Value!.Value)));
    }

    [Fact]
    public void AsOf_BeforeAndAfterARevision_ShowsWhatWasKnownThen()
    {
        var kept = new List<KoladaValue> { Value(2024, 12.5m, March), Value(2024, 13.1m, April) };

        Assert.Equal(12.5m, Assert.Single(KoladaVersions.AsOf(kept, April.AddDays(-1))).Value);
        Assert.Equal(13.1m, Assert.Single(KoladaVersions.AsOf(kept, April)).Value);
        Assert.Empty(KoladaVersions.AsOf(kept, March.AddTicks(-1)));
    }

    [Fact]
    public void Revisions_InAPeriod_AreTheReplacedValuesNotTheFirstPublications()
    {
        var kept = new List<KoladaValue> { Value(2024, 12.5m, March), Value(2024, 13.1m, April), Value(2025, 14m, April) };

        var revised = KoladaVersions.Revisions(kept, March, April);

        Assert.Equal([2024], revised.Select(v => v.Period));
    }

    [Fact]
    public void NewVersions_AValueThatBecomesMissing_IsANewVersionToo()
    {
        var kept = new List<KoladaValue> { Value(2024, 12.5m, March) };

        var fresh = KoladaVersions.NewVersions(kept, [Value(2024, null, April, status: "Missing")]);

        Assert.Equal("Missing", Assert.Single(fresh).Status);
    }
}
