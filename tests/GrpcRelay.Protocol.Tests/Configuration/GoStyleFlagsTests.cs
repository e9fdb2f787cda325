using GrpcRelay.Protocol.Configuration;

namespace GrpcRelay.Protocol.Tests.Configuration;

public sealed class GoStyleFlagsTests
{
    private static readonly HashSet<string> s_longFlags = ["--uuid", "--token", "--key", "--config", "--help", "--bind-identity-to-certificate"];
    private static readonly HashSet<string> s_flagsTakingValue = ["--uuid", "--token", "--key", "--config"];

    [Theory]
    [InlineData(new[] { "-uuid", "x" }, new[] { "--uuid", "x" })]
    [InlineData(new[] { "-uuid=x" }, new[] { "--uuid=x" })]
    [InlineData(new[] { "--uuid", "x" }, new[] { "--uuid", "x" })]
    [InlineData(new[] { "-config", "a.yaml", "-help" }, new[] { "--config", "a.yaml", "--help" })]
    [InlineData(new[] { "-h", "-?" }, new[] { "-h", "-?" })]
    [InlineData(new[] { "-unknown", "x" }, new[] { "-unknown", "x" })]
    [InlineData(new[] { "-token", "-key" }, new[] { "--token", "-key" })]
    [InlineData(new[] { "--token=-key", "-key", "k" }, new[] { "--token=-key", "--key", "k" })]
    [InlineData(new[] { "-bind-identity-to-certificate", "-uuid", "u" }, new[] { "--bind-identity-to-certificate", "--uuid", "u" })]
    [InlineData(new[] { "--", "-uuid" }, new[] { "--", "-uuid" })]
    [InlineData(new[] { "-" }, new[] { "-" })]
    public void Normalize_Arguments_RewritesOnlySingleDashSpellingsOfKnownFlags(string[] args, string[] expected)
    {
        Assert.Equal(expected, GoStyleFlags.Normalize(args, s_longFlags, s_flagsTakingValue));
    }
}
