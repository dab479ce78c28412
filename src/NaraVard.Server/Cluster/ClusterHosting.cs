using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NaraVard.Grains;
using NaraVard.Grains.Roadmaps;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Storage;

namespace NaraVard.Server.Cluster;

/// <summary>
/// Every server process is an Orleans silo beside its gRPC gateway. On the embedded default it is a cluster of
/// one on localhost; on PostgreSQL the silos find each other through ADO.NET clustering in the same database
/// that holds the events, so a grain has one activation in the whole cluster whichever gateway a call enters.
/// </summary>
public static class ClusterHosting
{
    public const string ServiceId = "naravard";

    private const int SolSocket = 1; // Linux <sys/socket.h>
    private const int SoReuseAddress = 2;

    /// <summary>A silo beside the gateway (the default), or the gateway alone as a client of the cluster.</summary>
    public static WebApplicationBuilder AddNaraVardCluster(this WebApplicationBuilder builder, NaraVardOptions options, string roadmapId, TimeProvider clock) =>
        options.Silo ? builder.AddNaraVardSilo(options, roadmapId, clock) : builder.AddNaraVardClusterClient(options);

    private static WebApplicationBuilder AddNaraVardClusterClient(this WebApplicationBuilder builder, NaraVardOptions options)
    {
        if (!options.UsesPostgres)
        {
            throw new InvalidOperationException("NaraVard:Silo=false (a gateway without a silo) needs NaraVard:Postgres: the gateway finds the silos in the cluster's membership table.");
        }

        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = options.ClusterId;
                o.ServiceId = ServiceId;
            });
            client.UseAdoNetClustering(o =>
            {
                o.Invariant = "Npgsql";
                o.ConnectionString = options.PostgresConnectionString;
            });

            // Silos that join or come back are used within seconds, not after the default minute.
            client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(5));
            client.Services.AddSerializer(serializer => serializer.AddNaraVardSerialization());
        });
        return builder;
    }

    private static WebApplicationBuilder AddNaraVardSilo(this WebApplicationBuilder builder, NaraVardOptions options, string roadmapId, TimeProvider clock)
    {
        // Orleans binds its ports with address reuse, so a port another process holds is taken without an error
        // and calls go astray; refuse to start instead.
        EnsureNotHexadecimal(roadmapId);
        EnsureFree(options.SiloPort, "SiloPort");
        if (options.GatewayPort != 0)
        {
            EnsureFree(options.GatewayPort, "GatewayPort");
        }

        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = options.ClusterId;
                o.ServiceId = ServiceId;
            });
            if (options.UsesPostgres)
            {
                silo.UseAdoNetClustering(o =>
                {
                    o.Invariant = "Npgsql";
                    o.ConnectionString = options.PostgresConnectionString;
                });
                silo.AddAdoNetGrainStorage(Snapshots.Storage, o =>
                {
                    o.Invariant = "Npgsql";
                    o.ConnectionString = options.PostgresConnectionString;
                    o.GrainStorageSerializer = new SnapshotSerializer();
                });

                // A silo that dies is declared dead after a few missed one-second probes (about 3–5 s), so its
                // grains reactivate elsewhere quickly; Orleans' defaults wait far longer.
                silo.Configure<ClusterMembershipOptions>(o =>
                {
                    o.ProbeTimeout = TimeSpan.FromSeconds(1);
                    o.NumMissedProbesLimit = 3;
                    o.TableRefreshTimeout = TimeSpan.FromSeconds(5);
                });
                silo.Configure<EndpointOptions>(o =>
                {
                    o.AdvertisedIPAddress = AdvertisedAddress(options);
                    o.SiloPort = options.SiloPort;
                    o.GatewayPort = options.GatewayPort;
                    // Silo-to-silo traffic is not authenticated: a configured address is the only one listened on
                    // (all interfaces only when none is configured and the address was looked up).
                    var listen = options.AdvertisedAddress.Length > 0 ? IPAddress.Parse(options.AdvertisedAddress) : IPAddress.Any;
                    o.SiloListeningEndpoint = new IPEndPoint(listen, options.SiloPort);
                    o.GatewayListeningEndpoint = options.GatewayPort == 0 ? null : new IPEndPoint(listen, options.GatewayPort);
                });
            }
            else
            {
                silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort, serviceId: ServiceId, clusterId: options.ClusterId);

                // One process alone: its silo has no one to talk to beyond this machine, so it listens on loopback only.
                silo.Configure<EndpointOptions>(o =>
                {
                    o.SiloListeningEndpoint = new IPEndPoint(IPAddress.Loopback, options.SiloPort);
                    o.GatewayListeningEndpoint = options.GatewayPort == 0 ? null : new IPEndPoint(IPAddress.Loopback, options.GatewayPort);
                });
                var storage = new SqliteGrainStorage(options.SqlitePath);
                SnapshotReadAhead.Begin(storage, roadmapId);
                silo.Services.AddSingleton(storage);
                silo.Services.AddKeyedSingleton<IGrainStorage>(Snapshots.Storage, (sp, _) => sp.GetRequiredService<SqliteGrainStorage>());
                silo.Services.AddHostedService<SnapshotReadAhead>();
            }

            silo.AddNaraVardGrains(roadmapId, options.GrainIdleTimeout, clock);
        });
        return builder;
    }

    /// <summary>NaraVard's grains on a silo: the roadmap they serve, their clock, how their values cross calls, how long an idle one stays.</summary>
    public static ISiloBuilder AddNaraVardGrains(this ISiloBuilder silo, string roadmapId, TimeSpan idleTimeout, TimeProvider clock)
    {
        silo.Services.Configure<RoadmapOptions>(o => o.RoadmapId = roadmapId);
        silo.Services.TryAddKeyedSingleton(Clock.Key, clock);
        silo.Services.TryAddSingleton<ResidentGrains>();
        silo.Services.AddSerializer(serializer => serializer.AddNaraVardSerialization());
        silo.Configure<GrainCollectionOptions>(o => o.CollectionAge = idleTimeout);
        return silo;
    }

    private static IPAddress AdvertisedAddress(NaraVardOptions options) =>
        options.AdvertisedAddress.Length > 0
            ? IPAddress.Parse(options.AdvertisedAddress)
            : Dns.GetHostAddresses(Dns.GetHostName()).FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a)) ?? IPAddress.Loopback;

    /// <summary>
    /// The county's snapshot is keyed by the roadmap id, and Orleans' ADO.NET storage stores string keys that look
    /// like hexadecimal numbers as integers (dotnet/orleans#9706): "0580" and "580" would share a row.
    /// </summary>
    public static void EnsureNotHexadecimal(string roadmapId)
    {
        if (roadmapId.All(Uri.IsHexDigit))
        {
            throw new InvalidOperationException($"The roadmap id '{roadmapId}' looks like a hexadecimal number, which Orleans' ADO.NET storage would fold into another key (dotnet/orleans#9706); give the roadmap an id with a letter beyond a–f or a dash, such as 'ostergotland-2030'.");
        }
    }

    private static void EnsureFree(int port, string setting)
    {
        // Orleans' sockets (like .NET's with ReuseAddress) set SO_REUSEPORT, which lets a second process share the
        // port silently. The probe sets SO_REUSEADDR alone: it binds over connections of a process that just died
        // (TIME_WAIT), as a restart must, but not beside a socket that still listens on the port.
        try
        {
            using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            if (OperatingSystem.IsLinux())
            {
                probe.SetRawSocketOption(SolSocket, SoReuseAddress, BitConverter.GetBytes(1));
            }

            probe.Bind(new IPEndPoint(IPAddress.Any, port));
            probe.Listen();
        }
        catch (SocketException e)
        {
            throw new InvalidOperationException($"NaraVard:{setting} {port} is in use by another process (another NaraVard server on this machine?); give this one another port with --NaraVard:{setting}=<port>.", e);
        }
    }
}
