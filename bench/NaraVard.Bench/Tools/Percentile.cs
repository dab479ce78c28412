namespace NaraVard.Bench.Tools;

public static class Percentile
{
    /// <summary>The nearest-rank percentile (p in 0..100) of the samples.</summary>
    public static double Of(IReadOnlyCollection<double> samples, double p)
    {
        if (samples.Count == 0)
        {
            return double.NaN;
        }

        var sorted = samples.Order().ToArray();
        var rank = (int)Math.Ceiling(p / 100.0 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
