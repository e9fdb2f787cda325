using GrpcRelay.Protocol.Configuration;
using GrpcRelay.Server;
using GrpcRelay.Server.Bundle;

return await RelayCommandLine.RunAsync(
    RelayProgramNames.Server,
    "GrpcRelay server: pairs each endpoint with the forwarder of the same uuid and relays ssh-agent requests between them.",
    args,
    RelayCommandLine.ProcessEnvironment(),
    ServerProgram.RunAsync,
    Console.Out,
    Console.Error,
    [BundleCommand.Create(Console.Out, Console.Error)]).ConfigureAwait(false);
