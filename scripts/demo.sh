#!/usr/bin/env bash
# A local demo of the whole relay on one machine:
#   ssh-agent <-> grpcrelay-forwarder <-> grpcrelay-server <-> grpcrelay-endpoint <-> ssh-add / ssh-keygen
# It writes throwaway certificates and a token with 'grpcrelay-server bundle' (no openssl),
# starts a temporary ssh-agent with a new key and the three programs on loopback, lists the
# key and makes a signature through the endpoint, verifies it, then stops everything and
# removes every file it made.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-prerequisites.sh
echo "Building the three programs ..."
for program in server forwarder endpoint; do
  output=$(dotnet build "$program" -c Release -nologo 2>&1) || { echo "$output" >&2; exit 1; }
done

bin() { echo "$PWD/$1/bin/Release/net10.0/grpcrelay-$1.dll"; }
work=$(mktemp -d /tmp/grpcrelay-demo.XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  [ -n "${SSH_AGENT_PID:-}" ] && kill "$SSH_AGENT_PID" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# wait_for FILE PATTERN WHAT: waits up to 30 s for PATTERN to appear in FILE.
wait_for() {
  for _ in $(seq 300); do
    grep -q "$2" "$1" 2>/dev/null && return 0
    sleep 0.1
  done
  echo "demo: $3 did not happen within 30 s; its log:" >&2
  cat "$1" >&2
  exit 1
}

# HTTP/3 and HTTP/2 share one port number (UDP and TCP), so pick a free one rather than port 0.
port=0
for _ in $(seq 50); do
  candidate=$((20000 + RANDOM % 40000))
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then port=$candidate; break; fi
done

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "1. Certificates, token and YAML files (grpcrelay-server bundle)"
dotnet "$(bin server)" bundle --out "$work/bundle" --platform "127.0.0.1:$port" --listen "127.0.0.1:$port" \
  --server-name localhost --server-name 127.0.0.1 --uuid demo-user | sed 's/^/   /'
config() { ls "$work"/bundle/users/demo-user/"$1"/grpcrelay-"$1".yaml; }

step "2. A temporary ssh-agent with a new ed25519 key (the user's laptop)"
eval "$(ssh-agent -a "$work/agent.sock")" >/dev/null
ssh-keygen -q -t ed25519 -N "" -C "demo key" -f "$work/id_demo"
ssh-add -q "$work/id_demo"
ssh-add -l | sed 's/^/   /'

step "3. Server, forwarder and endpoint on 127.0.0.1:$port"
dotnet "$(bin server)" --config "$work/bundle/server/grpcrelay-server.yaml" >"$work/server.log" 2>&1 &
pids+=($!)
wait_for "$work/server.log" "Listening on" "the server start"
dotnet "$(bin forwarder)" --config "$(config forwarder)" >"$work/forwarder.log" 2>&1 &
pids+=($!)
wait_for "$work/forwarder.log" "Connected to" "the forwarder connection"
dotnet "$(bin endpoint)" --config "$(config endpoint)" --socket-dir "$work/endpoint" >"$work/endpoint.log" 2>&1 &
pids+=($!)
wait_for "$work/endpoint.log" "Agent socket ready" "the endpoint socket"
wait_for "$work/endpoint.log" "Connected to" "the endpoint connection"
endpoint_socket="$work/endpoint/agent-endpoint.sock"
grep -hE "Listening on|HTTP/3|Connected to" "$work/server.log" "$work/forwarder.log" "$work/endpoint.log" | sed 's/^/   /'

step "4. ssh-add -l through the endpoint (the remote machine sees the laptop's key)"
SSH_AUTH_SOCK="$endpoint_socket" ssh-add -l | sed 's/^/   /'

step "5. A signature through the endpoint, verified with ssh-keygen -Y verify"
echo "signed through GrpcRelay" >"$work/message"
SSH_AUTH_SOCK="$endpoint_socket" ssh-keygen -q -Y sign -n demo -f "$work/id_demo.pub" "$work/message"
echo "demo@grpcrelay $(cat "$work/id_demo.pub")" >"$work/allowed_signers"
ssh-keygen -Y verify -f "$work/allowed_signers" -I demo@grpcrelay -n demo -s "$work/message.sig" <"$work/message" | sed 's/^/   /'

step "6. Changing the agent through the endpoint is refused (only list and sign pass)"
if SSH_AUTH_SOCK="$endpoint_socket" ssh-add -D 2>&1 | sed 's/^/   /'; then :; fi
echo "   the laptop's agent still holds: $(ssh-add -l | wc -l) key(s)"

step "Done: stopping everything and removing $work"
