#!/usr/bin/env bash
# Installs what the local runner needs, only what is missing (safe to run again):
#   PostgreSQL 15 and RabbitMQ 3.10 from Debian's packages (plus curl, iproute2, Node.js/npm
#   when absent), and Azurite from npm into the git-ignored .dev/tools/azurite.
# Nothing is started here. Full installer output goes to .dev/logs/install.log.
#
# Usage: dev/install-infra.sh
set -euo pipefail

# shellcheck source=dev/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

INSTALL_LOG="$DEV_LOG_DIR/install.log"
# Azurite 3.36+ declares Node >= 21 but runs on Node 20 (checked); older Node gets 3.35.
AZURITE_VERSION_NEW=3.37.0
AZURITE_VERSION_OLD=3.35.0
AZURITE_PREFIX="$DEV_TOOLS_DIR/azurite"
APT_UPDATED=0

# Runs apt-get, waiting while another apt/dpkg process holds the lock.
apt_get() {
  local attempt
  for attempt in $(seq 1 180); do
    if DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 "$@" >>"$INSTALL_LOG" 2>&1; then
      return 0
    fi
    if tail -n 5 "$INSTALL_LOG" | grep -qi 'could not get lock\|unable to acquire\|is another process using it'; then
      ((attempt == 1)) && info "waiting for another apt/dpkg process to finish"
      sleep 5
      continue
    fi
    return 1
  done
  return 1
}

apt_update_once() {
  ((APT_UPDATED)) && return 0
  info "apt-get update"
  apt_get update -q || die "apt-get update failed; see $INSTALL_LOG"
  APT_UPDATED=1
}

# Installs Debian packages; runs apt-get update first if apt does not know one of them.
apt_install() {
  local pkg
  for pkg in "$@"; do
    if ! apt-cache show "$pkg" >/dev/null 2>&1; then
      apt_update_once
      break
    fi
  done
  if ! apt_get install -y -q --no-install-recommends "$@"; then
    # A stale package list gives 404s; refresh once and retry.
    if ((APT_UPDATED == 0)); then
      apt_update_once
      apt_get install -y -q --no-install-recommends "$@" && return 0
    fi
    show_log_tail "$INSTALL_LOG" 20
    die "apt-get install $* failed; see $INSTALL_LOG"
  fi
}

install_debian_packages() {
  local missing=()
  [[ -x "$PG_BIN/initdb" && -x "$PG_BIN/pg_ctl" && -x "$PG_BIN/psql" ]] || missing+=(postgresql-15)
  [[ -x "$RABBIT_BIN/rabbitmq-server" ]] || missing+=(rabbitmq-server)
  command -v curl >/dev/null 2>&1 || missing+=(curl)
  command -v ss >/dev/null 2>&1 || missing+=(iproute2)
  command -v node >/dev/null 2>&1 || missing+=(nodejs)
  command -v npm >/dev/null 2>&1 || missing+=(npm)
  command -v runuser >/dev/null 2>&1 && command -v setsid >/dev/null 2>&1 && command -v flock >/dev/null 2>&1 || missing+=(util-linux)
  if ((${#missing[@]} == 0)); then
    step "Debian packages: PostgreSQL 15, RabbitMQ $(rabbitmq_package_version), curl, Node.js already installed"
    return 0
  fi
  step "Debian packages: installing ${missing[*]} (log: ${INSTALL_LOG#"$DEV_REPO_ROOT"/})"
  apt_install "${missing[@]}"
  [[ -x "$PG_BIN/initdb" ]] || die "postgresql-15 installed but $PG_BIN/initdb is missing"
  [[ -x "$RABBIT_BIN/rabbitmq-server" ]] || die "rabbitmq-server installed but $RABBIT_BIN/rabbitmq-server is missing"
  info "installed; RabbitMQ $(rabbitmq_package_version)"
}

rabbitmq_package_version() {
  dpkg-query -W -f='${Version}' rabbitmq-server 2>/dev/null | sed 's/-.*//' || echo "?"
}

azurite_version_for_node() {
  local major
  major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
  if ((major >= 20)); then echo "$AZURITE_VERSION_NEW"; else echo "$AZURITE_VERSION_OLD"; fi
}

install_azurite() {
  local version marker
  version="$(azurite_version_for_node)"
  marker="$AZURITE_PREFIX/.installed-$version"
  if [[ -f "$marker" && -x "$AZURITE_PREFIX/node_modules/.bin/azurite-blob" ]]; then
    step "Azurite $version: already installed in ${AZURITE_PREFIX#"$DEV_REPO_ROOT"/}"
    return 0
  fi
  step "Azurite $version: installing from npm into ${AZURITE_PREFIX#"$DEV_REPO_ROOT"/} (about a minute)"
  mkdir -p "$AZURITE_PREFIX"
  rm -f "$AZURITE_PREFIX"/.installed-*
  if ! npm install --prefix "$AZURITE_PREFIX" --no-audit --no-fund --no-update-notifier \
    --loglevel=error "azurite@$version" >>"$INSTALL_LOG" 2>&1; then
    show_log_tail "$INSTALL_LOG" 20
    die "npm install azurite@$version failed; see $INSTALL_LOG"
  fi
  [[ -x "$AZURITE_PREFIX/node_modules/.bin/azurite-blob" ]] ||
    die "npm installed azurite@$version but node_modules/.bin/azurite-blob is missing"
  touch "$marker"
}

main() {
  ensure_dev_dirs
  [[ "$(id -u)" == 0 ]] || die "dev/install-infra.sh installs Debian packages and must run as root"
  install_debian_packages
  "$DEV_REPO_ROOT/dev/install-fonts.sh"
  install_azurite
}

main "$@"
