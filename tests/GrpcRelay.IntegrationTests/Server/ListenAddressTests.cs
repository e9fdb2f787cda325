using System.Net;
using GrpcRelay.Server;

namespace GrpcRelay.IntegrationTests.Server;

/// <summary>How the server reads platform_url as the address to listen on.</summary>
public sealed class ListenAddressTests
{
    [Theory]
    [InlineData("0.0.0.0:4433", "0.0.0.0", 4433)]
    [InlineData("*:4433", "0.0.0.0", 4433)]
    [InlineData(":4242", "0.0.0.0", 4242)]
    [InlineData("localhost:4242", "127.0.0.1", 4242)]
    [InlineData("127.0.0.1:1", "127.0.0.1", 1)]
    [InlineData("[::1]:65535", "::1", 65535)]
    public void ParseListenAddress_HostAndPort_AddressesAndPort(string platformUrl, string address, int port)
    {
        var (addresses, parsedPort) = ServerHost.ParseListenAddress(platformUrl);

        Assert.Equal([IPAddress.Parse(address)], addresses);
        Assert.Equal(port, parsedPort);
    }

    [Theory]
    [InlineData("127.0.0.1:0", "port 0 would silently turn HTTP/3 off")]
    [InlineData("127.0.0.1", "must be host:port")]
    [InlineData("127.0.0.1:70000", "from 1 to 65535")]
    public void ParseListenAddress_Unusable_SaysWhatIsWrong(string platformUrl, string expected)
    {
        var error = Assert.Throws<FormatException>(() => ServerHost.ParseListenAddress(platformUrl));

        Assert.Contains(expected, error.Message);
        Assert.Contains(platformUrl, error.Message);
    }
}
