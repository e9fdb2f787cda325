using GrpcRelay.Protocol.Configuration;
using GrpcRelay.Protocol.V1;

namespace GrpcRelay.Server.Policies;

/// <summary>Every open stream, by uuid: enforces max_streams_per_uuid and lets revocation find them.</summary>
internal sealed class OpenStreams(RelaySettings settings, TimeProvider time)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, List<StreamLease>> _byUuid = new(StringComparer.Ordinal);

    /// <summary>A lease for a new stream, or null when the uuid already has as many as allowed.</summary>
    public StreamLease? TryOpen(string uuid, Role role, string token, DateTimeOffset certificateNotAfter)
    {
        lock (_lock)
        {
            if (!_byUuid.TryGetValue(uuid, out var leases))
            {
                _byUuid[uuid] = leases = [];
            }

            if (leases.Count >= settings.MaxStreamsPerUuid)
            {
                return null;
            }

            var lease = new StreamLease(uuid, role, token, certificateNotAfter, time, Release);
            leases.Add(lease);
            return lease;
        }
    }

    /// <summary>The uuids that have open streams, with those streams.</summary>
    public IReadOnlyList<(string Uuid, IReadOnlyList<StreamLease> Leases)> Snapshot()
    {
        lock (_lock)
        {
            return _byUuid.Select(entry => (entry.Key, (IReadOnlyList<StreamLease>)[.. entry.Value])).ToList();
        }
    }

    private void Release(StreamLease lease)
    {
        lock (_lock)
        {
            if (_byUuid.TryGetValue(lease.Uuid, out var leases) && leases.Remove(lease) && leases.Count == 0)
            {
                _byUuid.Remove(lease.Uuid);
            }
        }
    }
}
