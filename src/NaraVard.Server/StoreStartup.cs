using NaraVard.Persistence;

namespace NaraVard.Server;

/// <summary>Opens (and migrates) the event store before anything else starts.</summary>
internal sealed class StoreStartup(IEventStore store) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => store.InitializeAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
