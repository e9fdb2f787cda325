using System.Text.Json;
using GrpcRelay.IntegrationTests.Infrastructure;
using GrpcRelay.IntegrationTests.Relay;
using GrpcRelay.Protocol.V1;

namespace GrpcRelay.IntegrationTests.Interop;

/// <summary>
/// The protos are a usable public specification: clients we did not write in C#, a Python
/// endpoint (code generated from the .proto at test time, its own MAC encoding) and a Node.js
/// handshake (the .proto loaded at run time), work against the real relay over mutual TLS;
/// buf lint passes; and the implementers' README repeats the MAC specification unchanged.
/// One relay (token file, HTTP/2) serves the class.
/// </summary>
[Trait("Category", "Interop")]
public sealed class InteropTests(FileStoreHttp2Rig fixture) : IClassFixture<FileStoreHttp2Rig>
{
    private static readonly TimeSpan ClientTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task PythonEndpoint_CodeGeneratedFromProto_ListsTheAgentsKeysAndEachSignatureVerifies()
    {
        var rig = await fixture.RigAsync();
        var expected = rig.Agent.Keys.ToDictionary(key => key.Fingerprint, key => SignatureAlgorithm(key.Type));

        var result = await RunPythonEndpointAsync(rig, rig.Token, expected.Keys);

        Assert.True(result.Succeeded, $"{result}\n{rig.Logs()}");
        using var output = ParseOneJsonLine(result);
        var root = output.RootElement;
        Assert.Equal("ok", root.GetProperty("result").GetString());
        Assert.Equal(rig.Uuid, root.GetProperty("uuid").GetString());
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), root.GetProperty("fingerprints").EnumerateArray().Select(f => f.GetString()!));
        var signed = root.GetProperty("signatures").EnumerateArray()
            .ToDictionary(s => s.GetProperty("fingerprint").GetString()!, s => s.GetProperty("algorithm").GetString()!);
        Assert.Equal(expected.OrderBy(p => p.Key, StringComparer.Ordinal), signed.OrderBy(p => p.Key, StringComparer.Ordinal));
    }

    [Fact]
    public async Task PythonEndpoint_WrongToken_FailsWithUnauthenticatedAndPrintsNoToken()
    {
        var rig = await fixture.RigAsync();
        var wrongToken = "not-the-token-" + Guid.NewGuid().ToString("N");

        var result = await RunPythonEndpointAsync(rig, wrongToken, rig.Agent.Keys.Select(key => key.Fingerprint));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("UNAUTHENTICATED", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain(wrongToken, result.StandardOutput + result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NodeCheck_ProtoLoadedAtRunTime_HandshakeAckMacVerifies()
    {
        var rig = await fixture.RigAsync();
        InteropTools.EnsureNodePackages();
        var (cert, key) = rig.Certificates.IssueClient(Role.Endpoint, rig.Uuid, name: "interop-node-endpoint");

        var result = await ProcessRunner.RunAsync(InteropTools.Node,
            [InteropTools.NodeHandshakeCheck, "--target", rig.PlatformUrl, "--server-name", "localhost", "--ca", rig.Certificates.CaPath,
             "--cert", cert, "--key", key, "--uuid", rig.Uuid],
            new Dictionary<string, string?> { ["GRPCRELAY_TOKEN"] = rig.Token },
            timeout: ClientTimeout);

        Assert.True(result.Succeeded, $"{result}\n{rig.Logs()}");
        using var output = ParseOneJsonLine(result);
        var root = output.RootElement;
        Assert.Equal("ok", root.GetProperty("result").GetString());
        Assert.Equal(rig.Uuid, root.GetProperty("uuid").GetString());
        Assert.Equal("ROLE_ENDPOINT", root.GetProperty("role").GetString());
        Assert.True(root.GetProperty("max_payload_bytes").GetInt32() > 0, result.StandardOutput);
    }

    [Fact]
    public async Task BufLint_Protos_PassesWithBufYaml()
    {
        var buf = InteropTools.Buf;

        var result = await ProcessRunner.RunAsync(buf, ["lint"], workingDirectory: InteropTools.ProtosFolder, timeout: ClientTimeout);

        Assert.True(result.Succeeded, $"buf lint found problems in protos/ (rules in protos/buf.yaml):\n{result}");
    }

    [Theory]
    [InlineData("MAC definition")]
    [InlineData("worked example")]
    public async Task ProtosReadme_CopiedSection_IdenticalToRelayProtoComment(string section)
    {
        var readme = await File.ReadAllLinesAsync(InteropTools.ProtosReadme, TestContext.Current.CancellationToken);
        var proto = await File.ReadAllLinesAsync(InteropTools.RelayProto, TestContext.Current.CancellationToken);

        var copied = CopiedBlock(readme, $"<!-- copied from relay.proto: {section} -->");
        var comment = proto.TakeWhile(line => line.StartsWith("//", StringComparison.Ordinal)).Select(line => line[2..].Trim()).ToList();

        Assert.True(copied.Count > 5, $"the README's '{section}' block is missing or nearly empty");
        Assert.True(ContainsRun(comment, copied),
            $"protos/README.md's '{section}' differs from the comment of relay.proto (compared line by line, indentation aside):\n{string.Join('\n', copied)}");
    }

    private static Task<ProcessResult> RunPythonEndpointAsync(RelayRig rig, string token, IEnumerable<string> expectedFingerprints)
    {
        var (cert, key) = rig.Certificates.IssueClient(Role.Endpoint, rig.Uuid, name: "interop-python-endpoint");
        List<string> arguments =
        [
            InteropTools.PythonEndpointClient, "--target", rig.PlatformUrl, "--server-name", "localhost", "--ca", rig.Certificates.CaPath,
            "--cert", cert, "--key", key, "--uuid", rig.Uuid,
        ];
        foreach (var fingerprint in expectedFingerprints)
        {
            arguments.AddRange(["--expect-fingerprint", fingerprint]);
        }

        // The token goes in the environment: command lines are visible to every user, and ProcessResult prints them.
        return ProcessRunner.RunAsync(InteropTools.Python, arguments, new Dictionary<string, string?> { ["GRPCRELAY_TOKEN"] = token },
            timeout: ClientTimeout);
    }

    private static string SignatureAlgorithm(SshKeyType type) => type switch
    {
        SshKeyType.Ed25519 => "ssh-ed25519",
        SshKeyType.EcdsaP256 => "ecdsa-sha2-nistp256",
        SshKeyType.Rsa => "rsa-sha2-256", // the client asks for SSH_AGENT_RSA_SHA2_256
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "a key type the interop client was not told about"),
    };

    private static JsonDocument ParseOneJsonLine(ProcessResult result)
    {
        var lines = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(lines.Length == 1, $"expected one line of JSON:\n{result}");
        return JsonDocument.Parse(lines[0]);
    }

    // The lines of the fenced block after the marker, trimmed.
    private static List<string> CopiedBlock(string[] lines, string marker)
    {
        var start = Array.FindIndex(lines, line => line.Trim() == marker);
        if (start < 0 || start + 1 >= lines.Length || !lines[start + 1].StartsWith("```", StringComparison.Ordinal))
        {
            return [];
        }

        return [.. lines.Skip(start + 2).TakeWhile(line => !line.StartsWith("```", StringComparison.Ordinal)).Select(line => line.Trim())];
    }

    private static bool ContainsRun(List<string> haystack, List<string> needle) =>
        Enumerable.Range(0, Math.Max(0, haystack.Count - needle.Count + 1))
            .Any(start => haystack.Skip(start).Take(needle.Count).SequenceEqual(needle, StringComparer.Ordinal));
}
