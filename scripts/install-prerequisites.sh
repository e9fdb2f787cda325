#!/usr/bin/env bash
# Installs what GrpcRelay's demo (default) or its tests (--tests) use on a fresh Debian or
# Ubuntu machine that has only the .NET SDK. Runs as root (apt-get); skips what is there.
#   demo:  OpenSSH client (ssh-agent, ssh-add, ssh-keygen)
#   tests: also redis-server, sshd, Python's gRPC and cryptography (interoperability client)
#          and Node.js with npm
set -euo pipefail

packages=(openssh-client)
if [ "${1:-}" = "--tests" ]; then
  packages+=(redis-server openssh-server python3 python3-grpcio python3-grpc-tools python3-cryptography)
  # Node.js may come from another source than Debian (with npm built in); only add it if absent.
  command -v node >/dev/null || packages+=(nodejs)
  command -v npm >/dev/null || packages+=(npm)
fi

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "install-prerequisites: these packages are missing: ${missing[*]}" >&2
    echo "install-prerequisites: run as root (sudo), or install them yourself." >&2
    exit 1
  fi
  echo "Installing ${missing[*]} ..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# sshd refuses to start without its privilege-separation folder; tests run their own sshd.
if [ "$(id -u)" -eq 0 ]; then
  mkdir -p /run/sshd
fi
