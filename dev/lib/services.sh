# shellcheck shell=bash
# The five WelfarePlatform services for the local runner: build once, start each from its
# built dll on 127.0.0.1 with the configuration an Aspire AppHost would inject, wait for
# /health. Needs common.sh, load_secrets, postgres.sh, rabbitmq.sh and azurite.sh.

# resource name | folder under services/ | assembly | database
SERVICE_TABLE="
registration-ingest RegistrationIngest WelfarePlatform.RegistrationIngest registrydb
eligibility         Eligibility        WelfarePlatform.Eligibility        eligibilitydb
external-data       ExternalData       WelfarePlatform.ExternalData       externaldb
dashboard-api       DashboardApi       WelfarePlatform.DashboardApi       dashboarddb
sharing-request     SharingRequest     WelfarePlatform.SharingRequest     sharingdb
"
SERVICE_NAMES=()
declare -A SERVICE_FOLDER=() SERVICE_ASSEMBLY=() SERVICE_DB=() SERVICE_PORT=()
# Services that hash national IDs into pids (ARCHITECTURE.md section 4).
declare -A SERVICE_NEEDS_PID_KEY=([registration-ingest]=1 [eligibility]=1)

DEV_BUILD_CONFIGURATION=Release
DEV_TFM=net10.0
BUILD_LOG="$DEV_LOG_DIR/build.log"
DEVTOKENS_DLL="$DEV_REPO_ROOT/tools/WelfarePlatform.DevTokens/bin/$DEV_BUILD_CONFIGURATION/$DEV_TFM/WelfarePlatform.DevTokens.dll"
DEVTOKENS_PROJECT="$DEV_REPO_ROOT/tools/WelfarePlatform.DevTokens/WelfarePlatform.DevTokens.csproj"

load_service_table() {
  local name folder assembly db index=0
  while read -r name folder assembly db; do
    [[ -n "$name" ]] || continue
    SERVICE_NAMES+=("$name")
    SERVICE_FOLDER[$name]="$folder"
    SERVICE_ASSEMBLY[$name]="$assembly"
    SERVICE_DB[$name]="$db"
    SERVICE_PORT[$name]="$((DEV_SERVICE_PORT_BASE + index))"
    index=$((index + 1))
  done <<<"$SERVICE_TABLE"
}
load_service_table

service_url() { echo "http://127.0.0.1:${SERVICE_PORT[$1]}"; }
service_project_dir() { echo "$DEV_REPO_ROOT/services/${SERVICE_FOLDER[$1]}"; }
service_dll() { echo "$(service_project_dir "$1")/bin/$DEV_BUILD_CONFIGURATION/$DEV_TFM/${SERVICE_ASSEMBLY[$1]}.dll"; }
service_log() { echo "$DEV_LOG_DIR/$1.log"; }
service_pid_file() { echo "$DEV_RUN_DIR/service-$1.pid"; }

solution_file() {
  local candidate
  for candidate in WelfarePlatform.sln WelfarePlatform.slnx; do
    [[ -f "$DEV_REPO_ROOT/$candidate" ]] && { echo "$DEV_REPO_ROOT/$candidate"; return 0; }
  done
  return 1
}

# ---------------------------------------------------------------------------
# Build

# Builds in the background so the infrastructure starts meanwhile; services_build_wait joins it.
services_build_start() {
  local sln
  sln="$(solution_file)" || die "no WelfarePlatform.sln (or .slnx) in $DEV_REPO_ROOT"
  step "Build: dotnet build ${sln#"$DEV_REPO_ROOT"/} -c $DEV_BUILD_CONFIGURATION, in the background (log: ${BUILD_LOG#"$DEV_REPO_ROOT"/})"
  : >"$BUILD_LOG"
  # Monitor mode puts the build in its own process group, so it can be stopped as a whole.
  set -m
  (
    export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
    cd "$DEV_REPO_ROOT"
    # -nodeReuse:false and no shared compiler server: the build leaves no processes behind.
    dotnet build "$sln" -c "$DEV_BUILD_CONFIGURATION" -nologo -v quiet -clp:ErrorsOnly \
      -nodeReuse:false -p:UseSharedCompilation=false
    if [[ ! -f "$DEVTOKENS_DLL" && -f "$DEVTOKENS_PROJECT" ]]; then
      dotnet build "$DEVTOKENS_PROJECT" -c "$DEV_BUILD_CONFIGURATION" -nologo -v quiet -clp:ErrorsOnly \
        -nodeReuse:false -p:UseSharedCompilation=false
    fi
  ) >>"$BUILD_LOG" 2>&1 </dev/null 9>&- 8>&- 7>&- &
  DEV_BUILD_PID=$!
  set +m
}

services_build_wait() {
  [[ -n "${DEV_BUILD_PID:-}" ]] || return 0
  local pid="$DEV_BUILD_PID" rc=0
  if pid_alive "$pid"; then step "Build: waiting for dotnet build to finish"; fi
  wait "$pid" || rc=$?
  DEV_BUILD_PID=""
  if ((rc != 0)); then
    show_log_tail "$BUILD_LOG" 30
    die "dotnet build failed (exit $rc); see $BUILD_LOG"
  fi
  step "Build: done"
}

