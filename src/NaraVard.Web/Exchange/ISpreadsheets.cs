using NaraVard.Domain;
using NaraVard.Domain.FollowUp;
using NaraVard.Exchange.Exports;
using NaraVard.Exchange.Plans;

namespace NaraVard.Web.Exchange;

/// <summary>The server's spreadsheets, as the dashboard asks for them (the same code the gRPC ExchangeService calls).</summary>
public interface ISpreadsheets
{
    Task<ExportFile> ExportAsync(ExportKind kind, bool csv, string? organizationCode, Body? sinceMeetingOf, CancellationToken cancellationToken);

    ExportFile Template();

    Task<ImportOutcome> ImportAsync(byte[] file, string fileName, Actor by, bool dryRun, CancellationToken cancellationToken);
}
