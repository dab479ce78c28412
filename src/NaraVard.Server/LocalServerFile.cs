using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;

namespace NaraVard.Server;

/// <summary>
/// Leaves the address this server listens on in its data folder (<c>server-address</c>, beside
/// <c>admin-token</c>), so the CLI on the same machine finds a server started with another <c>--urls</c> or
/// <c>--NaraVard:DataDirectory</c>; removed again when the server stops.
/// </summary>
internal sealed partial class LocalServerFile(IServer server, IHostApplicationLifetime lifetime, NaraVardOptions options, ILogger<LocalServerFile> logger) : IHostedService
{
    public const string Name = "server-address";

    private string Path => System.IO.Path.Combine(options.DataDirectory, Name);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(Write);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        File.Delete(Path);
        return Task.CompletedTask;
    }

    private void Write()
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        // The gRPC address, not the dashboard's.
        if (addresses.FirstOrDefault(a => BindingAddress.Parse(a).Port != options.DashboardUri?.Port) is not { } address)
        {
            return;
        }

        // A wildcard host is reachable on loopback; the CLI wants an address it can dial.
        var dialable = address.Replace("://[::]", "://localhost", StringComparison.Ordinal).Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal).Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal);
        Directory.CreateDirectory(options.DataDirectory);
        File.WriteAllText(Path, dialable + Environment.NewLine);
        var token = System.IO.Path.Combine(options.DataDirectory, AdminTokenFile.Name);
        LogLocal(dialable, File.Exists(token) ? token : "(none in this data folder)");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Listening on {Address}; the local admin token is in {TokenPath}. The CLI on this machine finds both (naravard --data-dir <folder> when the data folder is not the default).")]
    private partial void LogLocal(string address, string tokenPath);
}
