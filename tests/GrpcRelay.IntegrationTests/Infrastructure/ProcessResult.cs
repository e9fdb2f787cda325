namespace GrpcRelay.IntegrationTests.Infrastructure;

/// <summary>How a short command ended and what it wrote.</summary>
/// <param name="CommandLine">The command as run, for messages.</param>
/// <param name="ExitCode">Its exit code (128+n when killed by signal n).</param>
/// <param name="StandardOutput">Everything it wrote to stdout.</param>
/// <param name="StandardError">Everything it wrote to stderr.</param>
internal sealed record ProcessResult(string CommandLine, int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>True when the exit code is 0.</summary>
    public bool Succeeded => ExitCode == 0;

    /// <summary>Returns this result when the command succeeded, else throws with its whole output.</summary>
    public ProcessResult EnsureSuccess() =>
        Succeeded ? this : throw new InvalidOperationException($"{CommandLine} failed with exit code {ExitCode}.{Environment.NewLine}{this}");

    /// <summary>The command, its exit code and both outputs, for assertion messages.</summary>
    public override string ToString() =>
        $"$ {CommandLine}{Environment.NewLine}exit {ExitCode}{Environment.NewLine}"
        + $"--- stdout ---{Environment.NewLine}{StandardOutput}--- stderr ---{Environment.NewLine}{StandardError}";
}
