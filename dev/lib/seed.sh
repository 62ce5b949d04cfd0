# shellcheck shell=bash
# --seed: a demo dataset loaded through the platform's public APIs, as the bank, the agencies and
# the crisis feeds would send it. DataGen writes it (synthetic people only; deterministic, so a
# second seed posts the same bytes and every batch answers with the batch it already has).

DATAGEN_DLL="$DEV_REPO_ROOT/tools/WelfarePlatform.DataGen/bin/Release/net10.0/welfare-datagen.dll"
SEED_PEOPLE="${WELFARE_DEV_SEED_PEOPLE:-100000}"
SEED_AS_OF=2022-11-30

# json_field JSON FIELD: one top-level field of a JSON object (node is installed with the runner).
json_field() { node -e 'const o = JSON.parse(process.argv[1]); const v = o[process.argv[2]]; console.log(typeof v === "object" ? JSON.stringify(v) : (v ?? ""))' "$1" "$2"; }

endpoint_token() { node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1])).tokens[process.argv[2]] ?? "")' "$DEV_DIR/endpoints.json" "$1"; }

# seed_post_batch KIND SOURCE FILE: posts a batch file and waits until it is loaded.
seed_post_batch() {
  local kind=$1 source=$2 file=$3 url answer status batch started=$SECONDS
  url="$(service_url registration-ingest)"
  answer="$(curl -sS --fail-with-body -X POST "$url/api/batches/$kind?source=$source&asOf=$SEED_AS_OF" \
    -H "Authorization: Bearer $(endpoint_token ingest)" -H 'Content-Type: text/csv' --data-binary "@$file")" \
    || die "posting $(basename "$file") failed: $answer"
  batch="$(json_field "$answer" batchId)"
  while :; do
    status="$(curl -sS "$url/api/batches/$batch" -H "Authorization: Bearer $(endpoint_token ingest)")"
    case "$(json_field "$status" status)" in
      completed)
        info "$(basename "$file"): $(json_field "$status" rowsAccepted) rows loaded, $(json_field "$status" rowsRejected) rejected ($((SECONDS - started)) s)"
        return 0 ;;
      failed) die "$(basename "$file") failed to load: $(json_field "$status" error)" ;;
    esac
    ((SECONDS - started < 600)) || die "$(basename "$file") was not loaded within 10 minutes (batch $batch)"
    sleep 1
  done
}

# seed_post_feed PATH CONTENT_TYPE FILE: posts a feed to external-data.
seed_post_feed() {
  local path=$1 type=$2 file=$3 answer
  answer="$(curl -sS --fail-with-body -X POST "$(service_url external-data)$path" \
    -H "Authorization: Bearer $(endpoint_token ingest)" -H "Content-Type: $type" --data-binary "@$file")" \
    || die "posting $(basename "$file") to external-data $path failed: $answer"
  info "$(basename "$file"): posted to external-data $path"
}

seed_demo_data() {
  local out="$DEV_DIR/demo" file source started=$SECONDS
  [[ -f "$DATAGEN_DLL" ]] || die "the data generator is not built ($DATAGEN_DLL); run ./dev/run without --no-build"
  step "Seed: generating $SEED_PEOPLE synthetic registrants with evidence, payments and crisis feeds (.dev/demo)"
  # Payments from March 2021 (the Delta wave and its relief) keep the demo to about 2 million payment rows.
  dotnet "$DATAGEN_DLL" all --people "$SEED_PEOPLE" --seed 1 --as-of "$SEED_AS_OF" --payments-from 2021-03-01 --out "$out" >"$DEV_LOG_DIR/seed.log" 2>&1 \
    || { show_log_tail "$DEV_LOG_DIR/seed.log"; die "the data generator failed"; }
  step "Seed: loading through the public APIs"
  seed_post_batch registrations ktb "$out/registrations.csv"
  for file in "$out"/evidence-*.csv; do
    source="$(basename "$file" .csv)"
    seed_post_batch evidence "${source#evidence-}" "$file"
  done
  seed_post_batch payments ktb "$out/payments.csv"
  seed_post_feed /api/feeds/covid-cases application/json "$out/covid-cases.json"
  seed_post_feed /api/feeds/disasters text/csv "$out/disasters.csv"
  step "Seed: done in $((SECONDS - started)) s"
}
