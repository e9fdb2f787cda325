using GrpcRelay.IntegrationTests.Infrastructure;

namespace GrpcRelay.IntegrationTests.Server;

/// <summary>The README's first command, run as a user runs it: the whole relay on one machine.</summary>
public sealed class DemoScriptTests
{
    [Fact]
    public async Task DemoScript_FreshRun_ListsTheKeyVerifiesASignatureRefusesChangesAndCleansUp()
    {
        var root = RepositoryRoot();
        var before = Directory.GetDirectories("/tmp", "grpcrelay-demo.*").ToHashSet();

        var result = await ProcessRunner.RunAsync("bash", [Path.Combine(root, "scripts", "demo.sh")], timeout: TimeSpan.FromMinutes(4),
            workingDirectory: root);

        Assert.True(result.Succeeded, result.ToString());
        var output = result.StandardOutput;
        Assert.Contains("ssh-add -l through the endpoint", output);
        Assert.Contains("Good \"demo\" signature for demo@grpcrelay", output);
        Assert.Contains("the laptop's agent still holds: 1 key(s)", output);
        Assert.DoesNotContain(Directory.GetDirectories("/tmp", "grpcrelay-demo.*"), d => !before.Contains(d));
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "GrpcRelay.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("GrpcRelay.sln not found above " + AppContext.BaseDirectory);
    }
}
