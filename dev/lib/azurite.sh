# shellcheck shell=bash
# Azurite (Azure Blob storage emulator) for the local runner: blob service only, on
# 127.0.0.1, data in .dev/azurite. Installed by dev/install-infra.sh. Needs common.sh.

AZURITE_BIN="$DEV_TOOLS_DIR/azurite/node_modules/.bin/azurite-blob"
AZURITE_DATA="$DEV_DIR/azurite"
AZURITE_LOG="$DEV_LOG_DIR/azurite.log"
AZURITE_PID_FILE="$DEV_RUN_DIR/azurite.pid"
AZURITE_PORT_FILE="$DEV_RUN_DIR/azurite.port"
# The well-known development account key every Azurite accepts (not a secret).
AZURITE_ACCOUNT_KEY="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="

blob_endpoint() { echo "http://127.0.0.1:$DEV_AZURITE_PORT/devstoreaccount1"; }

blobs_connection_string() {
  echo "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$AZURITE_ACCOUNT_KEY;BlobEndpoint=$(blob_endpoint);"
}

azurite_running() { pid_is_ours "$(read_pid_file "$AZURITE_PID_FILE")"; }

# Any HTTP answer (403 without credentials) means the blob service is up.
azurite_answers() {
  local code
  code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$(blob_endpoint)?comp=list" || true)"
  [[ -n "$code" && "$code" != 000 ]]
}

azurite_start() {
  [[ -x "$AZURITE_BIN" ]] || die "Azurite is not installed in $DEV_TOOLS_DIR/azurite; run dev/install-infra.sh"
  if azurite_running; then
    if [[ "$(cat "$AZURITE_PORT_FILE" 2>/dev/null)" == "$DEV_AZURITE_PORT" ]] && azurite_answers; then
      step "Azurite: already running on 127.0.0.1:$DEV_AZURITE_PORT (reused)"
      return 0
    fi
    azurite_stop
  fi
  require_port_free "$DEV_AZURITE_PORT" "Azurite blob storage" WELFARE_DEV_AZURITE_PORT
  mkdir -p "$AZURITE_DATA"
  step "Azurite: starting blob storage on 127.0.0.1:$DEV_AZURITE_PORT (log: ${AZURITE_LOG#"$DEV_REPO_ROOT"/})"
  # --skipApiVersionCheck: Azure.Storage.Blobs speaks a newer service version than Azurite knows.
  # --disableTelemetry: no traffic off this machine; with telemetry on, Azurite also hangs on SIGTERM.
  local extra=()
  if grep -qs disableTelemetry "$DEV_TOOLS_DIR"/azurite/node_modules/azurite/dist/src/blob/main.js; then
    extra+=(--disableTelemetry)
  fi
  setsid "$AZURITE_BIN" --skipApiVersionCheck --loose "${extra[@]}" --blobHost 127.0.0.1 --blobPort "$DEV_AZURITE_PORT" \
    --location "$AZURITE_DATA" --silent >>"$AZURITE_LOG" 2>&1 </dev/null 9>&- 8>&- 7>&- &
  local pid=$!
  echo "$pid" >"$AZURITE_PID_FILE"
  echo "$DEV_AZURITE_PORT" >"$AZURITE_PORT_FILE"
  local deadline=$((SECONDS + 60))
  until azurite_answers; do
    if ! pid_alive "$pid"; then
      show_log_tail "$AZURITE_LOG"
      die "Azurite exited during start-up; see $AZURITE_LOG"
    fi
    if ((SECONDS >= deadline)); then
      show_log_tail "$AZURITE_LOG"
      die "Azurite did not answer on 127.0.0.1:$DEV_AZURITE_PORT within 60 s; see $AZURITE_LOG"
    fi
    sleep 0.3
  done
}

azurite_stop() {
  local pid
  pid="$(read_pid_file "$AZURITE_PID_FILE")"
  if pid_is_ours "$pid"; then
    step "Azurite: stopping"
    stop_process "$pid" Azurite 15
  fi
  rm -f "$AZURITE_PID_FILE" "$AZURITE_PORT_FILE"
}

azurite_status() {
  if azurite_running; then
    echo "azurite: running on 127.0.0.1:$(cat "$AZURITE_PORT_FILE" 2>/dev/null)"
  else
    echo "azurite: stopped"
  fi
}
