using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace NaraVard.Server;

/// <summary>
/// <c>naravard-server dev-certificates &lt;folder&gt;</c>: what <c>docker compose up</c> needs on a developer's
/// machine, made by the server itself so that no other image or tool is fetched: a TLS certificate for
/// localhost (tls.crt, tls.key, PEM, for the proxy in front) and a certificate that encrypts the dashboard's
/// session keys at rest (dashboard-keys.pfx). Self-signed, for development: production brings its own.
/// Files already there are kept, so every start of the stack finds the same ones.
/// </summary>
internal static class DevCertificatesCommand
{
    public static int Run(string[] args)
    {
        var folder = args is [var given, ..] ? given : ".";
        Directory.CreateDirectory(folder);
        var (crt, key, keys) = (Path.Combine(folder, "tls.crt"), Path.Combine(folder, "tls.key"), Path.Combine(folder, "dashboard-keys.pfx"));
        if (File.Exists(crt) && File.Exists(key) && File.Exists(keys))
        {
            Console.WriteLine($"The development certificates in {folder} are kept.");
            return 0;
        }

        using (var rsa = RSA.Create(2048))
        {
            var request = new CertificateRequest("CN=localhost", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            var names = new SubjectAlternativeNameBuilder();
            names.AddDnsName("localhost");
            names.AddIpAddress(System.Net.IPAddress.Loopback);
            request.CertificateExtensions.Add(names.Build());
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
            using var tls = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
            File.WriteAllText(crt, tls.ExportCertificatePem());
            File.WriteAllText(key, rsa.ExportPkcs8PrivateKeyPem());
        }

        using (var rsa = RSA.Create(3072))
        {
            var request = new CertificateRequest("CN=NaraVard dashboard keys (development)", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var protector = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(5));
            File.WriteAllBytes(keys, protector.Export(X509ContentType.Pfx));
        }

        // Read by the proxy's and the server's own users in their containers: a development stack, not production.
        if (!OperatingSystem.IsWindows())
        {
            foreach (var file in new[] { crt, key, keys })
            {
                File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            }
        }

        Console.WriteLine($"Made {crt}, {key} (localhost, one year) and {keys} (the dashboard's session keys) for development.");
        return 0;
    }
}
