# shellcheck shell=bash
# Shared settings and helpers for dev/run and dev/install-infra.sh.
# Source it; it only defines variables and functions.
#
# Everything the local runner keeps lives under the git-ignored .dev/ folder:
#   .dev/secrets.env      generated dev passwords and keys (stable across runs)
#   .dev/postgres/data    PostgreSQL cluster (owned by the postgres user)
#   .dev/rabbitmq/        RabbitMQ node data and config
#   .dev/azurite/         Azurite blob data
#   .dev/tools/azurite/   Azurite installed from npm
#   .dev/logs/            one log per process
#   .dev/run/             pid files, the lock, the owner of the running platform
#   .dev/endpoints.json   URLs and tokens of the running platform (FORMATS.md)

DEV_REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DEV_DIR="$DEV_REPO_ROOT/.dev"
DEV_LOG_DIR="$DEV_DIR/logs"
DEV_RUN_DIR="$DEV_DIR/run"
DEV_TOOLS_DIR="$DEV_DIR/tools"
DEV_SECRETS_FILE="$DEV_DIR/secrets.env"

PG_BIN=/usr/lib/postgresql/15/bin
RABBIT_BIN=/usr/lib/rabbitmq/bin

# Fixed default ports, all on 127.0.0.1. Each can be overridden from the environment.
# They lie below 32768, outside the range Linux hands out to outgoing connections
# (ip_local_port_range, 32768-60999 by default): a port in that range can be taken by some
# process's connection a moment before a server binds it, which no free-port check can foresee.
# The tests' servers take ports from 25000-32000 (tests/WelfarePlatform.TestInfrastructure/FreePort.cs).
DEV_POSTGRES_PORT="${WELFARE_DEV_POSTGRES_PORT:-23432}"
DEV_AMQP_PORT="${WELFARE_DEV_AMQP_PORT:-23672}"
DEV_RABBIT_MGMT_PORT="${WELFARE_DEV_RABBIT_MGMT_PORT:-23673}"
DEV_RABBIT_DIST_PORT="${WELFARE_DEV_RABBIT_DIST_PORT:-23674}"
DEV_RABBIT_CTL_PORT_MIN="${WELFARE_DEV_RABBIT_CTL_PORT_MIN:-23680}"
DEV_EPMD_PORT="${WELFARE_DEV_EPMD_PORT:-23369}"
DEV_AZURITE_PORT="${WELFARE_DEV_AZURITE_PORT:-23000}"
DEV_SERVICE_PORT_BASE="${WELFARE_DEV_SERVICE_PORT_BASE:-23101}"

DEV_START_SECONDS=$SECONDS
# File descriptor 9 holds dev/run's lock (.dev/run/lock); 8 and 7 keep dev/run's own stdout and
# stderr. Every process that outlives a run is started with 9>&- 8>&- 7>&-, so that it never
# keeps the lock, nor the pipe of a caller such as out=$(./dev/run --detach), open.

# ---------------------------------------------------------------------------
# Messages: one progress line per step, prefixed with the seconds since start.

step() { printf '[%3ds] %s\n' "$((SECONDS - DEV_START_SECONDS))" "$*"; }
info() { printf '       %s\n' "$*"; }
warn() { printf 'warning: %s\n' "$*" >&2; }
die() {
  printf 'error: %s\n' "$*" >&2
  exit 1
}

# Prints the last lines of a log file to stderr, indented, for error messages.
show_log_tail() {
  local file="$1" lines="${2:-25}"
  if [[ -s "$file" ]]; then
    printf '       --- last %s lines of %s ---\n' "$lines" "$file" >&2
    tail -n "$lines" "$file" | sed 's/^/       | /' >&2
  else
    printf '       (%s is empty or missing)\n' "$file" >&2
  fi
}

ensure_dev_dirs() {
  mkdir -p "$DEV_DIR" "$DEV_LOG_DIR" "$DEV_RUN_DIR" "$DEV_TOOLS_DIR"
}

# ---------------------------------------------------------------------------
# Secrets: generated once into .dev/secrets.env (mode 600), then reused.

rand_hex() { od -An -N"$1" -tx1 /dev/urandom | tr -d ' \n'; }

