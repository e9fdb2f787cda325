#!/usr/bin/env bash
# Installs what GrpcRelay's demo and tests use on a fresh Debian or Ubuntu machine that has
# only the .NET SDK: Redis, OpenSSH (agent, client, server), Python's gRPC and Node's Buf
# for the interoperability tests. Runs as root (apt-get); skips what is already there.
set -euo pipefail

packages=(redis-server openssh-client openssh-server python3 python3-grpcio python3-grpc-tools nodejs npm)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "install-prerequisites: these packages are missing: ${missing[*]}" >&2
    echo "install-prerequisites: run this script as root (sudo), or install them yourself." >&2
    exit 1
  fi
  echo "Installing ${missing[*]} ..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Debian packages sshd without starting it here; tests run their own on loopback ports.
# sshd refuses to start without its privilege-separation folder.
if [ "$(id -u)" -eq 0 ]; then
  mkdir -p /run/sshd
fi
