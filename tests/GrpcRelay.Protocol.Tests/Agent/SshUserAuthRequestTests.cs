using System.Text;
using GrpcRelay.Protocol.Agent;

namespace GrpcRelay.Protocol.Tests.Agent;

public sealed class SshUserAuthRequestTests
{
    private static readonly byte[] _sessionId = [.. Enumerable.Range(0, 32).Select(i => (byte)i)];
    private static readonly byte[] _key = TestWire.KeyBlob("ssh-ed25519", [.. Enumerable.Repeat((byte)0x11, 32)]);
    private static readonly byte[] _hostKey = TestWire.KeyBlob("ssh-ed25519", [.. Enumerable.Repeat((byte)0x22, 32)]);

    [Fact]
    public void TryParse_PublicKeyRequest_ReturnsUserServiceAndKey()
    {
        var data = TestWire.UserAuthData(_sessionId, "git", "ssh-connection", "publickey", "ssh-ed25519", _key);

        var request = SshUserAuthRequest.TryParse(data);

        Assert.NotNull(request);
        Assert.Equal("git", request.UserName);
        Assert.Equal("ssh-connection", request.ServiceName);
        Assert.Equal(SshUserAuthRequest.PublicKeyMethod, request.Method);
        Assert.Equal("ssh-ed25519", request.Algorithm);
        Assert.Equal(_key, request.KeyBlob.ToArray());
        Assert.True(request.HostKeyBlob.IsEmpty);
    }

    [Fact]
    public void TryParse_HostBoundRequest_ReturnsHostKey()
    {
        var data = TestWire.UserAuthData(_sessionId, "deploy", "ssh-connection", SshUserAuthRequest.HostBoundPublicKeyMethod, "rsa-sha2-512", _key, _hostKey);

        var request = SshUserAuthRequest.TryParse(data);

        Assert.NotNull(request);
        Assert.Equal("deploy", request.UserName);
        Assert.Equal("rsa-sha2-512", request.Algorithm);
        Assert.Equal(_hostKey, request.HostKeyBlob.ToArray());
    }

    [Fact]
    public void TryParse_NonAsciiUserName_ReturnsIt()
    {
        var data = TestWire.UserAuthData(_sessionId, "jürgen", "ssh-connection", "publickey", "ssh-ed25519", _key);

        var request = SshUserAuthRequest.TryParse(data);

        Assert.Equal("jürgen", request?.UserName);
    }

    [Fact]
    public void TryParse_SshSigData_ReturnsNull()
    {
        var data = TestWire.Concat(Encoding.ASCII.GetBytes("SSHSIG"), TestWire.String("git"), TestWire.String(""), TestWire.String("sha512"), TestWire.String(new byte[64]));

        var request = SshUserAuthRequest.TryParse(data);

        Assert.Null(request);
    }

    [Fact]
    public void TryParse_OtherMessageNumber_ReturnsNull()
    {
        var data = TestWire.UserAuthData(_sessionId, "git", "ssh-connection", "publickey", "ssh-ed25519", _key);
        data[4 + _sessionId.Length] = 51;

        var request = SshUserAuthRequest.TryParse(data);

        Assert.Null(request);
    }

    [Theory]
    [InlineData("password")]
    [InlineData("hostbased")]
    public void TryParse_OtherMethod_ReturnsNull(string method)
    {
        var data = TestWire.UserAuthData(_sessionId, "git", "ssh-connection", method, "ssh-ed25519", _key);

        var request = SshUserAuthRequest.TryParse(data);

        Assert.Null(request);
    }

    [Fact]
    public void TryParse_HostBoundWithoutHostKey_ReturnsNull()
    {
        var data = TestWire.UserAuthData(_sessionId, "git", "ssh-connection", SshUserAuthRequest.HostBoundPublicKeyMethod, "ssh-ed25519", _key);

        var request = SshUserAuthRequest.TryParse(data);

        Assert.Null(request);
    }

    [Fact]
    public void TryParse_SignatureFlagFalse_ReturnsNull()
    {
        var data = TestWire.Concat(
            TestWire.String(_sessionId), [50], TestWire.String("git"), TestWire.String("ssh-connection"), TestWire.String("publickey"), [0], TestWire.String("ssh-ed25519"), TestWire.String(_key));

        var request = SshUserAuthRequest.TryParse(data);

        Assert.Null(request);
    }

    [Fact]
    public void TryParse_TrailingByte_ReturnsNull()
    {
        var data = TestWire.Concat(TestWire.UserAuthData(_sessionId, "git", "ssh-connection", "publickey", "ssh-ed25519", _key), [0]);

        var request = SshUserAuthRequest.TryParse(data);

        Assert.Null(request);
    }

    [Fact]
    public void TryParse_Truncated_ReturnsNull()
    {
        var data = TestWire.UserAuthData(_sessionId, "git", "ssh-connection", "publickey", "ssh-ed25519", _key);

        var request = SshUserAuthRequest.TryParse(data.AsSpan(0, data.Length - 1));

        Assert.Null(request);
    }

    [Theory]
    [InlineData("root\nFAKE LOG LINE")]
    [InlineData("tab\there")]
    public void TryParse_ControlCharacterInUserName_ReturnsNull(string user)
    {
        var data = TestWire.UserAuthData(_sessionId, user, "ssh-connection", "publickey", "ssh-ed25519", _key);

        var request = SshUserAuthRequest.TryParse(data);

        Assert.Null(request);
    }

    [Fact]
    public void TryParse_InvalidUtf8UserName_ReturnsNull()
    {
        var data = TestWire.Concat(
            TestWire.String(_sessionId), [50], TestWire.String([0xC3, 0x28]), TestWire.String("ssh-connection"), TestWire.String("publickey"), [1], TestWire.String("ssh-ed25519"), TestWire.String(_key));

        var request = SshUserAuthRequest.TryParse(data);

        Assert.Null(request);
    }
}