load_secrets() {
  ensure_dev_dirs
  if [[ -f "$DEV_SECRETS_FILE" ]]; then
    # shellcheck source=/dev/null
    source "$DEV_SECRETS_FILE"
  fi
  local changed=0
  (umask 077 && touch "$DEV_SECRETS_FILE")
  if [[ -z "${DEV_PG_USER:-}" ]]; then DEV_PG_USER=welfare; echo "DEV_PG_USER=$DEV_PG_USER" >>"$DEV_SECRETS_FILE"; changed=1; fi
  if [[ -z "${DEV_PG_PASSWORD:-}" ]]; then DEV_PG_PASSWORD="$(rand_hex 16)"; echo "DEV_PG_PASSWORD=$DEV_PG_PASSWORD" >>"$DEV_SECRETS_FILE"; changed=1; fi
  if [[ -z "${DEV_RABBIT_USER:-}" ]]; then DEV_RABBIT_USER=welfare; echo "DEV_RABBIT_USER=$DEV_RABBIT_USER" >>"$DEV_SECRETS_FILE"; changed=1; fi
  if [[ -z "${DEV_RABBIT_PASSWORD:-}" ]]; then DEV_RABBIT_PASSWORD="$(rand_hex 16)"; echo "DEV_RABBIT_PASSWORD=$DEV_RABBIT_PASSWORD" >>"$DEV_SECRETS_FILE"; changed=1; fi
  if [[ -z "${DEV_AUTH_SIGNING_KEY:-}" ]]; then DEV_AUTH_SIGNING_KEY="$(rand_hex 32)"; echo "DEV_AUTH_SIGNING_KEY=$DEV_AUTH_SIGNING_KEY" >>"$DEV_SECRETS_FILE"; changed=1; fi
  if [[ -z "${DEV_PID_KEY:-}" ]]; then DEV_PID_KEY="$(rand_hex 32)"; echo "DEV_PID_KEY=$DEV_PID_KEY" >>"$DEV_SECRETS_FILE"; changed=1; fi
  if [[ -z "${DEV_AUDIT_HEAD_KEY:-}" ]]; then DEV_AUDIT_HEAD_KEY="$(rand_hex 32)"; echo "DEV_AUDIT_HEAD_KEY=$DEV_AUDIT_HEAD_KEY" >>"$DEV_SECRETS_FILE"; changed=1; fi
  if ((changed)); then info "generated dev secrets in ${DEV_SECRETS_FILE#"$DEV_REPO_ROOT"/}"; fi
  return 0
}

# ---------------------------------------------------------------------------
# Processes. "Ours" means: alive, and its command line names this checkout
# (every server the runner starts is given a path under the repository).

pid_alive() { [[ -n "${1:-}" ]] && kill -0 "$1" 2>/dev/null; }

read_pid_file() {
  local file="$1"
  [[ -f "$file" ]] || return 0
  head -n1 "$file" | tr -dc '0-9'
}

pid_cmdline() { tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null || true; }

pid_is_ours() {
  local pid="${1:-}"
  pid_alive "$pid" || return 1
  [[ "$(pid_cmdline "$pid")" == *"$DEV_REPO_ROOT/"* ]]
}

# Sends TERM to a process group we started with setsid (or to the process alone),
# waits up to $3 seconds, then KILLs what is left.
stop_process() {
  local pid="$1" name="$2" timeout="${3:-20}"
  pid_alive "$pid" || return 0
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  local waited=0
  while pid_alive "$pid" && ((waited < timeout * 5)); do
    sleep 0.2
    waited=$((waited + 1))
  done
  if pid_alive "$pid"; then
    warn "$name (pid $pid) did not stop within ${timeout}s; killing it"
    kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
  fi
  # Reap it if it is our child (it is not, when started by an earlier run).
  wait "$pid" 2>/dev/null || true
}

# ---------------------------------------------------------------------------
# Ports.

# Pid of the process listening on TCP port $1 (any address), empty if none.
port_listener_pid() {
  ss -Hltnp "sport = :$1" 2>/dev/null | grep -o 'pid=[0-9]*' | head -n1 | cut -d= -f2 || true
}

port_in_use() { [[ -n "$(ss -Hltn "sport = :$1" 2>/dev/null)" ]]; }

# Fails with an actionable message when port $1 is taken by a process that is not ours.
# $2 names what the port is for, $3 the environment variable that moves it.
require_port_free() {
  local port="$1" what="$2" var="$3"
  warn_if_ephemeral_port "$port" "$var"
  port_in_use "$port" || return 0
  local pid cmd=""
  pid="$(port_listener_pid "$port")"
  [[ -n "$pid" ]] && cmd="$(pid_cmdline "$pid")"
  die "port $port (for $what) is already used by ${pid:+pid $pid: }${cmd:-another process}
       Stop that process, or pick another port, e.g.: $var=$((port + 1000)) ./dev/run"
}

# Warns when port $1 lies in the range the kernel gives outgoing connections: a server may then
# fail to bind it now and then, because a connection happened to take it first.
warn_if_ephemeral_port() {
  local port="$1" var="$2" low high
  read -r low high </proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || return 0
  if ((port >= low && port <= high)); then
    warn "port $port ($var) lies in this machine's range for outgoing connections ($low-$high);
         a connection can take it before the server binds it. A port below $low avoids that."
  fi
}

# Waits until $1 (a command) succeeds, at most $2 seconds. Returns 1 on timeout.
wait_until() {
  local timeout="$1"
  shift
  local deadline=$((SECONDS + timeout))
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < deadline)) || return 1
    sleep 0.5
  done
}
