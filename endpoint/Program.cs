using GrpcRelay.Endpoint;
using GrpcRelay.Protocol.Configuration;

return await RelayCommandLine.RunAsync(
    RelayProgramNames.Endpoint,
    "GrpcRelay endpoint: a local ssh-agent socket whose keys live on your own machine, reached through the relay server.",
    args,
    RelayCommandLine.ProcessEnvironment(),
    EndpointProgram.RunAsync,
    Console.Out,
    Console.Error).ConfigureAwait(false);
