using NaraVard.Domain;
using NaraVard.Domain.FollowUp;
using NaraVard.Exchange.Exports;
using NaraVard.Exchange.Plans;

namespace NaraVard.Web.Exchange;

/// <summary>The server's spreadsheets, as the dashboard asks for them (the same code the gRPC ExchangeService calls).</summary>
public interface ISpreadsheets
{
    /// <param name="from">The committee report's start: the end of the day before the first day it covers.</param>
    Task<ExportFile> ExportAsync(ExportKind kind, bool csv, string? organizationCode, Body? sinceMeetingOf, DateTimeOffset? from, CancellationToken cancellationToken);

    ExportFile Template();

    Task<ImportOutcome> ImportAsync(byte[] file, string fileName, Actor by, bool dryRun, CancellationToken cancellationToken);
}
