namespace NaraVard.Exchange.Exports;

public enum ExportKind
{
    Overview,
    Matrix,
    Initiatives,
    Obstacles,
    Changes,

    /// <summary>An organisation's report for its committee: initiatives, measurement points, obstacles and what moved since a day.</summary>
    CommitteeReport,
}

/// <summary>A file to hand out: its name, its media type and its bytes.</summary>
public sealed record ExportFile(string FileName, string ContentType, byte[] Content)
{
    public const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public const string Csv = "text/csv; charset=utf-8";
}
