namespace GrpcRelay.IntegrationTests.Infrastructure;

/// <summary>One line a process wrote, without its line break.</summary>
internal sealed record ProcessLogLine(ProcessLogStream Stream, string Text);
