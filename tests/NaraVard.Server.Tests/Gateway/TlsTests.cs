using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using NaraVard.Api.V1;
using NaraVard.Testing;

namespace NaraVard.Server.Tests.Gateway;

/// <summary>With a certificate configured, the server speaks gRPC over TLS, negotiating h2 by ALPN.</summary>
public sealed class TlsTests
{
    [Fact]
    public async Task HttpsEndpointWithCertificate_ServesGrpcOverHttp2NegotiatedByAlpn()
    {
        using var data = new TempDirectory("naravard-tls");
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var pfx = data.File("tls.pfx");
        await File.WriteAllBytesAsync(pfx, certificate.Export(X509ContentType.Pfx, "test-password"));

        await using var server = await ServerProcess.StartAsync(data.File("data"), ["--urls=https://127.0.0.1:0", $"--Kestrel:Certificates:Default:Path={pfx}", "--Kestrel:Certificates:Default:Password=test-password"]);
        var certificateChecked = false;
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                // Trust exactly this certificate.
                RemoteCertificateValidationCallback = (_, cert, _, _) =>
                {
                    certificateChecked = true;
                    return cert is not null && cert.GetCertHashString() == certificate.GetCertHashString();
                },
            },
        };
        using var channel = new ApiClient(server.Address, server.AdminToken, handler);

        // The channel asks for HTTP/2 exactly, so over TLS the call succeeds only if ALPN chose h2.
        var roadmap = await channel.Roadmap.GetRoadmapAsync(new GetRoadmapRequest()).ResponseAsync;

        Assert.Equal("https", server.Address.Scheme);
        Assert.Equal("ostergotland-2030", roadmap.Id);
        Assert.True(certificateChecked);
    }
}
