# shellcheck shell=bash
# RabbitMQ 3.10 for the local runner: its own node (welfare-dev@localhost), its own epmd port,
# data/config/cookie under .dev/rabbitmq, AMQP, management and Erlang distribution bound to
# 127.0.0.1. Independent of any system RabbitMQ (5672) or epmd (4369) the apt install started.
# Needs common.sh and load_secrets.

RABBIT_DIR="$DEV_DIR/rabbitmq"
RABBIT_NODE="welfare-dev@localhost"
RABBIT_OUT_LOG="$DEV_LOG_DIR/rabbitmq.log"
RABBIT_PID_FILE="$DEV_RUN_DIR/rabbitmq.pid"         # the Erlang VM (written by RabbitMQ)
RABBIT_LAUNCHER_PID_FILE="$DEV_RUN_DIR/rabbitmq-launcher.pid"
RABBIT_PORT_FILE="$DEV_RUN_DIR/rabbitmq.port"
EPMD_PID_FILE="$DEV_RUN_DIR/epmd.pid"

amqp_url() { echo "amqp://$DEV_RABBIT_USER:$DEV_RABBIT_PASSWORD@127.0.0.1:$DEV_AMQP_PORT/"; }

# Exports the environment shared by the server and rabbitmqctl. Call it in a subshell.
rabbit_export_env() {
  export HOME="$RABBIT_DIR/home"                       # .erlang.cookie lives here
  export RABBITMQ_NODENAME="$RABBIT_NODE"
  export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
  export RABBITMQ_NODE_PORT="$DEV_AMQP_PORT"
  export RABBITMQ_DIST_PORT="$DEV_RABBIT_DIST_PORT"
  export RABBITMQ_CTL_DIST_PORT_MIN="$DEV_RABBIT_CTL_PORT_MIN"
  export RABBITMQ_CTL_DIST_PORT_MAX="$((DEV_RABBIT_CTL_PORT_MIN + 9))"
  export RABBITMQ_MNESIA_BASE="$RABBIT_DIR/mnesia"
  export RABBITMQ_LOG_BASE="$DEV_LOG_DIR/rabbitmq"
  export RABBITMQ_CONFIG_FILE="$RABBIT_DIR/rabbitmq.conf"
  export RABBITMQ_ADVANCED_CONFIG_FILE="$RABBIT_DIR/advanced.config"
  export RABBITMQ_ENABLED_PLUGINS_FILE="$RABBIT_DIR/enabled_plugins"
  export RABBITMQ_CONF_ENV_FILE="$RABBIT_DIR/rabbitmq-env.conf"  # instead of /etc/rabbitmq's
  export RABBITMQ_PID_FILE="$RABBIT_PID_FILE"
  export ERL_EPMD_ADDRESS=127.0.0.1
  export ERL_EPMD_PORT="$DEV_EPMD_PORT"
  export ERL_CRASH_DUMP="$DEV_LOG_DIR/rabbitmq/erl_crash.dump"
  export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
  export RABBITMQ_CTL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
}

rabbitmqctl_dev() { (rabbit_export_env && cd "$RABBIT_DIR" && "$RABBIT_BIN/rabbitmqctl" "$@"); }

rabbit_write_config() {
  mkdir -p "$RABBIT_DIR/home" "$RABBIT_DIR/mnesia" "$DEV_LOG_DIR/rabbitmq"
  if [[ ! -f "$RABBIT_DIR/home/.erlang.cookie" ]]; then
    (umask 077 && rand_hex 20 | tr 'a-f' 'A-F' >"$RABBIT_DIR/home/.erlang.cookie")
    chmod 400 "$RABBIT_DIR/home/.erlang.cookie"
  fi
  : >"$RABBIT_DIR/rabbitmq-env.conf"
  echo '[rabbitmq_management].' >"$RABBIT_DIR/enabled_plugins"
  (
    umask 077
    cat >"$RABBIT_DIR/rabbitmq.conf" <<EOF
# Written by dev/run on every start; edit dev/lib/rabbitmq.sh instead.
# AMQP listener: RABBITMQ_NODE_IP_ADDRESS/RABBITMQ_NODE_PORT (127.0.0.1:$DEV_AMQP_PORT).
management.tcp.ip = 127.0.0.1
management.tcp.port = $DEV_RABBIT_MGMT_PORT
# Created on the first boot only; dev/run also checks the user on every start.
default_user = $DEV_RABBIT_USER
default_pass = $DEV_RABBIT_PASSWORD
default_user_tags.administrator = true
log.console = false
log.file.level = info
EOF
  )
}

rabbit_running() {
  local pid
  pid="$(read_pid_file "$RABBIT_PID_FILE")"
  pid_is_ours "$pid"
}

# epmd is the Erlang port mapper; ours listens on 127.0.0.1:$DEV_EPMD_PORT only.
epmd_start() {
  if port_in_use "$DEV_EPMD_PORT"; then
    local pid
    pid="$(port_listener_pid "$DEV_EPMD_PORT")"
    [[ "$(pid_cmdline "$pid")" == *epmd* ]] ||
      require_port_free "$DEV_EPMD_PORT" "the Erlang port mapper (epmd)" WELFARE_DEV_EPMD_PORT
    return 0
  fi
  ERL_EPMD_ADDRESS=127.0.0.1 setsid epmd -daemon -address 127.0.0.1 -port "$DEV_EPMD_PORT" </dev/null >/dev/null 2>&1 9>&- 8>&- 7>&- ||
    die "could not start epmd on 127.0.0.1:$DEV_EPMD_PORT"
  wait_until 10 port_in_use "$DEV_EPMD_PORT" || die "epmd did not listen on 127.0.0.1:$DEV_EPMD_PORT"
  port_listener_pid "$DEV_EPMD_PORT" >"$EPMD_PID_FILE"
}

