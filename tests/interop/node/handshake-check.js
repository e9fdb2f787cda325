#!/usr/bin/env node
// A GrpcRelay handshake written from protos/grpcrelay/v1/relay.proto and protos/README.md
// alone, with @grpc/grpc-js and @grpc/proto-loader: the .proto is loaded at run time (no
// generated code), so this also proves that a dynamic loader reads the file as published.
//
// It checks the MAC encoding against the specification's worked example, connects over
// mutual TLS as ROLE_ENDPOINT, sends a signed Hello, checks the Ack (MAC, version, echoed
// uuid, role and nonce, clock), half-closes and expects the server to end the call with OK.
//
// The token is read from GRPCRELAY_TOKEN (never from the command line) and never printed.
// Prints one JSON line and exits 0 on success; prints "interop-node: FAILED: <why>" to
// standard error and exits 1 when a check fails, 2 on a usage error.
'use strict';

const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { parseArgs } = require('node:util');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');

const PROTOCOL_VERSION = 1;
const NONCE_BYTES = 16;
const MAC_BYTES = 32;
const MAX_CLOCK_SKEW_MS = 30000n;
const ROLE_NAMES = { ROLE_FORWARDER: 'ssh-agent-forwarder', ROLE_ENDPOINT: 'ssh-agent-endpoint' };

class CheckFailed extends Error {}

// field(b) = u32be(len(b)) || b
function field(bytes) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

function u32be(value) {
  const buffer = Buffer.alloc(4);
  buffer.writeUInt32BE(value);
  return buffer;
}

function i64be(value) {
  const buffer = Buffer.alloc(8);
  buffer.writeBigInt64BE(BigInt(value));
  return buffer;
}

function u64be(value) {
  const buffer = Buffer.alloc(8);
  buffer.writeBigUInt64BE(BigInt(value));
  return buffer;
}

// The canonical, length-prefixed MAC input of relay.proto's "MAC" section.
function macInput(kind, version, timestampUnixMs, uuid, roleName, nonce, requestId, payload) {
  return Buffer.concat([
    field(Buffer.from('grpcrelay-mac-v1', 'utf8')),
    field(Buffer.from(kind, 'utf8')),
    field(u32be(version)),
    field(i64be(timestampUnixMs)),
    field(Buffer.from(uuid, 'utf8')),
    field(Buffer.from(roleName, 'utf8')),
    field(Buffer.from(nonce)),
    field(u64be(requestId)),
    field(Buffer.from(payload)),
  ]);
}

function hmacSha256(token, message) {
  return crypto.createHmac('sha256', Buffer.from(token, 'utf8')).update(message).digest();
}

// The MAC of a Hello or Ack: request_id 0, empty payload.
function handshakeMac(token, kind, frame) {
  const roleName = ROLE_NAMES[frame.role];
  if (roleName === undefined) {
    throw new CheckFailed(`the ${kind} carries role ${frame.role}, which has no MAC name`);
  }
  return hmacSha256(token, macInput(kind, frame.version, frame.timestamp_unix_ms, frame.uuid, roleName, frame.nonce, 0, Buffer.alloc(0)));
}

function checkWorkedExample() {
  const expectedInput = Buffer.from(
    '00000010' + '6772706372656c61792d6d61632d7631' +
    '00000005' + '68656c6c6f' +
    '00000004' + '00000001' +
    '00000008' + '0000018bcfe56800' +
    '0000000e' + '746573742d757569642d31323334' +
    '00000013' + '7373682d6167656e742d666f72776172646572' +
    '00000010' + '000102030405060708090a0b0c0d0e0f' +
    '00000008' + '0000000000000000' +
    '00000000', 'hex');
  const expectedMac = '8dca1a6ce0387eab2615876495ef31b995df1e16b64cf0fd29449c29015d23a3';
  const nonce = Buffer.from([...Array(16).keys()]);
  const input = macInput('hello', 1, 1700000000000n, 'test-uuid-1234', 'ssh-agent-forwarder', nonce, 0, Buffer.alloc(0));
  if (input.length !== 126 || !input.equals(expectedInput)) {
    throw new CheckFailed(`our MAC input differs from the worked example: ${input.toString('hex')}`);
  }
  const mac = hmacSha256('test-token-1234', input).toString('hex');
  if (mac !== expectedMac) {
    throw new CheckFailed(`our MAC of the worked example is ${mac}, the specification says ${expectedMac}`);
  }
}

function parseArguments() {
  const { values } = parseArgs({
    options: {
      target: { type: 'string' },
      'server-name': { type: 'string', default: 'localhost' },
      ca: { type: 'string' },
      cert: { type: 'string' },
      key: { type: 'string' },
      uuid: { type: 'string' },
      'proto-root': { type: 'string', default: path.resolve(__dirname, '..', '..', '..', 'protos') },
      timeout: { type: 'string', default: '30' },
    },
  });
  for (const required of ['target', 'ca', 'cert', 'key', 'uuid']) {
    if (!values[required]) {
      throw new UsageError(`--${required} is required`);
    }
  }
  return values;
}

