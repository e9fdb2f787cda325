using System.Net.Http;
using System.Security.Authentication;
using Grpc.Core;

namespace GrpcRelay.Protocol.Client;

/// <summary>Turns whatever ended a connection into one sentence a user can act on.</summary>
public static class RelayFailure
{
    /// <summary>True when the server itself refused us (as opposed to the network or TLS failing).</summary>
    public static bool IsRefusalByServer(Exception error) => error is RpcException
    {
        StatusCode: StatusCode.Unauthenticated or StatusCode.PermissionDenied or StatusCode.InvalidArgument
            or StatusCode.FailedPrecondition or StatusCode.Aborted or StatusCode.ResourceExhausted
    } && !IsTlsFailure(error);

    /// <summary>True when credentials were refused: retrying soon will not help.</summary>
    public static bool IsCredentialRefusal(Exception error) =>
        error is RpcException { StatusCode: StatusCode.Unauthenticated or StatusCode.PermissionDenied };

    /// <summary>A message for logs: the cause, without secrets, and a hint where one helps.</summary>
    public static string Describe(Exception error)
    {
        if (IsTlsFailure(error))
        {
            return "the TLS handshake failed: the server refused our client certificate, or we refused the server's " +
                   "(check client_cert_path/client_key_path, and that cert_path or ca_path and tls_server_name match the server) — " +
                   Innermost(error).Message;
        }

        if (Find<HttpRequestException>(error) is { HttpRequestError: HttpRequestError.VersionNegotiationError })
        {
            return "the server did not accept the requested HTTP version (HTTP/3 needs QUIC at both ends)";
        }

        return error switch
        {
            // With TLS 1.3 a refused client certificate also looks like this: the server closes the
            // connection just after the client considered the handshake done.
            RpcException { StatusCode: StatusCode.Unavailable } rpc =>
                $"the server is unreachable or closed the connection ({Innermost(rpc).Message}); if this persists while the server runs, " +
                "check that client_cert_path holds a certificate signed by the server's client CA and still valid",
            RpcException rpc => $"{rpc.StatusCode}: {rpc.Status.Detail}",
            TimeoutException => error.Message,
            _ => $"{error.GetType().Name}: {error.Message}",
        };
    }

    private static bool IsTlsFailure(Exception error) =>
        Find<AuthenticationException>(error) is not null
        || Chain(error).Any(e => e.Message.Contains("BadCertificate", StringComparison.OrdinalIgnoreCase)
                                 || e.Message.Contains("UnknownCa", StringComparison.OrdinalIgnoreCase)
                                 || e.Message.Contains("CertificateRequired", StringComparison.OrdinalIgnoreCase)
                                 || e.Message.Contains("did not complete the HTTP/2 handshake", StringComparison.OrdinalIgnoreCase)
                                 || e.Message.Contains("SSL connection could not be established", StringComparison.OrdinalIgnoreCase));

    private static T? Find<T>(Exception error) where T : Exception => Chain(error).OfType<T>().FirstOrDefault();

    private static Exception Innermost(Exception error) => Chain(error).Last();

    private static IEnumerable<Exception> Chain(Exception error)
    {
        for (Exception? e = error; e is not null; e = e.InnerException)
        {
            yield return e;
        }
    }
}
