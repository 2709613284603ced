using System.Globalization;

namespace Faucet.Tests.Infrastructure;

/// <summary>Command-line configuration for a silo or Api built in the test process, as an operator would pass it.</summary>
public static class FaucetProcessArgs
{
    public const string OperatorToken = "test-operator-token-0123456789";

    public const string SessionKey = "test-session-signing-key-0123456789abcdef";

    public const string VanityMasterKey = "test-vanity-master-key-0123456789abcdef";

    public static string[] Silo(string connectionString, int siloPort, int gatewayPort, params string[] extra) =>
    [
        .. Common(connectionString),
        "--Orleans:SiloPort=" + siloPort.ToString(CultureInfo.InvariantCulture),
        "--Orleans:GatewayPort=" + gatewayPort.ToString(CultureInfo.InvariantCulture),
        "--Orleans:AdvertisedAddress=127.0.0.1",
        // Many silos share a test process: none listens for scrapes unless a test gives it a port.
        "--Faucet:Metrics:Port=0",
        .. extra,
    ];

    public static string[] Api(string connectionString, params string[] extra) =>
    [
        .. Common(connectionString),
        "--urls=http://127.0.0.1:0",
        // The player app the Api serves; the test binaries' folder has none.
        "--webroot=" + RepositoryRoot.Combine("Api", "wwwroot"),
        .. extra,
    ];

    private static string[] Common(string connectionString) =>
    [
        "--ConnectionStrings:Faucet=" + connectionString,
        "--Orleans:ClusterId=test",
        "--Orleans:ServiceId=test",
        "--Faucet:ConfigDirectory=" + RepositoryRoot.Combine("deploy", "config"),
        "--FAUCET_OPERATOR_TOKEN=" + OperatorToken,
        "--FAUCET_SESSION_KEY=" + SessionKey,
        "--FAUCET_VANITY_MASTER_KEY=" + VanityMasterKey,
        "--FAUCET_DRY_RUN=true",
        "--Logging:LogLevel:Default=Warning",
        "--Logging:LogLevel:Orleans=Error",
    ];
}
