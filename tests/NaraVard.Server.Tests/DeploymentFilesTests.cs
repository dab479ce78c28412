using System.Text.Json;
using NaraVard.Testing;

namespace NaraVard.Server.Tests;

/// <summary>
/// The production shapes as an operator would check them before using them (no Docker engine or Kubernetes
/// cluster here): Compose's own validation of docker-compose.yml, and the Kubernetes and Envoy files read as
/// YAML by PyYAML, with the dashboard wired through in each (issue 33: neither exposed it).
/// </summary>
public sealed class DeploymentFilesTests
{
    private static readonly string Root = ExternalTool.RepositoryRoot;

    [Fact]
    public async Task ComposeFile_IsValid_AndServesTheDashboardOverTlsWithSharedKeys()
    {
        var compose = ExternalTool.Require("apt-get install -y docker-compose", "/usr/bin/docker-compose");
        var (code, output) = await ExternalTool.RunAsync(compose, ["-f", "docker-compose.yml", "config"], Root);

        Assert.True(code == 0, output);
        Assert.Contains("8443", output, StringComparison.Ordinal);
        Assert.Contains("NaraVard__Dashboard: http://0.0.0.0:8081", output, StringComparison.Ordinal);
        Assert.Contains("NaraVard__TrustedProxies__0: 172.30.0.10", output, StringComparison.Ordinal);
        Assert.Contains("ipv4_address: 172.30.0.10", output, StringComparison.Ordinal);
        Assert.Contains("NaraVard__DashboardKeyCertificate: /certificates/dashboard-keys.pfx", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KubernetesFile_IsYaml_AndItsIngressReachesTheDashboardPortOfEveryPod()
    {
        var documents = await YamlAsync("deploy/kubernetes/naravard.yaml");
        var kinds = documents.Select(d => d.GetProperty("kind").GetString()).ToList();
        var deployments = documents.Where(d => d.GetProperty("kind").GetString() == "Deployment").ToList();
        var ingress = documents.Single(d => d.GetProperty("kind").GetString() == "Ingress");

        Assert.Equal(["ConfigMap", "Secret", "Deployment", "Deployment", "Service", "Ingress"], kinds);
        Assert.All(deployments, deployment =>
        {
            var container = deployment.GetProperty("spec").GetProperty("template").GetProperty("spec").GetProperty("containers")[0];
            Assert.Contains(container.GetProperty("ports").EnumerateArray(), port => port.GetProperty("name").GetString() == "dashboard");
            Assert.Contains(container.GetProperty("volumeMounts").EnumerateArray(), mount => mount.GetProperty("mountPath").GetString() == "/certificates");
        });
        Assert.Equal("dashboard", ingress.GetProperty("spec").GetProperty("rules")[0].GetProperty("http").GetProperty("paths")[0].GetProperty("backend").GetProperty("service").GetProperty("port").GetProperty("name").GetString());
        Assert.Equal("naravard-tls", ingress.GetProperty("spec").GetProperty("tls")[0].GetProperty("secretName").GetString());
    }

    [Fact]
    public async Task EnvoyFile_IsYaml_AndTerminatesTlsForTheDashboard()
    {
        var envoy = Assert.Single(await YamlAsync("deploy/envoy.yaml"));
        var listeners = envoy.GetProperty("static_resources").GetProperty("listeners").EnumerateArray().ToList();
        var dashboard = listeners.Single(l => l.GetProperty("name").GetString() == "dashboard");

        Assert.Equal(8443, dashboard.GetProperty("address").GetProperty("socket_address").GetProperty("port_value").GetInt32());
        Assert.Equal("envoy.transport_sockets.tls", dashboard.GetProperty("filter_chains")[0].GetProperty("transport_socket").GetProperty("name").GetString());
    }

    /// <summary>The documents of a YAML file as JSON, read by PyYAML (safe_load_all), as kubectl's own parser would accept them.</summary>
    private static async Task<List<JsonElement>> YamlAsync(string path)
    {
        var python = ExternalTool.Require("apt-get install -y python3-yaml", "/usr/bin/python3");
        var (code, output) = await ExternalTool.RunAsync(python, ["-c", "import json, sys, yaml; print(json.dumps(list(yaml.safe_load_all(open(sys.argv[1])))))", path], Root);
        Assert.True(code == 0, output);
        return [.. JsonDocument.Parse(output).RootElement.EnumerateArray()];
    }
}
