using GrpcRelay.Protocol.Agent;

namespace GrpcRelay.Protocol.Tests.Agent;

public sealed class SshKeyBlobTests
{
    [Theory]
    [InlineData("ssh-ed25519")]
    [InlineData("ecdsa-sha2-nistp256")]
    [InlineData("sk-ssh-ed25519@openssh.com")]
    [InlineData("ssh-rsa-cert-v01@openssh.com")]
    public void GetKeyType_WellFormedBlob_ReturnsFirstString(string keyType)
    {
        var blob = TestWire.KeyBlob(keyType, [1, 2, 3]);

        var name = SshKeyBlob.GetKeyType(blob);

        Assert.Equal(keyType, name);
    }

    [Fact]
    public void GetKeyType_LengthPastEnd_ThrowsTruncated()
    {
        byte[] blob = [0, 0, 0, 11, (byte)'s', (byte)'s', (byte)'h'];

        var error = Assert.Throws<AgentProtocolException>(() => SshKeyBlob.GetKeyType(blob));

        Assert.Equal(AgentProtocolError.Truncated, error.Error);
    }

    [Theory]
    [InlineData("")]
    [InlineData("ssh ed25519")]
    [InlineData("ssh-ed25519,ssh-rsa")]
    [InlineData("ssh-\ned25519")]
    [InlineData("01234567890123456789012345678901234567890123456789012345678901234")]
    public void GetKeyType_NotAnSshName_ThrowsInvalidField(string keyType)
    {
        var blob = TestWire.KeyBlob(keyType, [1]);

        var error = Assert.Throws<AgentProtocolException>(() => SshKeyBlob.GetKeyType(blob));

        Assert.Equal(AgentProtocolError.InvalidField, error.Error);
    }

    [Fact]
    public void TryGetKeyType_Garbage_ReturnsFalse()
    {
        byte[] blob = [0xFF, 0xFF, 0xFF, 0xFF, 0x00];

        var found = SshKeyBlob.TryGetKeyType(blob, out var keyType);

        Assert.False(found);
        Assert.Null(keyType);
    }
}
