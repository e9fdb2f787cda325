#!/usr/bin/python3
"""A GrpcRelay endpoint written from protos/grpcrelay/v1/relay.proto and protos/README.md alone.

It proves that the wire protocol can be implemented without reading the C# code: the
message classes are generated from the .proto at run time with grpc_tools.protoc, and the
MAC's canonical encoding, the handshake and the agent packets are implemented here from
the specification's words.

What it does, against a running relay with a connected forwarder:
  1. checks its MAC encoding against the worked example of the specification;
  2. connects over mutual TLS and sends a signed Hello as ROLE_ENDPOINT, checks the Ack;
  3. sends SSH_AGENTC_REQUEST_IDENTITIES in a signed AgentPacket, checks the reply and
     that the listed keys' fingerprints are exactly the --expect-fingerprint ones;
  4. sends SSH_AGENTC_SIGN_REQUEST for every listed key (RSA with flag
     SSH_AGENT_RSA_SHA2_256) and verifies each signature with python3-cryptography.

The token is read from the GRPCRELAY_TOKEN environment variable, never from the command
line (other users can read command lines), and is never printed.

Prints one JSON line and exits 0 on success; prints "interop-endpoint: FAILED: <why>" to
standard error and exits 1 when a check fails, 2 on a usage error.

Run it with Debian's /usr/bin/python3, which has python3-grpcio, python3-grpc-tools and
python3-cryptography.
"""

import argparse
import base64
import hashlib
import hmac
import importlib
import json
import os
import queue
import secrets
import struct
import subprocess
import sys
import tempfile
import time

import grpc

# --- The MAC (relay.proto, "MAC"), implemented from the specification -------------------

DOMAIN_LABEL = b"grpcrelay-mac-v1"
PROTOCOL_VERSION = 1
NONCE_BYTES = 16
MAC_BYTES = 32
MAX_CLOCK_SKEW_MS = 30_000
ROLE_NAMES = {1: "ssh-agent-forwarder", 2: "ssh-agent-endpoint"}  # Role enum value -> MAC name


def field(data: bytes) -> bytes:
    """field(b) = u32be(len(b)) || b"""
    return struct.pack(">I", len(data)) + data


def mac_input(kind: str, version: int, timestamp_unix_ms: int, uuid: str, role_name: str,
              nonce: bytes, request_id: int, payload: bytes) -> bytes:
    """The canonical, length-prefixed MAC input of a Hello, Ack or AgentPacket."""
    return b"".join([
        field(DOMAIN_LABEL),
        field(kind.encode("utf-8")),
        field(struct.pack(">I", version)),            # u32be
        field(struct.pack(">q", timestamp_unix_ms)),  # i64be, two's complement
        field(uuid.encode("utf-8")),
        field(role_name.encode("utf-8")),
        field(nonce),                                 # raw bytes
        field(struct.pack(">Q", request_id)),         # u64be
        field(payload),
    ])


def compute_mac(token: str, kind: str, frame, request_id: int = 0, payload: bytes = b"") -> bytes:
    role_name = ROLE_NAMES.get(frame.role)
    if role_name is None:
        raise CheckFailed(f"a {kind} frame carries role {frame.role}, which has no MAC name")
    message = mac_input(kind, frame.version, frame.timestamp_unix_ms, frame.uuid, role_name,
                        bytes(frame.nonce), request_id, payload)
    return hmac.new(token.encode("utf-8"), message, hashlib.sha256).digest()


