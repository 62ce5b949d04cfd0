# shellcheck shell=bash
# PostgreSQL 15 for the local runner: a private cluster in .dev/postgres/data, run by the
# postgres user (PostgreSQL refuses root), TCP on 127.0.0.1 only, no Unix socket,
# scram-sha-256 password auth for the generated dev user. Needs common.sh and load_secrets.

PG_LOG="$DEV_LOG_DIR/postgres.log"
DEV_DATABASES=(registrydb eligibilitydb externaldb dashboarddb sharingdb)

pg_as_postgres() { runuser -u postgres -- "$@"; }

# The cluster lives under .dev unless the postgres user cannot reach it (a parent folder
# without o+x), then under /var/lib/welfare-dev/<checkout hash>; .dev/postgres-location says so.
pg_choose_data_dir() {
  mkdir -p "$DEV_DIR/postgres"
  chown postgres:postgres "$DEV_DIR/postgres"
  chmod 700 "$DEV_DIR/postgres"
  if pg_as_postgres test -w "$DEV_DIR/postgres"; then
    PG_DATA="$DEV_DIR/postgres/data"
  else
    local hash
    hash="$(printf '%s' "$DEV_REPO_ROOT" | cksum | cut -d' ' -f1)"
    PG_DATA="/var/lib/welfare-dev/$hash/postgres/data"
    mkdir -p "$(dirname "$PG_DATA")"
    chown postgres:postgres "$(dirname "$PG_DATA")"
    chmod 700 "$(dirname "$PG_DATA")"
    echo "$PG_DATA" >"$DEV_DIR/postgres-location"
    # The server writes its own log, so the log has to be where the postgres user can reach.
    PG_LOG="$(dirname "$PG_DATA")/postgres.log"
    ln -sfn "$PG_LOG" "$DEV_LOG_DIR/postgres.log"
    info "the postgres user cannot reach $DEV_DIR (a parent folder lacks o+x); cluster and log are in $(dirname "$PG_DATA")"
  fi
}

pg_url() {
  echo "postgresql://$DEV_PG_USER:$DEV_PG_PASSWORD@127.0.0.1:$DEV_POSTGRES_PORT/${1:-postgres}"
}

pg_connection_string() {
  echo "Host=127.0.0.1;Port=$DEV_POSTGRES_PORT;Username=$DEV_PG_USER;Password=$DEV_PG_PASSWORD;Database=$1"
}

pg_psql() {
  PGPASSWORD="$DEV_PG_PASSWORD" PGCONNECT_TIMEOUT=5 "$PG_BIN/psql" -h 127.0.0.1 -p "$DEV_POSTGRES_PORT" \
    -U "$DEV_PG_USER" -d postgres -X -v ON_ERROR_STOP=1 -Atq "$@"
}

pg_running() { [[ -d "$PG_DATA" ]] && pg_as_postgres "$PG_BIN/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1; }

# Port of the running cluster, from line 4 of postmaster.pid.
pg_running_port() { sed -n 4p "$PG_DATA/postmaster.pid" 2>/dev/null || true; }

pg_init_cluster() {
  [[ -f "$PG_DATA/PG_VERSION" ]] && return 0
  step "PostgreSQL: creating the dev cluster in ${PG_DATA#"$DEV_REPO_ROOT"/}"
  local tmp="$PG_DATA.initdb" pwfile
  rm -rf "$tmp"
  pwfile="$(dirname "$PG_DATA")/.pwfile"
  (umask 077 && printf '%s\n' "$DEV_PG_PASSWORD" >"$pwfile")
  chown postgres:postgres "$pwfile"
  if ! pg_as_postgres "$PG_BIN/initdb" -D "$tmp" -U "$DEV_PG_USER" --pwfile="$pwfile" \
    --auth-host=scram-sha-256 --auth-local=scram-sha-256 --encoding=UTF8 --no-locale >>"$PG_LOG" 2>&1; then
    rm -f "$pwfile"
    show_log_tail "$PG_LOG"
    die "initdb failed; see $PG_LOG"
  fi
  rm -f "$pwfile"
  echo "include_if_exists = 'welfare-dev.conf'" >>"$tmp/postgresql.conf"
  mv "$tmp" "$PG_DATA"
}

pg_write_config() {
  cat >"$PG_DATA/welfare-dev.conf" <<EOF
# Written by dev/run on every start; edit dev/lib/postgres.sh instead.
listen_addresses = '127.0.0.1'
port = $DEV_POSTGRES_PORT
unix_socket_directories = ''
max_connections = 200
EOF
  chown postgres:postgres "$PG_DATA/welfare-dev.conf"
}

postgres_start() {
  pg_choose_data_dir
  touch "$PG_LOG"
  chown postgres:postgres "$PG_LOG"
  if pg_running; then
    local port
    port="$(pg_running_port)"
    if [[ "$port" == "$DEV_POSTGRES_PORT" ]]; then
      step "PostgreSQL: already running on 127.0.0.1:$DEV_POSTGRES_PORT (reused)"
      pg_check_login
      return 0
    fi
    step "PostgreSQL: running on port $port, restarting on $DEV_POSTGRES_PORT"
    postgres_stop
  fi
  require_port_free "$DEV_POSTGRES_PORT" PostgreSQL WELFARE_DEV_POSTGRES_PORT
  pg_init_cluster
  pg_write_config
  step "PostgreSQL: starting on 127.0.0.1:$DEV_POSTGRES_PORT (log: ${PG_LOG#"$DEV_REPO_ROOT"/})"
  # pg_ctl puts the postmaster in its own session, so Ctrl-C in this terminal does not reach it.
  if ! pg_as_postgres "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_LOG" -w -t 60 start >/dev/null 2>&1 9>&- 8>&- 7>&-; then
    show_log_tail "$PG_LOG"
    die "PostgreSQL did not start; see $PG_LOG"
  fi
  pg_check_login
}

pg_check_login() {
  local err
  if ! err="$(pg_psql -c 'select 1' 2>&1)"; then
    die "cannot log in to PostgreSQL on 127.0.0.1:$DEV_POSTGRES_PORT as $DEV_PG_USER: $err
       The cluster in $PG_DATA was created with another password than the one in $DEV_SECRETS_FILE.
       Restore that file, or start afresh: ./dev/run --stop && rm -rf $PG_DATA"
  fi
}

postgres_ensure_databases() {
  local existing db created=()
  existing="$(pg_psql -c 'select datname from pg_database')" || die "cannot list PostgreSQL databases"
  for db in "${DEV_DATABASES[@]}"; do
    if ! grep -qx "$db" <<<"$existing"; then
      pg_psql -c "create database \"$db\"" || die "cannot create database $db"
      created+=("$db")
    fi
  done
  if ((${#created[@]})); then
    step "PostgreSQL: created databases ${created[*]}"
  else
    step "PostgreSQL: databases ${DEV_DATABASES[*]} exist"
  fi
}

postgres_stop() {
  [[ -n "${PG_DATA:-}" ]] || pg_choose_data_dir
  pg_running || return 0
  step "PostgreSQL: stopping"
  pg_as_postgres "$PG_BIN/pg_ctl" -D "$PG_DATA" stop -m fast -w -t 60 >/dev/null 2>&1 ||
    warn "pg_ctl stop failed; see $PG_LOG"
}

postgres_status() {
  [[ -n "${PG_DATA:-}" ]] || pg_choose_data_dir
  if pg_running; then echo "postgres: running on 127.0.0.1:$(pg_running_port)"; else echo "postgres: stopped"; fi
}
