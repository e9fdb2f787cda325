using GrpcRelay.Protocol.Agent;

namespace GrpcRelay.Protocol.Tests.Agent;

public sealed class AgentMessagePolicyTests
{
    [Theory]
    [InlineData(11, true)]
    [InlineData(13, true)]
    [InlineData(1, false)]
    [InlineData(17, false)]
    [InlineData(18, false)]
    [InlineData(19, false)]
    [InlineData(20, false)]
    [InlineData(21, false)]
    [InlineData(22, false)]
    [InlineData(23, false)]
    [InlineData(25, false)]
    [InlineData(26, false)]
    [InlineData(27, false)]
    [InlineData(12, false)]
    [InlineData(200, false)]
    public void IsRequestAllowed_DefaultPolicy_AllowsOnlyListAndSign(byte type, bool expected)
    {
        var message = TestWire.Message(type, [1, 2, 3]);

        var allowed = AgentMessagePolicy.Default.IsRequestAllowed(message);

        Assert.Equal(expected, allowed);
    }

    [Theory]
    [InlineData(5, true)]
    [InlineData(6, true)]
    [InlineData(12, true)]
    [InlineData(14, true)]
    [InlineData(28, true)]
    [InlineData(29, false)]
    [InlineData(2, false)]
    [InlineData(11, false)]
    [InlineData(13, false)]
    [InlineData(255, false)]
    public void IsResponseAllowed_DefaultPolicy_AllowsSpecifiedReplies(byte type, bool expected)
    {
        var message = TestWire.Message(type);

        var allowed = AgentMessagePolicy.Default.IsResponseAllowed(message);

        Assert.Equal(expected, allowed);
    }

    [Fact]
    public void IsResponseAllowed_FailureConstant_ReturnsTrue()
    {
        var allowed = AgentMessagePolicy.Default.IsResponseAllowed(AgentMessage.Failure);

        Assert.True(allowed);
    }

    [Theory]
    [InlineData(new byte[] { })]
    [InlineData(new byte[] { 0, 0, 0 })]
    [InlineData(new byte[] { 0, 0, 0, 0 })]
    [InlineData(new byte[] { 0, 0, 0, 2, 13 })]
    [InlineData(new byte[] { 0, 0, 0, 1, 13, 0 })]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 13 })]
    public void IsRequestAllowed_MalformedSignRequestFrame_ReturnsFalse(byte[] message)
    {
        var allowed = AgentMessagePolicy.Default.IsRequestAllowed(message);

        Assert.False(allowed);
    }

    [Fact]
    public void IsRequestAllowed_CustomPolicyWithExtension_AllowsExtension()
    {
        var policy = new AgentMessagePolicy(
            [AgentMessageType.RequestIdentities, AgentMessageType.SignRequest, AgentMessageType.Extension],
            AgentMessagePolicy.DefaultAllowedResponses);
        var message = TestWire.Message(27, TestWire.String("session-bind@openssh.com"));

        var allowed = policy.IsRequestAllowed(message);

        Assert.True(allowed);
    }

    [Fact]
    public void IsRequestAllowed_MessageAboveCustomCap_ReturnsFalse()
    {
        var policy = new AgentMessagePolicy(AgentMessagePolicy.DefaultAllowedRequests, AgentMessagePolicy.DefaultAllowedResponses, maxLength: 8);
        var message = TestWire.Message(13, new byte[8]);

        var allowed = policy.IsRequestAllowed(message);

        Assert.False(allowed);
    }
}