def check_worked_example() -> None:
    """Our encoding must reproduce the specification's worked example byte for byte."""
    expected_input = bytes.fromhex(
        "00000010" "6772706372656c61792d6d61632d7631"
        "00000005" "68656c6c6f"
        "00000004" "00000001"
        "00000008" "0000018bcfe56800"
        "0000000e" "746573742d757569642d31323334"
        "00000013" "7373682d6167656e742d666f72776172646572"
        "00000010" "000102030405060708090a0b0c0d0e0f"
        "00000008" "0000000000000000"
        "00000000")
    expected_mac = "8dca1a6ce0387eab2615876495ef31b995df1e16b64cf0fd29449c29015d23a3"
    actual = mac_input("hello", 1, 1700000000000, "test-uuid-1234", "ssh-agent-forwarder",
                       bytes(range(16)), 0, b"")
    if actual != expected_input or len(actual) != 126:
        raise CheckFailed(f"our MAC input differs from the worked example: {actual.hex()}")
    mac = hmac.new(b"test-token-1234", actual, hashlib.sha256).hexdigest()
    if mac != expected_mac:
        raise CheckFailed(f"our MAC of the worked example is {mac}, the specification says {expected_mac}")


def now_ms() -> int:
    return time.time_ns() // 1_000_000


class CheckFailed(Exception):
    """A check of the protocol failed; the message says which."""


def check_clock(frame_name: str, timestamp_unix_ms: int) -> None:
    skew = abs(now_ms() - timestamp_unix_ms)
    if skew > MAX_CLOCK_SKEW_MS:
        raise CheckFailed(f"the {frame_name} timestamp is {skew} ms away from our clock")


# --- SSH agent wire format (draft-miller-ssh-agent) --------------------------------------

SSH_AGENT_FAILURE = 5
SSH_AGENTC_REQUEST_IDENTITIES = 11
SSH_AGENT_IDENTITIES_ANSWER = 12
SSH_AGENTC_SIGN_REQUEST = 13
SSH_AGENT_SIGN_RESPONSE = 14
SSH_AGENT_RSA_SHA2_256 = 2


