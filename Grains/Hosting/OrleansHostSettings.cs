using System.Net;
using Faucet.Configuration;
using Microsoft.Extensions.Configuration;

namespace Faucet.Hosting;

/// <summary>
/// Where this process sits in the cluster, from the <c>Orleans</c> configuration section (environment variables
/// override, e.g. <c>Orleans__SiloPort</c>) and the <c>Faucet</c> connection string (<c>ConnectionStrings__Faucet</c>).
/// </summary>
public sealed record OrleansHostSettings(
    string ClusterId,
    string ServiceId,
    int SiloPort,
    int GatewayPort,
    IPAddress AdvertisedAddress,
    string ConnectionString)
{
    public const string ConnectionStringName = "Faucet";
    public const string Invariant = "Npgsql";

    public static OrleansHostSettings From(IConfiguration configuration)
    {
        var section = configuration.GetSection("Orleans");
        var connectionString = configuration.GetConnectionString(ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new ConfigurationException([new ConfigProblem("environment", $"ConnectionStrings__{ConnectionStringName}",
                "is not set; set it to a PostgreSQL connection string, e.g. Host=127.0.0.1;Port=5432;Database=faucet;Username=faucet")]);
        }

        var advertised = section["AdvertisedAddress"];
        return new OrleansHostSettings(
            ClusterId: section["ClusterId"] ?? "faucet",
            ServiceId: section["ServiceId"] ?? "faucet",
            SiloPort: section.GetValue("SiloPort", 11111),
            GatewayPort: section.GetValue("GatewayPort", 30000),
            AdvertisedAddress: string.IsNullOrEmpty(advertised) ? IPAddress.Loopback : IPAddress.Parse(advertised),
            ConnectionString: connectionString);
    }
}
