using System.Diagnostics;

namespace GrpcRelay.IntegrationTests.Infrastructure;

/// <summary>The one way tests describe a child process: arguments one by one, all three streams redirected.</summary>
internal static class ProcessStartInfoFactory
{
    public static ProcessStartInfo Create(
        string fileName,
        IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string?>? environment,
        string? workingDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(fileName);
        ArgumentNullException.ThrowIfNull(arguments);
        var startInfo = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? string.Empty,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        // The test runner's own agent must never leak into a test: a child talks to the agent
        // the test names, or to none.
        startInfo.Environment.Remove("SSH_AUTH_SOCK");
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                startInfo.Environment.Remove(name);
            }
            else
            {
                startInfo.Environment[name] = value;
            }
        }

        return startInfo;
    }
}
