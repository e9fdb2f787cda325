using System.Diagnostics;
using GrpcRelay.IntegrationTests.Infrastructure;
using GrpcRelay.Protocol.Agent;

namespace GrpcRelay.IntegrationTests.Relay;

/// <summary>
/// Figures, not limits: the latency of one request through the whole relay and the server's
/// memory after a burst, printed in the test run's report. The assertions only check that every
/// answer was right; speed on a shared 2-core machine is reported, never asserted.
/// </summary>
public sealed class RelayBenchmarkTests(FileStoreHttp2Rig fixture) : IClassFixture<FileStoreHttp2Rig>
{
    [Fact]
    public async Task Benchmark_SequentialListRequests_ReportsLatencyPercentilesAndServerMemory()
    {
        var rig = await fixture.RigAsync();
        using var client = await AgentSocketClient.ConnectAsync(rig.EndpointSocket);
        var request = AgentMessage.Create(AgentMessageType.RequestIdentities, []);
        for (var i = 0; i < 50; i++)
        {
            await client.RequestAsync(request); // warm-up: JIT, connection windows
        }

        var samples = new double[1000];
        for (var i = 0; i < samples.Length; i++)
        {
            var clock = Stopwatch.StartNew();
            var reply = await client.RequestAsync(request);
            samples[i] = clock.Elapsed.TotalMilliseconds;
            Assert.Equal((byte)AgentMessageType.IdentitiesAnswer, reply![4]);
        }

        Array.Sort(samples);
        var rss = ResidentMegabytes(rig.Server.Id);
        TestReport.Write($"latency: one list request through endpoint, server, forwarder and ssh-agent and back: " +
                         $"p50 {samples[500]:0.00} ms, p99 {samples[990]:0.00} ms, max {samples[^1]:0.00} ms (1000 in a row, HTTP/2); " +
                         $"server resident memory {rss:0} MiB");
        Assert.True(rss > 0, "the server's memory could not be read from /proc");
    }

    private static double ResidentMegabytes(int processId)
    {
        var line = File.ReadLines($"/proc/{processId}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return line is null ? 0 : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024;
    }
}
