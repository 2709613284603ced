using System.Net;
using Faucet.Api.Hosting;

namespace Faucet.Tests.Api;

public sealed class ClientAddressTests
{
    [Theory]
    [InlineData("203.0.113.7", "203.0.113.7")]
    [InlineData("::ffff:203.0.113.7", "203.0.113.7")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2::/64")]
    public void An_IPv4_client_counts_by_its_address_and_an_IPv6_client_by_its_64_bit_network(string address, string partition) =>
        Assert.Equal(partition, ClientRateLimits.ClientOf(IPAddress.Parse(address)));
}