def ssh_string(data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + data


def agent_message(message_type: int, contents: bytes = b"") -> bytes:
    """uint32 length || byte type || contents"""
    return struct.pack(">IB", 1 + len(contents), message_type) + contents


class SshReader:
    def __init__(self, data: bytes, what: str):
        self._data = data
        self._offset = 0
        self._what = what

    def take(self, count: int) -> bytes:
        if count < 0 or self._offset + count > len(self._data):
            raise CheckFailed(f"{self._what} is truncated")
        chunk = self._data[self._offset:self._offset + count]
        self._offset += count
        return chunk

    def byte(self) -> int:
        return self.take(1)[0]

    def uint32(self) -> int:
        return struct.unpack(">I", self.take(4))[0]

    def string(self) -> bytes:
        return self.take(self.uint32())

    def mpint(self) -> int:
        return int.from_bytes(self.string(), "big", signed=True)

    def end(self) -> None:
        if self._offset != len(self._data):
            raise CheckFailed(f"{self._what} has {len(self._data) - self._offset} bytes left over")


def parse_agent_message(payload: bytes, expected_type: int, what: str) -> SshReader:
    reader = SshReader(payload, what)
    length = reader.uint32()
    if length != len(payload) - 4:
        raise CheckFailed(f"{what}: length field {length} but {len(payload) - 4} bytes follow")
    message_type = reader.byte()
    if message_type == SSH_AGENT_FAILURE:
        raise CheckFailed(f"{what}: the agent answered SSH_AGENT_FAILURE")
    if message_type != expected_type:
        raise CheckFailed(f"{what}: agent message type {message_type}, expected {expected_type}")
    return reader


def fingerprint(key_blob: bytes) -> str:
    """OpenSSH's SHA256 fingerprint: base64 of SHA-256 of the key blob, without padding."""
    return "SHA256:" + base64.b64encode(hashlib.sha256(key_blob).digest()).decode("ascii").rstrip("=")


def verify_signature(key_blob: bytes, data: bytes, signature: bytes) -> str:
    """Verifies an SSH signature blob over data with python3-cryptography; returns its algorithm."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec, padding
    from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
    from cryptography.hazmat.primitives.serialization import load_ssh_public_key

    key_type = SshReader(key_blob, "the key blob").string().decode("ascii")
    public_key = load_ssh_public_key(key_type.encode("ascii") + b" " + base64.b64encode(key_blob))
    reader = SshReader(signature, "the signature")
    algorithm = reader.string().decode("ascii")
    raw = reader.string()
    reader.end()

    def check(signed: bytes) -> None:
        if key_type == "ssh-ed25519" and algorithm == "ssh-ed25519":
            public_key.verify(raw, signed)
        elif key_type.startswith("ecdsa-sha2-nistp") and algorithm == key_type:
            inner = SshReader(raw, "the ECDSA signature")
            r, s = inner.mpint(), inner.mpint()
            inner.end()
            digest = {"256": hashes.SHA256(), "384": hashes.SHA384(), "521": hashes.SHA512()}[key_type[-3:]]
            public_key.verify(encode_dss_signature(r, s), signed, ec.ECDSA(digest))
        elif key_type == "ssh-rsa" and algorithm == "rsa-sha2-256":
            public_key.verify(raw, signed, padding.PKCS1v15(), hashes.SHA256())
        else:
            raise CheckFailed(f"a {key_type} key answered with a {algorithm} signature")

    try:
        check(data)
    except InvalidSignature:
        raise CheckFailed(f"the {algorithm} signature by {fingerprint(key_blob)} does not verify") from None
    # A verifier that accepts anything proves nothing: the same signature must fail on other data.
    try:
        check(data + b"!")
    except InvalidSignature:
        return algorithm
    raise CheckFailed(f"the {algorithm} signature also verified over altered data")


# --- The relay client --------------------------------------------------------------------

def generate_code(proto_root: str, output: str):
    """Generates the Python classes of relay.proto with grpc_tools.protoc and imports them."""
    proto = os.path.join("grpcrelay", "v1", "relay.proto")
    result = subprocess.run(
        [sys.executable, "-m", "grpc_tools.protoc", "-I", proto_root,
         f"--python_out={output}", f"--grpc_python_out={output}", os.path.join(proto_root, proto)],
        capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise CheckFailed(f"grpc_tools.protoc failed on {proto}: {result.stderr.strip()}")
    sys.path.insert(0, output)
    return importlib.import_module("grpcrelay.v1.relay_pb2"), importlib.import_module("grpcrelay.v1.relay_pb2_grpc")


class EndpointSession:
    """One Connect stream as ROLE_ENDPOINT: a Hello, then requests answered one by one."""

    def __init__(self, pb, pb_grpc, args, token: str):
        self._pb = pb
        self._token = token
        self._uuid = args.uuid
        with open(args.ca, "rb") as ca, open(args.key, "rb") as key, open(args.cert, "rb") as cert:
            credentials = grpc.ssl_channel_credentials(ca.read(), key.read(), cert.read())
        self._channel = grpc.secure_channel(
            args.target, credentials, options=[("grpc.ssl_target_name_override", args.server_name)])
        self._outbox = queue.Queue()
        self._responses = pb_grpc.RelayServiceStub(self._channel).Connect(self._requests(), timeout=args.timeout)
        self._used_request_ids = set()
        self.max_payload_bytes = 0

    def _requests(self):
        while True:
            frame = self._outbox.get()
            if frame is None:
                return
            yield frame

    def _next_response(self, waiting_for: str, skip_heartbeats: bool = True):
        """The next frame; after the Ack, Heartbeats only say the server is alive and are skipped."""
        try:
            while True:
                response = next(self._responses)
                if not (skip_heartbeats and response.WhichOneof("frame") == "heartbeat"):
                    return response
        except StopIteration:
            raise CheckFailed(f"the server ended the stream while we waited for {waiting_for}") from None

    def handshake(self) -> None:
        pb = self._pb
        hello = pb.Hello(version=PROTOCOL_VERSION, timestamp_unix_ms=now_ms(), uuid=self._uuid,
                         role=pb.ROLE_ENDPOINT, nonce=secrets.token_bytes(NONCE_BYTES))
        hello.hmac = compute_mac(self._token, "hello", hello)
        self._outbox.put(pb.ConnectRequest(hello=hello))

        response = self._next_response("the Ack", skip_heartbeats=False)
        if response.WhichOneof("frame") != "ack":
            raise CheckFailed(f"the first response is a {response.WhichOneof('frame')}, not an Ack")
        ack = response.ack
        if len(ack.hmac) != MAC_BYTES or not hmac.compare_digest(ack.hmac, compute_mac(self._token, "ack", ack)):
            raise CheckFailed("the Ack's MAC does not verify: the server does not hold our token")
        if ack.version != PROTOCOL_VERSION:
            raise CheckFailed(f"the Ack speaks version {ack.version}")
        if ack.uuid != hello.uuid or ack.role != hello.role or ack.nonce != hello.nonce:
            raise CheckFailed("the Ack does not echo our Hello's uuid, role and nonce")
        check_clock("Ack", ack.timestamp_unix_ms)
        if ack.max_payload_bytes <= 0:
            raise CheckFailed("the Ack announces max_payload_bytes 0")
        self.max_payload_bytes = ack.max_payload_bytes

    def request(self, payload: bytes, what: str) -> bytes:
        """Sends one agent message in a signed AgentPacket and returns the forwarder's checked reply."""
        pb = self._pb
        if len(payload) > self.max_payload_bytes:
            raise CheckFailed(f"{what} is larger than the Ack's max_payload_bytes")
        request_id = secrets.randbits(64)
        while request_id in self._used_request_ids:
            request_id = secrets.randbits(64)
        self._used_request_ids.add(request_id)
        packet = pb.AgentPacket(version=PROTOCOL_VERSION, timestamp_unix_ms=now_ms(), uuid=self._uuid,
                                role=pb.ROLE_ENDPOINT, nonce=secrets.token_bytes(NONCE_BYTES),
                                request_id=request_id, payload=payload)
        packet.hmac = compute_mac(self._token, "agent-packet", packet, request_id, payload)
        self._outbox.put(pb.ConnectRequest(agent_packet=packet))

        while True:
            response = self._next_response(f"the reply to {what}")
            kind = response.WhichOneof("frame")
            if kind == "request_failure":
                failure = response.request_failure
                if failure.request_id == request_id and failure.nonce == packet.nonce:
                    reason = pb.FailureReason.Name(failure.reason)
                    raise CheckFailed(f"the server failed {what}: {reason}: {failure.detail}")
                continue  # a failure of no request of ours: not signed, so ignore it
            if kind != "agent_packet":
                raise CheckFailed(f"a {kind} frame arrived after the Ack")
            reply = response.agent_packet
            if reply.nonce != packet.nonce:
                continue  # matches no outstanding request: dropped, as the specification says
            self._check_reply(reply, packet, what)
            return bytes(reply.payload)

    def _check_reply(self, reply, request, what: str) -> None:
        expected = compute_mac(self._token, "agent-packet", reply, reply.request_id, bytes(reply.payload))
        if len(reply.hmac) != MAC_BYTES or not hmac.compare_digest(reply.hmac, expected):
            raise CheckFailed(f"the MAC of the reply to {what} does not verify")
        if reply.version != PROTOCOL_VERSION:
            raise CheckFailed(f"the reply to {what} speaks version {reply.version}")
        if reply.role != self._pb.ROLE_FORWARDER or reply.uuid != self._uuid:
            raise CheckFailed(f"the reply to {what} is not from the forwarder of our uuid")
        if reply.request_id != request.request_id:
            raise CheckFailed(f"the reply to {what} carries request_id {reply.request_id}, not ours")
        check_clock(f"reply to {what}", reply.timestamp_unix_ms)

    def close(self) -> None:
        """Half-closes the stream and waits for the server to end the call with OK."""
        self._outbox.put(None)
        try:
            for response in self._responses:
                if response.WhichOneof("frame") != "heartbeat":
                    raise CheckFailed(f"an unexpected {response.WhichOneof('frame')} frame arrived after our last reply")
        finally:
            self._channel.close()

    def abort(self) -> None:
        """Cancels the call after a failed check, so that the original error is the one reported."""
        self._outbox.put(None)
        self._responses.cancel()
        self._channel.close()


def list_identities(session: EndpointSession):
    payload = session.request(agent_message(SSH_AGENTC_REQUEST_IDENTITIES), "SSH_AGENTC_REQUEST_IDENTITIES")
    reader = parse_agent_message(payload, SSH_AGENT_IDENTITIES_ANSWER, "the identities answer")
    count = reader.uint32()
    keys = []
    for _ in range(count):
        blob = reader.string()
        reader.string()  # comment
        keys.append(blob)
    reader.end()
    return keys


def sign(session: EndpointSession, key_blob: bytes):
    key_type = SshReader(key_blob, "the key blob").string().decode("ascii")
    flags = SSH_AGENT_RSA_SHA2_256 if key_type == "ssh-rsa" else 0
    data = b"grpcrelay interop " + secrets.token_bytes(32)
    request = agent_message(SSH_AGENTC_SIGN_REQUEST, ssh_string(key_blob) + ssh_string(data) + struct.pack(">I", flags))
    payload = session.request(request, f"SSH_AGENTC_SIGN_REQUEST for {fingerprint(key_blob)}")
    reader = parse_agent_message(payload, SSH_AGENT_SIGN_RESPONSE, "the sign response")
    signature = reader.string()
    reader.end()
    return {"fingerprint": fingerprint(key_blob), "algorithm": verify_signature(key_blob, data, signature)}


def parse_arguments():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--target", required=True, help="the relay, host:port")
    parser.add_argument("--server-name", default="localhost", help="the name the server certificate must carry")
    parser.add_argument("--ca", required=True, help="PEM file of the CA that signed the server certificate")
    parser.add_argument("--cert", required=True, help="PEM file of this endpoint's client certificate")
    parser.add_argument("--key", required=True, help="PEM file of this endpoint's client key")
    parser.add_argument("--uuid", required=True, help="the key owner uuid")
    parser.add_argument("--expect-fingerprint", action="append", default=[], required=True,
                        help="a SHA256 fingerprint the forwarder must list (repeat for each key)")
    parser.add_argument("--proto-root", default=os.path.normpath(os.path.join(here, "..", "..", "..", "protos")),
                        help="the folder holding grpcrelay/v1/relay.proto")
    parser.add_argument("--generated-dir", help="keep the generated code here instead of a removed temporary folder")
    parser.add_argument("--timeout", type=float, default=60, help="seconds the whole Connect call may take")
    return parser.parse_args()


def run(args, token: str) -> dict:
    check_worked_example()
    with tempfile.TemporaryDirectory(prefix="grpcrelay-interop-py-") as temporary:
        output = args.generated_dir or temporary
        os.makedirs(output, exist_ok=True)
        pb, pb_grpc = generate_code(args.proto_root, output)

        session = EndpointSession(pb, pb_grpc, args, token)
        try:
            session.handshake()
            keys = list_identities(session)
            listed = sorted(fingerprint(blob) for blob in keys)
            if listed != sorted(args.expect_fingerprint):
                raise CheckFailed(f"the forwarder lists {listed}, expected {sorted(args.expect_fingerprint)}")
            signatures = [sign(session, blob) for blob in keys]
        except BaseException:
            session.abort()
            raise
        session.close()
    return {"result": "ok", "client": "python", "grpcio": grpc.__version__, "uuid": args.uuid,
            "max_payload_bytes": session.max_payload_bytes, "fingerprints": listed, "signatures": signatures}


def main() -> int:
    args = parse_arguments()
    token = os.environ.get("GRPCRELAY_TOKEN", "")
    if not token:
        print("interop-endpoint: set GRPCRELAY_TOKEN to the uuid's token", file=sys.stderr)
        return 2
    try:
        result = run(args, token)
    except CheckFailed as failure:
        print(f"interop-endpoint: FAILED: {failure}", file=sys.stderr)
        return 1
    except grpc.RpcError as error:
        print(f"interop-endpoint: FAILED: the call ended with {error.code().name}: {error.details()}", file=sys.stderr)
        return 1
    print(json.dumps(result, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
