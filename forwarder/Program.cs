using GrpcRelay.Forwarder;
using GrpcRelay.Protocol.Configuration;

return await RelayCommandLine.RunAsync(
    RelayProgramNames.Forwarder,
    "GrpcRelay forwarder: offers your ssh-agent (list keys and sign only) to your endpoints through the relay server.",
    args,
    RelayCommandLine.ProcessEnvironment(),
    ForwarderProgram.RunAsync,
    Console.Out,
    Console.Error).ConfigureAwait(false);
