namespace GrpcRelay.IntegrationTests.Infrastructure;

/// <summary>An OpenSSH key pair made by ssh-keygen for one test.</summary>
/// <param name="Type">The key type.</param>
/// <param name="PrivateKeyPath">The private key file (no passphrase).</param>
/// <param name="PublicKeyPath">The <c>.pub</c> file.</param>
/// <param name="PublicKey">The <c>.pub</c> line: <c>&lt;type&gt; &lt;base64&gt; &lt;comment&gt;</c>, as authorized_keys takes it.</param>
/// <param name="Fingerprint">As <c>ssh-keygen -lf</c> and <c>ssh-add -l</c> print it: <c>SHA256:</c> and unpadded base64.</param>
internal sealed record SshKey(SshKeyType Type, string PrivateKeyPath, string PublicKeyPath, string PublicKey, string Fingerprint);