services_build_abort() {
  [[ -n "${DEV_BUILD_PID:-}" ]] || return 0
  if pid_alive "$DEV_BUILD_PID"; then step "Build: stopping dotnet build"; fi
  stop_process "$DEV_BUILD_PID" "dotnet build" 10
  DEV_BUILD_PID=""
}

services_check_built() {
  local name missing=()
  for name in "${SERVICE_NAMES[@]}"; do
    [[ -f "$(service_dll "$name")" ]] || missing+=("$(service_dll "$name")")
  done
  if ((${#missing[@]})); then
    die "not built: ${missing[*]}
       Is every service project in the solution? Run without --no-build, or see $BUILD_LOG"
  fi
}

# ---------------------------------------------------------------------------
# Start / stop

# Environment an Aspire AppHost would give the service $1, one NAME=VALUE per line.
service_environment() {
  local name="$1" other
  echo "ASPNETCORE_URLS=$(service_url "$name")"
  echo "ASPNETCORE_ENVIRONMENT=Development"
  echo "DOTNET_ENVIRONMENT=Development"
  echo "OTEL_SERVICE_NAME=$name"
  echo "ConnectionStrings__${SERVICE_DB[$name]}=$(pg_connection_string "${SERVICE_DB[$name]}")"
  echo "ConnectionStrings__messaging=$(amqp_url)"
  echo "ConnectionStrings__blobs=$(blobs_connection_string)"
  for other in "${SERVICE_NAMES[@]}"; do
    echo "services__${other}__http__0=$(service_url "$other")"
  done
  echo "Auth__SigningKey=$DEV_AUTH_SIGNING_KEY"
  echo "Auth__Issuer=welfare-platform"
  echo "Auth__Audience=welfare-platform"
  if [[ -n "${SERVICE_NEEDS_PID_KEY[$name]:-}" ]]; then
    echo "Identity__PidKey=$DEV_PID_KEY"
  fi
  if [[ "$name" == sharing-request ]]; then
    echo "Audit__HeadSigningKey=$DEV_AUDIT_HEAD_KEY"
  fi
}

service_start() {
  local name="$1" log dll
  log="$(service_log "$name")"
  dll="$(service_dll "$name")"
  require_port_free "${SERVICE_PORT[$name]}" "service $name" WELFARE_DEV_SERVICE_PORT_BASE
  [[ -f "$log" ]] && mv -f "$log" "$log.previous"
  # env, not export: names such as services__dashboard-api__http__0 are no shell identifiers.
  local environment=()
  mapfile -t environment < <(service_environment "$name")
  (
    # Content root = project folder, as under the AppHost (appsettings*.json are found there).
    cd "$(service_project_dir "$name")"
    exec setsid env DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 "${environment[@]}" dotnet "$dll"
  ) >"$log" 2>&1 </dev/null 9>&- 8>&- 7>&- &
  echo $! >"$(service_pid_file "$name")"
}

services_start() {
  local name
  step "Services: starting ${SERVICE_NAMES[*]} (logs: ${DEV_LOG_DIR#"$DEV_REPO_ROOT"/}/<name>.log)"
  for name in "${SERVICE_NAMES[@]}"; do service_start "$name"; done
}

# Stops the services a run of this checkout started, whether or not their pid files survive.
services_stop() {
  local name pid
  declare -A running=()
  for name in "${SERVICE_NAMES[@]}"; do
    pid="$(read_pid_file "$(service_pid_file "$name")")"
    if ! pid_is_ours "$pid"; then
      pid="$(port_listener_pid "${SERVICE_PORT[$name]}")"
      [[ -n "$pid" && "$(pid_cmdline "$pid")" == *"$DEV_REPO_ROOT/"*.dll* ]] || pid=""
    fi
    [[ -n "$pid" ]] && running[$name]="$pid"
  done
  if ((${#running[@]})); then
    step "Services: stopping ${!running[*]}"
    # TERM them all first so that they shut down side by side, then wait for each.
    for pid in "${running[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true; done
    for name in "${!running[@]}"; do stop_process "${running[$name]}" "$name" 30; done
  fi
  for name in "${SERVICE_NAMES[@]}"; do rm -f "$(service_pid_file "$name")"; done
}

# Answers the HTTP status of GET /health for service $1 (000 when nothing answers).
service_health_code() {
  curl -s -o /dev/null -w '%{http_code}' --max-time 3 "$(service_url "$1")/health" || true
}

# Waits until every service answers 200 on /health, at most $1 seconds.
services_wait_healthy() {
  local timeout="$1" name pid code body
  local deadline=$((SECONDS + timeout)) started=$SECONDS
  declare -A healthy=() last_code=()
  while ((${#healthy[@]} < ${#SERVICE_NAMES[@]})); do
    for name in "${SERVICE_NAMES[@]}"; do
      [[ -n "${healthy[$name]:-}" ]] && continue
      pid="$(read_pid_file "$(service_pid_file "$name")")"
      if ! pid_alive "$pid"; then
        show_log_tail "$(service_log "$name")" 40
        die "service $name exited during start-up; see $(service_log "$name")"
      fi
      code="$(service_health_code "$name")"
      last_code[$name]="$code"
      if [[ "$code" == 200 ]]; then
        healthy[$name]=1
        step "Services: $name healthy at $(service_url "$name") ($((SECONDS - started)) s)"
      fi
    done
    ((${#healthy[@]} == ${#SERVICE_NAMES[@]})) && break
    if ((SECONDS >= deadline)); then
      for name in "${SERVICE_NAMES[@]}"; do
        [[ -n "${healthy[$name]:-}" ]] && continue
        code="${last_code[$name]:-000}"
        if [[ "$code" == 000 ]]; then code="nothing (no connection)"; else code="HTTP $code"; fi
        printf 'error: service %s is not healthy after %s s: GET %s/health answered %s\n' \
          "$name" "$timeout" "$(service_url "$name")" "$code" >&2
        body="$(curl -s --max-time 3 "$(service_url "$name")/health" 2>/dev/null | head -c 2000 || true)"
        [[ -n "$body" ]] && printf '       health answer: %s\n' "$body" >&2
        show_log_tail "$(service_log "$name")" 30
      done
      die "not every service became healthy within $timeout s (raise it with WELFARE_DEV_HEALTH_TIMEOUT=seconds)"
    fi
    sleep 1
  done
}

# Names of services whose process has gone (for the foreground watch).
services_dead() {
  local name pid
  for name in "${SERVICE_NAMES[@]}"; do
    pid="$(read_pid_file "$(service_pid_file "$name")")"
    pid_alive "$pid" || echo "$name"
  done
}

services_status() {
  local name pid
  for name in "${SERVICE_NAMES[@]}"; do
    pid="$(read_pid_file "$(service_pid_file "$name")")"
    if pid_is_ours "$pid"; then
      echo "$name: running at $(service_url "$name") (health: $(service_health_code "$name"))"
    else
      echo "$name: stopped"
    fi
  done
}

# ---------------------------------------------------------------------------
# Tokens and endpoints.json

# The web dashboard's address with the analyst token in the fragment (kept by the page in
# sessionStorage; a fragment never reaches the server), or nothing when there is no token.
dashboard_web_url() {
  local token
  token="$(node -e 'try { console.log(JSON.parse(require("fs").readFileSync(process.argv[1])).tokens.analyst ?? "") } catch { console.log("") }' "$DEV_DIR/endpoints.json")"
  [[ -n "$token" ]] && echo "$(service_url dashboard-api)/#token=$token"
}

# Role -> token JSON from the dev token tool, or {} when the tool is not built.
dev_tokens_json() {
  if [[ ! -f "$DEVTOKENS_DLL" ]]; then
    warn "dev token tool not built ($DEVTOKENS_DLL); endpoints.json gets no tokens"
    echo '{}'
    return 0
  fi
  local out
  if ! out="$(DOTNET_NOLOGO=1 dotnet "$DEVTOKENS_DLL" --signing-key "$DEV_AUTH_SIGNING_KEY" \
    --issuer welfare-platform --audience welfare-platform --all-roles 2>>"$DEV_LOG_DIR/devtokens.log")"; then
    warn "the dev token tool failed (see $DEV_LOG_DIR/devtokens.log); endpoints.json gets no tokens"
    echo '{}'
    return 0
  fi
  echo "$out"
}

# Writes .dev/endpoints.json listing the services named in the arguments.
write_endpoints_json() {
  local file="$DEV_DIR/endpoints.json" tokens name args=()
  tokens="$(dev_tokens_json)"
  for name in "$@"; do args+=("$name" "$(service_url "$name")"); done
  (umask 077 && : >"$file.tmp")
  if ! DEV_TOKENS="$tokens" DEV_PG="$(pg_url postgres)" DEV_AMQP="$(amqp_url)" \
    DEV_BLOBS="$(blobs_connection_string)" node -e '
      const [file, ...pairs] = process.argv.slice(1);
      const services = {};
      for (let i = 0; i < pairs.length; i += 2) services[pairs[i]] = pairs[i + 1];
      let tokens;
      try { tokens = JSON.parse(process.env.DEV_TOKENS); } catch (e) {
        console.error("the dev token tool did not print JSON: " + e.message); tokens = {};
      }
      const doc = { services, tokens, infrastructure: {
        postgres: process.env.DEV_PG, rabbitmq: process.env.DEV_AMQP, blobs: process.env.DEV_BLOBS } };
      require("fs").writeFileSync(file, JSON.stringify(doc, null, 2) + "\n");
    ' "$file.tmp" "${args[@]}"; then
    die "could not write $file"
  fi
  mv -f "$file.tmp" "$file"
}