class UsageError extends Error {}

function loadService(protoRoot) {
  const definition = protoLoader.loadSync(path.join('grpcrelay', 'v1', 'relay.proto'), {
    includeDirs: [protoRoot],
    keepCase: true, // field names exactly as in the .proto
    longs: String, // int64 timestamps arrive as decimal strings, exact
    enums: String, // roles arrive as names, e.g. "ROLE_ENDPOINT"
    bytes: Buffer,
    defaults: true, // a zero or empty field is present, as proto3 says it is
    oneofs: true, // "frame" names the field of the oneof that is set
  });
  return grpc.loadPackageDefinition(definition).grpcrelay.v1.RelayService;
}

function handshake(args, token) {
  const RelayService = loadService(args['proto-root']);
  const credentials = grpc.credentials.createSsl(
    fs.readFileSync(args.ca), fs.readFileSync(args.key), fs.readFileSync(args.cert));
  const client = new RelayService(args.target, credentials, { 'grpc.ssl_target_name_override': args['server-name'] });
  const deadline = new Date(Date.now() + Number(args.timeout) * 1000);
  const call = client.Connect({ deadline });

  const hello = {
    version: PROTOCOL_VERSION,
    timestamp_unix_ms: String(Date.now()),
    uuid: args.uuid,
    role: 'ROLE_ENDPOINT',
    nonce: crypto.randomBytes(NONCE_BYTES),
  };
  hello.hmac = handshakeMac(token, 'hello', hello);

  return new Promise((resolve, reject) => {
    let ack = null;
    let failure = null;
    const fail = (error) => {
      if (failure === null) {
        failure = error;
        call.cancel();
      }
    };
    call.on('data', (response) => {
      try {
        if (ack !== null && response.frame === 'heartbeat') {
          return; // the server says it is alive; nothing to answer
        }
        if (ack !== null) {
          throw new CheckFailed(`an unexpected ${response.frame} frame arrived after the Ack`);
        }
        if (response.frame !== 'ack') {
          throw new CheckFailed(`the first response is a ${response.frame}, not an Ack`);
        }
        ack = response.ack;
        checkAck(ack, hello, token);
        call.end(); // half-close: the server then ends the call with OK
      } catch (error) {
        fail(error);
      }
    });
    call.on('error', (error) => {
      if (failure === null) {
        failure = new CheckFailed(`the call ended with ${grpc.status[error.code]}: ${error.details}`);
      }
    });
    call.on('status', (status) => {
      client.close();
      if (failure !== null) {
        reject(failure);
      } else if (ack === null) {
        reject(new CheckFailed(`the call ended with ${grpc.status[status.code]} before an Ack arrived`));
      } else if (status.code !== grpc.status.OK) {
        reject(new CheckFailed(`the call ended with ${grpc.status[status.code]} after the Ack: ${status.details}`));
      } else {
        resolve({ result: 'ok', client: 'node', grpc_js: require('@grpc/grpc-js/package.json').version,
          uuid: ack.uuid, role: ack.role, max_payload_bytes: ack.max_payload_bytes });
      }
    });
    call.write({ hello });
  });
}

function checkAck(ack, hello, token) {
  const expected = handshakeMac(token, 'ack', ack);
  if (ack.hmac.length !== MAC_BYTES || !crypto.timingSafeEqual(ack.hmac, expected)) {
    throw new CheckFailed("the Ack's MAC does not verify: the server does not hold our token");
  }
  if (ack.version !== PROTOCOL_VERSION) {
    throw new CheckFailed(`the Ack speaks version ${ack.version}`);
  }
  if (ack.uuid !== hello.uuid || ack.role !== hello.role || !ack.nonce.equals(hello.nonce)) {
    throw new CheckFailed("the Ack does not echo our Hello's uuid, role and nonce");
  }
  const skew = BigInt(Date.now()) - BigInt(ack.timestamp_unix_ms);
  if (skew > MAX_CLOCK_SKEW_MS || -skew > MAX_CLOCK_SKEW_MS) {
    throw new CheckFailed(`the Ack timestamp is ${skew} ms away from our clock`);
  }
  if (!(ack.max_payload_bytes > 0)) {
    throw new CheckFailed('the Ack announces max_payload_bytes 0');
  }
}

async function main() {
  let args;
  try {
    args = parseArguments();
  } catch (error) {
    console.error(`interop-node: ${error.message}`);
    return 2;
  }
  const token = process.env.GRPCRELAY_TOKEN || '';
  if (token === '') {
    console.error("interop-node: set GRPCRELAY_TOKEN to the uuid's token");
    return 2;
  }
  try {
    checkWorkedExample();
    const result = await handshake(args, token);
    console.log(JSON.stringify(result));
    return 0;
  } catch (error) {
    if (error instanceof CheckFailed) {
      console.error(`interop-node: FAILED: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

main().then((code) => { process.exitCode = code; }, (error) => {
  console.error(`interop-node: FAILED: ${error.stack || error}`);
  process.exitCode = 1;
});
