using System.Threading.Channels;
using Grpc.Core;
using Grpc.Net.Client;
using GrpcRelay.Protocol.Transport;
using GrpcRelay.Protocol.V1;

namespace GrpcRelay.Protocol.Client;

/// <summary>
/// One acknowledged Connect stream. gRPC allows one write at a time, so every frame goes
/// through a bounded outbox drained by a single writer loop; the owner reads
/// <see cref="Responses"/> from one loop of its own.
/// </summary>
public sealed class RelaySession : IAsyncDisposable
{
    /// <summary>How long the server has to answer a Hello.</summary>
    public static readonly TimeSpan AckTimeout = TimeSpan.FromSeconds(10);

    private readonly GrpcChannel _channel;
    private readonly AsyncDuplexStreamingCall<ConnectRequest, ConnectResponse> _call;
    private readonly CancellationTokenSource _stop;
    private readonly Channel<ConnectRequest> _outbox = Channel.CreateBounded<ConnectRequest>(
        new BoundedChannelOptions(1024) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly Task _writer;

    private RelaySession(GrpcChannel channel, AsyncDuplexStreamingCall<ConnectRequest, ConnectResponse> call,
        CancellationTokenSource stop, HttpProtocol protocol, Ack ack, TimeSpan roundTrip)
    {
        _channel = channel;
        _call = call;
        _stop = stop;
        Protocol = protocol;
        Ack = ack;
        RoundTrip = roundTrip;
        _writer = WriteLoopAsync();
    }

    /// <summary>The HTTP version this stream runs over.</summary>
    public HttpProtocol Protocol { get; }

    /// <summary>The server's verified Ack.</summary>
    public Ack Ack { get; }

    /// <summary>From sending the Hello to reading the Ack: an upper bound of the link's round trip.</summary>
    public TimeSpan RoundTrip { get; }

    /// <summary>Frames from the server after the Ack; read from one loop only.</summary>
    public IAsyncStreamReader<ConnectResponse> Responses => _call.ResponseStream;

    /// <summary>A token that fires when the session is being closed.</summary>
    public CancellationToken Closing => _stop.Token;

    /// <summary>
    /// Opens a stream on <paramref name="channel"/>, says Hello and checks the Ack. The session
    /// owns the channel from then on; on failure the channel is disposed here.
    /// </summary>
    public static async Task<RelaySession> OpenAsync(GrpcChannel channel, HttpProtocol protocol, RelayIdentity identity,
        CancellationToken cancellationToken)
    {
        var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        AsyncDuplexStreamingCall<ConnectRequest, ConnectResponse>? call = null;
        try
        {
            call = new RelayService.RelayServiceClient(channel).Connect(cancellationToken: stop.Token);
            var hello = identity.Signer.Hello(identity.Role);
            var sentAt = identity.Verifier.Time.GetTimestamp();
            await call.RequestStream.WriteAsync(new ConnectRequest { Hello = hello }, stop.Token).ConfigureAwait(false);
            var ack = await ReadAckAsync(call, stop.Token).ConfigureAwait(false);
            var roundTrip = identity.Verifier.Time.GetElapsedTime(sentAt);
            if (identity.Verifier.CheckAck(ack, hello, identity.Key) is { } refusal)
            {
                throw new InvalidOperationException($"the server's Ack was refused: {refusal.Message}");
            }

            return new RelaySession(channel, call, stop, protocol, ack, roundTrip);
        }
        catch
        {
            await stop.CancelAsync().ConfigureAwait(false);
            call?.Dispose();
            stop.Dispose();
            channel.Dispose();
            throw;
        }
    }

    /// <summary>Queues a frame for the writer loop; waits while the outbox is full.</summary>
    public ValueTask SendAsync(ConnectRequest frame, CancellationToken cancellationToken) =>
        _outbox.Writer.WriteAsync(frame, cancellationToken);

    /// <summary>Stops writing and cancels the call.</summary>
    public async ValueTask DisposeAsync()
    {
        _outbox.Writer.TryComplete();
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _writer.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The writer's failure, if any, was already seen by the reader as the stream ending.
        }

        _call.Dispose();
        _stop.Dispose();
        _channel.Dispose();
    }

    private static async Task<Ack> ReadAckAsync(AsyncDuplexStreamingCall<ConnectRequest, ConnectResponse> call, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(AckTimeout);
        try
        {
            if (!await call.ResponseStream.MoveNext(timeout.Token).ConfigureAwait(false))
            {
                throw new InvalidOperationException("the server closed the stream without answering the Hello");
            }
        }
        catch (Exception) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"the server did not answer the Hello within {AckTimeout.TotalSeconds:0} s");
        }

        return call.ResponseStream.Current.Ack
               ?? throw new InvalidOperationException("the server's first frame was not an Ack");
    }

    private async Task WriteLoopAsync()
    {
        try
        {
            await foreach (var frame in _outbox.Reader.ReadAllAsync(_stop.Token).ConfigureAwait(false))
            {
                await _call.RequestStream.WriteAsync(frame, _stop.Token).ConfigureAwait(false);
            }
        }
        finally
        {
            // A dead writer must end the session, not leave the reader waiting forever.
            await _stop.CancelAsync().ConfigureAwait(false);
        }
    }
}
