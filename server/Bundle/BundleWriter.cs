using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using GrpcRelay.Protocol.Integrity;
using GrpcRelay.Protocol.Tls;
using GrpcRelay.Protocol.V1;

namespace GrpcRelay.Server.Bundle;

/// <summary>
/// Writes everything one server and one user need: a CA, the server's certificate, a client
/// certificate per role bound to the user's uuid, a fresh uuid and token, and ready YAML files.
/// Reuses the CA and server files already in the folder, so running it again adds a user.
/// </summary>
internal static class BundleWriter
{
    private const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode PrivateDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>What was written, for the summary printed to the user (no secrets).</summary>
    public sealed record Result(string Uuid, string ServerConfig, string ForwarderConfig, string EndpointConfig);

    /// <summary>Writes the bundle under <paramref name="folder"/> for clients that dial <paramref name="platformUrl"/>.</summary>
    public static Result Write(string folder, string platformUrl, string listenUrl, IReadOnlyList<string> serverNames, string? uuid)
    {
        folder = Path.GetFullPath(folder);
        uuid ??= Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        if (!ClientCertificateIdentity.IsValidUuid(uuid))
        {
            throw new ArgumentException($"--uuid '{uuid}' may only hold letters, digits, '-', '_' and '.'");
        }

        var ca = Folder(folder, "ca");
        var server = Folder(folder, "server");
        var user = Folder(folder, "users", uuid);
        var authority = LoadOrCreateAuthority(ca);
        var caPem = Path.Combine(ca, "ca.pem");

        var serverConfig = Path.Combine(server, "grpcrelay-server.yaml");
        var tokensFile = Path.Combine(server, "tokens.yaml");
        if (!File.Exists(serverConfig))
        {
            var (dns, ips) = SplitNames(serverNames);
            CertificatePemFiles.Write(CertificateFactory.IssueServerCertificate(authority, dns, ips),
                Path.Combine(server, "server.pem"), Path.Combine(server, "server-key.pem"));
            WritePrivate(serverConfig, $"""
                # grpcrelay-server configuration written by 'grpcrelay-server bundle'.
                platform_url: {listenUrl}
                cert_path: {Path.Combine(server, "server.pem")}
                key_path: {Path.Combine(server, "server-key.pem")}
                client_ca_path: {caPem}
                token_store: file
                tokens_file: {tokensFile}
                # For Redis instead: token_store: redis, redis_addr: host:port (tokens at token:<uuid>).
                """);
        }

        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        AppendToken(tokensFile, uuid, token);
        var serverName = serverNames[0];
        var forwarderConfig = WriteClient(user, authority, caPem, uuid, token, Role.Forwarder, platformUrl, serverName);
        var endpointConfig = WriteClient(user, authority, caPem, uuid, token, Role.Endpoint, platformUrl, serverName);
        return new Result(uuid, serverConfig, forwarderConfig, endpointConfig);
    }

    private static string WriteClient(string user, X509Certificate2 authority, string caPem, string uuid, string token, Role role,
        string platformUrl, string serverName)
    {
        var name = role == Role.Forwarder ? "forwarder" : "endpoint";
        var folder = Folder(user, name);
        var certificate = CertificateFactory.IssueClientCertificate(authority, new ClientCertificateIdentity(role, uuid));
        CertificatePemFiles.Write(certificate, Path.Combine(folder, $"{name}.pem"), Path.Combine(folder, $"{name}-key.pem"));
        File.Copy(caPem, Path.Combine(folder, "ca.pem"), overwrite: true);
        var config = Path.Combine(folder, $"grpcrelay-{name}.yaml");
        WritePrivate(config, $"""
            # grpcrelay-{name} configuration for uuid {uuid}, written by 'grpcrelay-server bundle'.
            # It holds this user's token: keep it private (mode 0600).
            uuid: {uuid}
            token: {token}
            platform_url: {platformUrl}
            tls_server_name: {serverName}
            ca_path: {Path.Combine(folder, "ca.pem")}
            client_cert_path: {Path.Combine(folder, $"{name}.pem")}
            client_key_path: {Path.Combine(folder, $"{name}-key.pem")}
            transport: auto
            """ + (role == Role.Endpoint ? "\n# socket_dir: /run/user/1000\n" : "\n# allowed_identities: [\"SHA256:...\"]\n"));
        return config;
    }

    private static X509Certificate2 LoadOrCreateAuthority(string ca)
    {
        var certificate = Path.Combine(ca, "ca.pem");
        var key = Path.Combine(ca, "ca-key.pem");
        if (File.Exists(certificate) && File.Exists(key))
        {
            return CertificatePemFiles.LoadCertificateWithKey(certificate, key);
        }

        var authority = CertificateFactory.CreateCertificateAuthority("GrpcRelay CA");
        CertificatePemFiles.Write(authority, certificate, key);
        return authority;
    }

    private static void AppendToken(string tokensFile, string uuid, string token)
    {
        if (!File.Exists(tokensFile))
        {
            WritePrivate(tokensFile, "# uuid: token — read by grpcrelay-server (token_store: file), re-read on change.\n");
        }

        File.AppendAllText(tokensFile, $"{uuid}: {token}\n");
    }

    private static (List<string> Dns, List<IPAddress> Ips) SplitNames(IEnumerable<string> names)
    {
        var dns = new List<string>();
        var ips = new List<IPAddress>();
        foreach (var name in names)
        {
            if (IPAddress.TryParse(name, out var ip))
            {
                ips.Add(ip);
            }
            else
            {
                dns.Add(name);
            }
        }

        return (dns, ips);
    }

    private static string Folder(params string[] parts)
    {
        var path = Path.Combine(parts);
        Directory.CreateDirectory(path, PrivateDirectory);
        return path;
    }

    private static void WritePrivate(string path, string text)
    {
        using var file = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.Create, Access = FileAccess.Write, UnixCreateMode = Private,
        });
        using var writer = new StreamWriter(file);
        writer.Write(text.EndsWith('\n') ? text : text + "\n");
    }
}
