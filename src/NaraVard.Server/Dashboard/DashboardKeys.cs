using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using NaraVard.Persistence.Postgres;

namespace NaraVard.Server.Dashboard;

/// <summary>
/// Where the keys that protect the dashboard's cookies and antiforgery tokens live. The embedded default keeps
/// them in a folder of the data folder (0700). On PostgreSQL they live in the database beside the events, shared
/// by every node, so a session started on one node is read by all (issue 33: with a folder per node, a request
/// that landed on another node was signed out or refused). With <c>NaraVard:DashboardKeyCertificate</c> they are
/// encrypted at rest with that certificate, which every node is given.
/// </summary>
internal static partial class DashboardKeys
{
    public static IServiceCollection AddNaraVardDashboardKeys(this IServiceCollection services, NaraVardOptions options)
    {
        var protection = services.AddDataProtection().SetApplicationName("naravard");
        if (options.DashboardKeyCertificate.Length > 0)
        {
            protection.ProtectKeysWithCertificate(X509CertificateLoader.LoadPkcs12FromFile(options.DashboardKeyCertificate, options.DashboardKeyCertificatePassword));
        }

        if (!options.UsesPostgres)
        {
            protection.PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(options.DataDirectory, "dashboard-keys")));
            return services;
        }

        var repository = new PostgresKeyRepository(options.PostgresConnectionString);
        services.Configure<KeyManagementOptions>(keys => keys.XmlRepository = repository);
        services.AddHostedService(sp => new FirstKey(repository, sp.GetRequiredService<IKeyManager>(), options, sp.GetRequiredService<ILogger<FirstKey>>()));
        return services;
    }

    /// <summary>
    /// Makes the cluster's first key at start, under a lock in the database: nodes that start together on an empty
    /// table would otherwise each make a key of their own and use it at once, and read each other's cookies only
    /// after their next refresh of the key ring. Later keys are made two days before use, in time for every node.
    /// </summary>
    private sealed partial class FirstKey(PostgresKeyRepository repository, IKeyManager keys, NaraVardOptions options, ILogger<FirstKey> logger) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            if (options.DashboardKeyCertificate.Length == 0)
            {
                LogUnprotected();
            }

            await repository.WithKeyLockAsync(
                () =>
                {
                    var now = DateTimeOffset.UtcNow;
                    if (!keys.GetAllKeys().Any(key => !key.IsRevoked && key.ActivationDate <= now && key.ExpirationDate > now.AddDays(2)))
                    {
                        keys.CreateNewKey(now, now.AddDays(90));
                    }
                },
                cancellationToken);
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        [LoggerMessage(Level = LogLevel.Warning, Message = "The dashboard's session keys are kept in PostgreSQL unencrypted: whoever can read the database can forge a session. Give every node NaraVard:DashboardKeyCertificate (a PKCS#12 file) to encrypt them")]
        private partial void LogUnprotected();
    }
}
