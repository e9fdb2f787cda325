using GrpcRelay.IntegrationTests.Infrastructure;

namespace GrpcRelay.IntegrationTests.Interop;

/// <summary>
/// Where the interoperability clients and their tools are. They are prerequisites of the
/// README's test command, which installs them; a missing one fails the test with that advice
/// rather than skipping it, so that the interop tests can never silently stop running.
/// </summary>
internal static class InteropTools
{
    private const string Advice = "run the README's test command, 'bash scripts/test.sh', which installs it " +
                                  "(apt packages via scripts/install-prerequisites.sh --tests, npm packages via 'npm ci' in tests/interop)";

    /// <summary>The repository's root: the folder holding GrpcRelay.sln, above the test binaries.</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>The folder of the published .proto files and buf.yaml.</summary>
    public static string ProtosFolder => Path.Combine(RepositoryRoot, "protos");

    /// <summary>The .proto file, the public specification.</summary>
    public static string RelayProto => Path.Combine(ProtosFolder, "grpcrelay", "v1", "relay.proto");

    /// <summary>The README for implementers in other languages.</summary>
    public static string ProtosReadme => Path.Combine(ProtosFolder, "README.md");

    /// <summary>The Python endpoint client.</summary>
    public static string PythonEndpointClient => Path.Combine(RepositoryRoot, "tests", "interop", "python", "endpoint_client.py");

    /// <summary>The Node.js handshake check.</summary>
    public static string NodeHandshakeCheck => Path.Combine(RepositoryRoot, "tests", "interop", "node", "handshake-check.js");

    /// <summary>
    /// Debian's Python, which has python3-grpcio, python3-grpc-tools and python3-cryptography
    /// (another python3 may come first on PATH without them).
    /// </summary>
    public static string Python => Existing("/usr/bin/python3", "Debian's /usr/bin/python3 with python3-grpcio");

    /// <summary>Node.js.</summary>
    public static string Node => RequiredProgram.TryFind("node") ?? throw Missing("node (Node.js)");

    /// <summary>buf, installed by npm ci from tests/interop/package-lock.json.</summary>
    public static string Buf => Existing(Path.Combine(NodeModules, ".bin", "buf"), "buf (npm package @bufbuild/buf)");

    /// <summary>Checks that npm ci installed grpc-js and proto-loader for the Node check.</summary>
    public static void EnsureNodePackages()
    {
        Existing(Path.Combine(NodeModules, "@grpc", "grpc-js", "package.json"), "the npm package @grpc/grpc-js");
        Existing(Path.Combine(NodeModules, "@grpc", "proto-loader", "package.json"), "the npm package @grpc/proto-loader");
    }

    private static string NodeModules => Path.Combine(RepositoryRoot, "tests", "interop", "node_modules");

    private static string Existing(string path, string what) => File.Exists(path) ? path : throw Missing($"{what} at {path}");

    private static InvalidOperationException Missing(string what) => new($"{what} is missing: {Advice}.");

    private static string FindRepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "GrpcRelay.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"GrpcRelay.sln is not in any folder above {AppContext.BaseDirectory}; run the tests from the repository.");
    }
}
