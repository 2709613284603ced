using System.Globalization;
using System.Net;
using Faucet.Configuration;
using Microsoft.Extensions.Configuration;

namespace Faucet.Hosting;

/// <summary>
/// Where this process sits in the cluster, from the <c>Orleans</c> configuration section (environment variables
/// override, e.g. <c>Orleans__SiloPort</c>) and the <c>Faucet</c> connection string (<c>ConnectionStrings__Faucet</c>).
/// Without an <c>AdvertisedAddress</c> a silo advertises the address its host name resolves to, which is the
/// pod's address in a container.
/// </summary>
public sealed record OrleansHostSettings(
    string ClusterId,
    string ServiceId,
    int SiloPort,
    int GatewayPort,
    IPAddress? AdvertisedAddress,
    string ConnectionString)
{
    public const string ConnectionStringName = "Faucet";
    public const string MetricsPortKey = "Faucet:Metrics:Port";
    public const int DefaultMetricsPort = 9464;
    public const string Invariant = "Npgsql";
    private const string Source = "environment";

    public static OrleansHostSettings From(IConfiguration configuration)
    {
        var section = configuration.GetSection("Orleans");
        var problems = new List<ConfigProblem>();

        var connectionString = configuration.GetConnectionString(ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            problems.Add(new ConfigProblem(Source, $"ConnectionStrings__{ConnectionStringName}",
                "is not set; set it to a PostgreSQL connection string, e.g. Host=127.0.0.1;Port=5432;Database=faucet;Username=faucet"));
        }

        var siloPort = Port(section, "SiloPort", 11111, problems);
        var gatewayPort = Port(section, "GatewayPort", 30000, problems);
        // 0 turns a silo's metrics listener off.
        var metricsPort = configuration[MetricsPortKey] == "0" ? 0 : Port(configuration, MetricsPortKey, DefaultMetricsPort, problems);

        IPAddress? advertised = null;
        if (section["AdvertisedAddress"] is { Length: > 0 } text && !IPAddress.TryParse(text, out advertised))
        {
            problems.Add(new ConfigProblem(Source, "Orleans__AdvertisedAddress", $"'{text}' is not an IP address"));
        }

        if (problems.Count > 0)
        {
            throw new ConfigurationException(problems);
        }
        return new OrleansHostSettings(
            ClusterId: section["ClusterId"] is { Length: > 0 } clusterId ? clusterId : "faucet",
            ServiceId: section["ServiceId"] is { Length: > 0 } serviceId ? serviceId : "faucet",
            SiloPort: siloPort,
            GatewayPort: gatewayPort,
            AdvertisedAddress: advertised,
            ConnectionString: connectionString!)
        {
            MetricsPort = metricsPort,
        };
    }

    /// <summary>Where a silo answers Prometheus scrapes (<c>Faucet__Metrics__Port</c>, 9464 unless set; 0 for none).
    /// The Api answers them on its own URLs, at <c>/metrics</c>.</summary>
    public int MetricsPort { get; init; } = DefaultMetricsPort;

    /// <summary>The database password, if the connection string has one: a secret for the log redactor.</summary>
    public string? DatabasePassword => new Npgsql.NpgsqlConnectionStringBuilder(ConnectionString).Password;

    private static int Port(IConfiguration section, string key, int fallback, List<ConfigProblem> problems)
    {
        var text = section[key];
        if (string.IsNullOrEmpty(text))
        {
            return fallback;
        }
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536)
        {
            return port;
        }
        var name = section is IConfigurationSection { Path: var path } ? path + "__" + key : key.Replace(":", "__", StringComparison.Ordinal);
        problems.Add(new ConfigProblem(Source, name, $"'{text}' is not a TCP port (1-65535)"));
        return fallback;
    }
}
