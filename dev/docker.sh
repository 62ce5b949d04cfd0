#!/usr/bin/env bash
# Makes sure a Docker engine answers on this machine. Idempotent: safe to call from every script.
# No image registry and no bridge network here: dockerd runs without a bridge, containers use host networking.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
log_dir="$repo_root/.dev"
mkdir -p "$log_dir"

need=()
command -v dockerd >/dev/null 2>&1 || need+=(docker.io)
command -v debootstrap >/dev/null 2>&1 || need+=(debootstrap)
if ((${#need[@]})); then
  echo "docker.sh: installing ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

if docker info >/dev/null 2>&1; then
  exit 0
fi

if ! pgrep -x dockerd >/dev/null 2>&1; then
  echo "docker.sh: starting dockerd (log: $log_dir/dockerd.log)"
  # setsid: the engine must outlive the calling shell (CI steps, test runners).
  setsid dockerd --bridge=none --iptables=false --ip-masq=false \
    >>"$log_dir/dockerd.log" 2>&1 </dev/null &
fi

for _ in $(seq 1 60); do
  if docker info >/dev/null 2>&1; then
    echo "docker.sh: docker engine is up"
    exit 0
  fi
  sleep 1
done
echo "docker.sh: dockerd did not answer within 60 s; see $log_dir/dockerd.log" >&2
tail -n 20 "$log_dir/dockerd.log" >&2 || true
exit 1
