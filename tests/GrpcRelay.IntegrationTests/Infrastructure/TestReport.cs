namespace GrpcRelay.IntegrationTests.Infrastructure;

/// <summary>
/// Lines a test wants in the test run's own output (the attack tally, benchmark figures):
/// appended to a file in GRPCRELAY_REPORT_DIR, which scripts/test.sh prints before its summary.
/// </summary>
internal static class TestReport
{
    public static void Write(string line)
    {
        TestContext.Current.SendDiagnosticMessage(line);
        if (Environment.GetEnvironmentVariable("GRPCRELAY_REPORT_DIR") is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
            File.AppendAllText(Path.Combine(folder, "report.txt"), line + Environment.NewLine);
        }
    }
}
