using System.Threading.Channels;
using Grpc.Core;
using GrpcRelay.Protocol.V1;

namespace GrpcRelay.Server.Relay;

/// <summary>
/// The frames waiting to be written to one client. gRPC allows one write at a time, so
/// every producer posts here and one loop writes. Bounded: a client that stops reading
/// makes <see cref="TryPost"/> fail instead of growing memory.
/// </summary>
internal sealed class Outbox
{
    private readonly Channel<ConnectResponse> _frames = Channel.CreateBounded<ConnectResponse>(
        new BoundedChannelOptions(1024) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    /// <summary>Queues a frame; false when the client is gone or not keeping up.</summary>
    public bool TryPost(ConnectResponse frame) => _frames.Writer.TryWrite(frame);

    /// <summary>No more frames will be posted.</summary>
    public void Complete() => _frames.Writer.TryComplete();

    /// <summary>Writes frames until completed or cancelled.</summary>
    public async Task DrainAsync(IServerStreamWriter<ConnectResponse> stream, CancellationToken cancellationToken)
    {
        await foreach (var frame in _frames.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            await stream.WriteAsync(frame, cancellationToken).ConfigureAwait(false);
        }
    }
}