# Stops the epmd this checkout started (not one that another checkout or the system runs).
epmd_stop() {
  local pid names
  pid="$(read_pid_file "$EPMD_PID_FILE")"
  rm -f "$EPMD_PID_FILE"
  [[ -n "$pid" && "$(port_listener_pid "$DEV_EPMD_PORT")" == "$pid" ]] || return 0
  names="$(ERL_EPMD_PORT="$DEV_EPMD_PORT" epmd -port "$DEV_EPMD_PORT" -names 2>/dev/null | grep -c '^name ' || true)"
  if [[ "$names" != 0 ]]; then
    warn "epmd on port $DEV_EPMD_PORT still has registered Erlang nodes; leaving it running"
    return 0
  fi
  ERL_EPMD_PORT="$DEV_EPMD_PORT" epmd -port "$DEV_EPMD_PORT" -kill >/dev/null 2>&1 || stop_process "$pid" epmd 5
}

rabbitmq_start() {
  if rabbit_running; then
    if [[ "$(cat "$RABBIT_PORT_FILE" 2>/dev/null)" == "$DEV_AMQP_PORT" ]] && port_in_use "$DEV_AMQP_PORT"; then
      step "RabbitMQ: already running on 127.0.0.1:$DEV_AMQP_PORT (reused)"
      rabbit_ensure_user
      return 0
    fi
    step "RabbitMQ: running with other ports, restarting"
    rabbitmq_stop
  fi
  require_port_free "$DEV_AMQP_PORT" "RabbitMQ AMQP" WELFARE_DEV_AMQP_PORT
  require_port_free "$DEV_RABBIT_MGMT_PORT" "RabbitMQ management" WELFARE_DEV_RABBIT_MGMT_PORT
  require_port_free "$DEV_RABBIT_DIST_PORT" "RabbitMQ Erlang distribution" WELFARE_DEV_RABBIT_DIST_PORT
  rabbit_write_config
  epmd_start
  step "RabbitMQ: starting node $RABBIT_NODE on 127.0.0.1:$DEV_AMQP_PORT (log: ${RABBIT_OUT_LOG#"$DEV_REPO_ROOT"/})"
  rm -f "$RABBIT_PID_FILE"
  (
    rabbit_export_env
    cd "$RABBIT_DIR"
    exec setsid "$RABBIT_BIN/rabbitmq-server"
  ) >>"$RABBIT_OUT_LOG" 2>&1 </dev/null 9>&- 8>&- 7>&- &
  echo $! >"$RABBIT_LAUNCHER_PID_FILE"
  echo "$DEV_AMQP_PORT" >"$RABBIT_PORT_FILE"
  if ! rabbitmqctl_dev -q wait "$RABBIT_PID_FILE" --timeout 120 >>"$RABBIT_OUT_LOG" 2>&1; then
    show_log_tail "$RABBIT_OUT_LOG"
    die "RabbitMQ did not start within 120 s; see $RABBIT_OUT_LOG and $DEV_LOG_DIR/rabbitmq/"
  fi
  rabbit_ensure_user
}

# The dev user is made on the first boot from rabbitmq.conf; repair it if it was changed.
rabbit_ensure_user() {
  if rabbitmqctl_dev -q authenticate_user "$DEV_RABBIT_USER" "$DEV_RABBIT_PASSWORD" >/dev/null 2>&1; then
    return 0
  fi
  info "RabbitMQ: (re)creating user $DEV_RABBIT_USER"
  if rabbitmqctl_dev -q list_users 2>/dev/null | awk '{print $1}' | grep -qx "$DEV_RABBIT_USER"; then
    rabbitmqctl_dev -q change_password "$DEV_RABBIT_USER" "$DEV_RABBIT_PASSWORD" >/dev/null
  else
    rabbitmqctl_dev -q add_user "$DEV_RABBIT_USER" "$DEV_RABBIT_PASSWORD" >/dev/null
  fi
  rabbitmqctl_dev -q set_user_tags "$DEV_RABBIT_USER" administrator >/dev/null
  rabbitmqctl_dev -q set_permissions -p / "$DEV_RABBIT_USER" '.*' '.*' '.*' >/dev/null
}

rabbitmq_stop() {
  local pid launcher
  pid="$(read_pid_file "$RABBIT_PID_FILE")"
  launcher="$(read_pid_file "$RABBIT_LAUNCHER_PID_FILE")"
  if pid_is_ours "$pid"; then
    step "RabbitMQ: stopping"
    rabbitmqctl_dev -q stop "$RABBIT_PID_FILE" >>"$RABBIT_OUT_LOG" 2>&1 || stop_process "$pid" RabbitMQ 30
  fi
  if pid_alive "$launcher" && [[ "$(pid_cmdline "$launcher")" == *rabbitmq-server* ]]; then
    stop_process "$launcher" "RabbitMQ launcher" 10
  fi
  rm -f "$RABBIT_PID_FILE" "$RABBIT_LAUNCHER_PID_FILE" "$RABBIT_PORT_FILE"
  epmd_stop
}

rabbitmq_status() {
  if rabbit_running; then
    echo "rabbitmq: running on 127.0.0.1:$(cat "$RABBIT_PORT_FILE" 2>/dev/null) (node $RABBIT_NODE)"
  else
    echo "rabbitmq: stopped"
  fi
}
