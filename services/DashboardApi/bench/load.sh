#!/usr/bin/env bash
# Load on one dashboard-api URL from a second process on loopback: wrk (installed from Debian's apt
# when missing), N connections for D seconds, printing "rps=<requests/s> p99_ms=<ms> non2xx=<n> requests=<n>" last.
# Usage: load.sh URL TOKEN [connections=64] [seconds=10] [threads=2] [accept=application/json]
set -euo pipefail
url=${1:?url}; token=${2:?token}; connections=${3:-64}; seconds=${4:-10}; threads=${5:-2}; accept=${6:-application/json}

if ! command -v wrk >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ]; then apt-get install -y -qq wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
  else sudo apt-get install -y -qq wrk >/dev/null; fi
fi

out=$(wrk -t"$threads" -c"$connections" -d"${seconds}s" --latency -H "Authorization: Bearer $token" -H "Accept: $accept" "$url")
echo "$out" >&2
rps=$(echo "$out" | awk '/^Requests\/sec:/ {print $2}')
# wrk prints the 99% latency as e.g. "99%    3.21ms" / "1.02s" / "850.00us".
p99=$(echo "$out" | awk '$1 == "99%" {v=$2; if (v ~ /us$/) {sub(/us$/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms$/,"",v)} else if (v ~ /s$/) {sub(/s$/,"",v); v=v*1000}; print v}')
non2xx=$(echo "$out" | awk '/Non-2xx/ {print $NF}')
requests=$(echo "$out" | awk '/requests in/ {print $1}')
echo "rps=${rps} p99_ms=${p99} non2xx=${non2xx:-0} requests=${requests}"
