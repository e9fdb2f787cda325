using GrpcRelay.Protocol.Agent;

namespace GrpcRelay.Protocol.Tests.Agent;

public sealed class AgentMessageNamesTests
{
    [Theory]
    [InlineData(1, "SSH_AGENTC_REQUEST_RSA_IDENTITIES")]
    [InlineData(2, "SSH_AGENT_RSA_IDENTITIES_ANSWER")]
    [InlineData(3, "SSH_AGENTC_RSA_CHALLENGE")]
    [InlineData(4, "SSH_AGENT_RSA_RESPONSE")]
    [InlineData(5, "SSH_AGENT_FAILURE")]
    [InlineData(6, "SSH_AGENT_SUCCESS")]
    [InlineData(7, "SSH_AGENTC_ADD_RSA_IDENTITY")]
    [InlineData(8, "SSH_AGENTC_REMOVE_RSA_IDENTITY")]
    [InlineData(9, "SSH_AGENTC_REMOVE_ALL_RSA_IDENTITIES")]
    [InlineData(11, "SSH_AGENTC_REQUEST_IDENTITIES")]
    [InlineData(12, "SSH_AGENT_IDENTITIES_ANSWER")]
    [InlineData(13, "SSH_AGENTC_SIGN_REQUEST")]
    [InlineData(14, "SSH_AGENT_SIGN_RESPONSE")]
    [InlineData(17, "SSH_AGENTC_ADD_IDENTITY")]
    [InlineData(18, "SSH_AGENTC_REMOVE_IDENTITY")]
    [InlineData(19, "SSH_AGENTC_REMOVE_ALL_IDENTITIES")]
    [InlineData(20, "SSH_AGENTC_ADD_SMARTCARD_KEY")]
    [InlineData(21, "SSH_AGENTC_REMOVE_SMARTCARD_KEY")]
    [InlineData(22, "SSH_AGENTC_LOCK")]
    [InlineData(23, "SSH_AGENTC_UNLOCK")]
    [InlineData(24, "SSH_AGENTC_ADD_RSA_ID_CONSTRAINED")]
    [InlineData(25, "SSH_AGENTC_ADD_ID_CONSTRAINED")]
    [InlineData(26, "SSH_AGENTC_ADD_SMARTCARD_KEY_CONSTRAINED")]
    [InlineData(27, "SSH_AGENTC_EXTENSION")]
    [InlineData(28, "SSH_AGENT_EXTENSION_FAILURE")]
    [InlineData(29, "SSH_AGENT_EXTENSION_RESPONSE")]
    public void GetSpecificationName_SpecifiedNumber_ReturnsSpecificationSpelling(byte type, string expected)
    {
        var name = AgentMessageNames.GetSpecificationName(type);

        Assert.Equal(expected, name);
    }

    [Fact]
    public void Describe_SignRequest_ReturnsNameAndNumber()
    {
        var description = AgentMessageNames.Describe((byte)13);

        Assert.Equal("SSH_AGENTC_SIGN_REQUEST (13)", description);
    }

    [Fact]
    public void Describe_EnumValue_MatchesByteOverload()
    {
        var description = AgentMessageNames.Describe(AgentMessageType.Failure);

        Assert.Equal("SSH_AGENT_FAILURE (5)", description);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(10)]
    [InlineData(15)]
    [InlineData(30)]
    [InlineData(200)]
    [InlineData(255)]
    public void Describe_UnassignedNumber_ReturnsUnknownWithNumber(byte type)
    {
        var description = AgentMessageNames.Describe(type);

        Assert.Equal($"unknown ({type})", description);
    }

    [Fact]
    public void GetSpecificationName_EveryEnumMember_HasDistinctName()
    {
        var members = Enum.GetValues<AgentMessageType>();

        var names = members.Select(member => AgentMessageNames.GetSpecificationName((byte)member)).ToList();

        Assert.All(names, Assert.NotNull);
        Assert.Equal(names.Count, names.Distinct().Count());
    }
}
