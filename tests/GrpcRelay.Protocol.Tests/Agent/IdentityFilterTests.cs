using GrpcRelay.Protocol.Agent;

namespace GrpcRelay.Protocol.Tests.Agent;

public sealed class IdentityFilterTests
{
    private static readonly byte[] _keyA = TestWire.KeyBlob("ssh-ed25519", [.. Enumerable.Repeat((byte)0xA1, 32)]);
    private static readonly byte[] _keyB = TestWire.KeyBlob("ssh-ed25519", [.. Enumerable.Repeat((byte)0xB2, 32)]);
    private static readonly byte[] _keyC = TestWire.KeyBlob("ecdsa-sha2-nistp256", [.. Enumerable.Repeat((byte)0xC3, 65)]);

    private static readonly byte[] _answer = TestWire.Message(
        12,
        TestWire.UInt32(3),
        TestWire.String(_keyA),
        TestWire.String("a"),
        TestWire.String(_keyB),
        TestWire.String("b"),
        TestWire.String(_keyC),
        TestWire.String("c"));

    [Fact]
    public void Constructor_InvalidEntry_ThrowsFormatExceptionNamingIt()
    {
        string[] entries = [SshFingerprint.Compute(_keyA), "SHA256:not-a-fingerprint"];

        var error = Assert.Throws<FormatException>(() => new IdentityFilter(entries));

        Assert.Contains("SHA256:not-a-fingerprint", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FilterIdentitiesAnswer_FingerprintsWithPrefix_KeepsOnlyAllowedKeys()
    {
        var filter = new IdentityFilter([SshFingerprint.Compute(_keyA), SshFingerprint.Compute(_keyC)]);
        var expected = TestWire.Message(12, TestWire.UInt32(2), TestWire.String(_keyA), TestWire.String("a"), TestWire.String(_keyC), TestWire.String("c"));

        var filtered = filter.FilterIdentitiesAnswer(_answer);

        Assert.Equal(expected, filtered);
    }

    [Fact]
    public void FilterIdentitiesAnswer_FingerprintWithoutPrefix_KeepsOnlyThatKey()
    {
        var withoutPrefix = SshFingerprint.Compute(_keyB)[SshFingerprint.Prefix.Length..];
        var filter = new IdentityFilter([withoutPrefix]);
        var expected = TestWire.Message(12, TestWire.UInt32(1), TestWire.String(_keyB), TestWire.String("b"));

        var filtered = filter.FilterIdentitiesAnswer(_answer);

        Assert.Equal(expected, filtered);
        Assert.Equal([SshFingerprint.Compute(_keyB)], filter.AllowedFingerprints);
    }

    [Fact]
    public void FilterIdentitiesAnswer_EmptyList_ReturnsMessageUnchanged()
    {
        var filter = new IdentityFilter([]);

        var filtered = filter.FilterIdentitiesAnswer(_answer);

        Assert.True(filter.AllowsAll);
        Assert.Equal(_answer, filtered);
    }

    [Fact]
    public void FilterIdentitiesAnswer_NoKeyAllowed_ReturnsZeroKeys()
    {
        var filter = new IdentityFilter([SshFingerprint.Compute([])]);

        var filtered = filter.FilterIdentitiesAnswer(_answer);

        Assert.Equal([0, 0, 0, 5, 12, 0, 0, 0, 0], filtered);
    }

    [Fact]
    public void FilterIdentitiesAnswer_MalformedAnswer_ThrowsProtocolError()
    {
        var filter = new IdentityFilter([SshFingerprint.Compute(_keyA)]);
        var truncated = TestWire.Message(12, TestWire.UInt32(3), TestWire.String(_keyA), TestWire.String("a"));

        var error = Assert.Throws<AgentProtocolException>(() => filter.FilterIdentitiesAnswer(truncated));

        Assert.Equal(AgentProtocolError.Truncated, error.Error);
    }

    [Fact]
    public void IsSignRequestAllowed_KeyFilteredOut_ReturnsFalse()
    {
        var filter = new IdentityFilter([SshFingerprint.Compute(_keyA)]);
        var request = new SignRequest(_keyB, [1, 2, 3], 0).Encode();

        var allowed = filter.IsSignRequestAllowed(request);

        Assert.False(allowed);
    }

    [Fact]
    public void IsSignRequestAllowed_AllowedKey_ReturnsTrue()
    {
        var filter = new IdentityFilter([SshFingerprint.Compute(_keyA)]);
        var request = new SignRequest(_keyA, [1, 2, 3], 0).Encode();

        var allowed = filter.IsSignRequestAllowed(request);

        Assert.True(allowed);
    }

    [Fact]
    public void IsSignRequestAllowed_EmptyList_ReturnsTrue()
    {
        var request = new SignRequest(_keyC, [1], 0).Encode();

        var allowed = IdentityFilter.AllowAll.IsSignRequestAllowed(request);

        Assert.True(allowed);
    }

    [Fact]
    public void IsSignRequestAllowed_NotASignRequest_ThrowsUnexpectedType()
    {
        var filter = new IdentityFilter([SshFingerprint.Compute(_keyA)]);

        var error = Assert.Throws<AgentProtocolException>(() => filter.IsSignRequestAllowed(TestWire.Message(11)));

        Assert.Equal(AgentProtocolError.UnexpectedType, error.Error);
    }
}
