using System.CommandLine;

namespace GrpcRelay.Server.Bundle;

/// <summary><c>grpcrelay-server bundle</c>: certificates, a token and YAML files for a server and one user.</summary>
internal static class BundleCommand
{
    /// <summary>The subcommand, writing its summary to <paramref name="stdout"/>.</summary>
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var output = new Option<string>("--out") { Description = "Folder to write into (created; reused to add users)", Required = true };
        var platform = new Option<string>("--platform") { Description = "host:port the clients dial", DefaultValueFactory = _ => "localhost:4433" };
        var listen = new Option<string>("--listen") { Description = "host:port the server listens on", DefaultValueFactory = _ => "0.0.0.0:4433" };
        var names = new Option<string[]>("--server-name")
        {
            Description = "DNS name or IP address in the server certificate (repeatable); the first is the clients' tls_server_name",
            DefaultValueFactory = _ => ["localhost", "127.0.0.1"],
            AllowMultipleArgumentsPerToken = true,
        };
        var uuid = new Option<string?>("--uuid") { Description = "The user's uuid (default: 16 random bytes, hex)" };
        var command = new Command("bundle", "Write a CA, server and client certificates, a token and YAML files for one user") { output, platform, listen, names, uuid };
        command.SetAction(parse =>
        {
            try
            {
                var result = BundleWriter.Write(parse.GetValue(output)!, parse.GetValue(platform)!, parse.GetValue(listen)!,
                    parse.GetValue(names)!, parse.GetValue(uuid));
                stdout.WriteLine($"Wrote a bundle for uuid {result.Uuid}:");
                stdout.WriteLine($"  server:    grpcrelay-server --config {result.ServerConfig}");
                stdout.WriteLine($"  forwarder: grpcrelay-forwarder --config {result.ForwarderConfig}   (on the user's machine)");
                stdout.WriteLine($"  endpoint:  grpcrelay-endpoint --config {result.EndpointConfig}   (on the remote machine)");
                return 0;
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException or ArgumentException or InvalidDataException)
            {
                stderr.WriteLine($"grpcrelay-server bundle: {error.Message}");
                return 2;
            }
        });
        return command;
    }
}
