using Faucet.Tests.Infrastructure;
using YamlDotNet.RepresentationModel;

namespace Faucet.Tests.Deploy;

public sealed class DeploymentFilesTests
{
    private static YamlMappingNode LoadSdl()
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(RepositoryRoot.Combine("deploy", "akash", "deploy.yaml"))));
        return (YamlMappingNode)stream.Documents.Single().RootNode;
    }

    private static YamlMappingNode Map(YamlNode node, string key) => (YamlMappingNode)((YamlMappingNode)node).Children[new YamlScalarNode(key)];

    private static string Scalar(YamlNode node, string key) => ((YamlScalarNode)((YamlMappingNode)node).Children[new YamlScalarNode(key)]).Value!;

    private static IEnumerable<YamlNode> Sequence(YamlNode node, string key) => (YamlSequenceNode)((YamlMappingNode)node).Children[new YamlScalarNode(key)];

    [Fact]
    public void The_akash_sdl_is_version_2_with_postgres_silos_and_api_in_one_deployment()
    {
        var sdl = LoadSdl();

        Assert.Equal("2.0", Scalar(sdl, "version"));
        var services = Map(sdl, "services").Children.Keys.Select(k => ((YamlScalarNode)k).Value).ToHashSet();
        Assert.Equal(["api", "postgres", "silo"], services.Order(StringComparer.Ordinal));
        var deployment = Map(sdl, "deployment");
        Assert.Equal(services, deployment.Children.Keys.Select(k => ((YamlScalarNode)k).Value).ToHashSet());

        var compute = Map(Map(sdl, "profiles"), "compute");
        var pricing = Map(Map(Map(Map(sdl, "profiles"), "placement"), "akash"), "pricing").Children.Keys.Select(k => ((YamlScalarNode)k).Value).ToHashSet();
        foreach (var (name, placement) in deployment.Children)
        {
            var akash = Map(placement, "akash");
            Assert.True(Map(Map(sdl, "profiles"), "placement").Children.ContainsKey(new YamlScalarNode("akash")), "placement group akash exists");
            var profile = Scalar(akash, "profile");
            Assert.True(compute.Children.ContainsKey(new YamlScalarNode(profile)), $"{((YamlScalarNode)name).Value}: compute profile {profile} exists");
            Assert.Contains(profile, pricing);
            Assert.True(int.Parse(Scalar(akash, "count"), System.Globalization.CultureInfo.InvariantCulture) >= 1);
        }
        Assert.True(int.Parse(Scalar(Map(Map(deployment, "silo"), "akash"), "count"), System.Globalization.CultureInfo.InvariantCulture) >= 2, "several silos");
    }

    [Fact]
    public void Postgres_keeps_its_data_on_persistent_storage_mounted_at_its_data_folder()
    {
        var sdl = LoadSdl();
        var postgres = Map(Map(sdl, "services"), "postgres");
        var (volume, mount) = Map(Map(postgres, "params"), "storage").Children.Single();
        Assert.Equal("/var/lib/postgresql/data", Scalar(mount, "mount"));

        var storage = Sequence(Map(Map(Map(Map(sdl, "profiles"), "compute"), "postgres"), "resources"), "storage");
        var persistent = storage.Single(s => ((YamlMappingNode)s).Children.ContainsKey(new YamlScalarNode("name")) && Scalar(s, "name") == ((YamlScalarNode)volume).Value);
        Assert.Equal("true", Scalar(Map(persistent, "attributes"), "persistent"));
    }

    [Fact]
    public void Only_the_api_is_exposed_globally_and_the_silos_reach_each_other_and_the_api_reaches_their_gateway()
    {
        var services = Map(LoadSdl(), "services");

        var globals = services.Children
            .Where(s => Sequence(s.Value, "expose").SelectMany(e => Sequence(e, "to")).Any(t => ((YamlMappingNode)t).Children.ContainsKey(new YamlScalarNode("global"))))
            .Select(s => ((YamlScalarNode)s.Key).Value);
        Assert.Equal(["api"], globals);

        var siloExposes = Sequence(Map(services, "silo"), "expose").ToDictionary(e => Scalar(e, "port"), e => Sequence(e, "to").Select(t => Scalar(t, "service")).ToList());
        Assert.Contains("silo", siloExposes["11111"]);
        Assert.Contains("api", siloExposes["30000"]);
    }

    [Theory]
    [InlineData("Silo.Dockerfile", "Faucet.Silo.dll")]
    [InlineData("Api.Dockerfile", "Faucet.Api.dll")]
    public void Each_dockerfile_builds_in_one_stage_and_runs_unprivileged_in_another(string file, string entryDll)
    {
        var lines = File.ReadAllLines(RepositoryRoot.Combine("deploy", "docker", file)).Select(l => l.Trim()).ToList();

        var stages = lines.Where(l => l.StartsWith("FROM ", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, stages.Count);
        Assert.Contains("dotnet/sdk:10.0", stages[0], StringComparison.Ordinal);
        Assert.Contains("dotnet/aspnet:10.0", stages[1], StringComparison.Ordinal);
        var runtime = lines.SkipWhile(l => l != stages[1]).ToList();
        Assert.Contains(runtime, l => l == "USER $APP_UID");
        Assert.Contains(runtime, l => l.StartsWith("ENTRYPOINT", StringComparison.Ordinal) && l.Contains(entryDll, StringComparison.Ordinal));
        foreach (var copy in lines.Where(l => l.StartsWith("COPY ", StringComparison.Ordinal) && !l.Contains("--from", StringComparison.Ordinal)))
        {
            foreach (var source in copy.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..^1])
            {
                Assert.True(File.Exists(RepositoryRoot.Combine(source)) || Directory.Exists(RepositoryRoot.Combine(source)), $"{file}: {source} exists");
            }
        }
    }

    [Theory]
    [InlineData("Silo.Dockerfile")]
    [InlineData("Api.Dockerfile")]
    public void Each_dockerfile_copies_the_files_the_shared_project_builds_in_from_beside_it(string file)
    {
        // Hosting builds in the player app's words from Api/wwwroot/locales, so an image that builds Hosting needs them too.
        var copied = File.ReadAllLines(RepositoryRoot.Combine("deploy", "docker", file)).Select(l => l.Trim())
            .Where(l => l.StartsWith("COPY ", StringComparison.Ordinal) && !l.Contains("--from", StringComparison.Ordinal))
            .SelectMany(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..^1]).ToList();
        var outside = System.Xml.Linq.XDocument.Load(RepositoryRoot.Combine("Hosting", "Hosting.csproj")).Descendants("EmbeddedResource")
            .Select(e => e.Attribute("Include")!.Value.Replace('\\', '/'))
            .Where(path => path.StartsWith("../", StringComparison.Ordinal))
            .Select(path => path[3..path.LastIndexOf('/')] + "/").ToList();

        Assert.NotEmpty(outside);
        Assert.Contains("Hosting/", copied);
        foreach (var folder in outside)
        {
            Assert.True(copied.Any(c => folder.StartsWith(c, StringComparison.Ordinal)), $"{file} copies {folder}, which Hosting builds in");
        }
    }
}
