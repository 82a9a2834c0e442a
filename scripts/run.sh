#!/usr/bin/env bash
# make run: the whole pipeline on this machine, on the bundled samples, until Ctrl-C.
# PROFILE (default local) picks the components, components/<PROFILE>: local (Redis
# Streams, local folders), azurite (Azure Blob Storage on Azurite with blob-created
# events, Redis Streams), rabbitmq (RabbitMQ, local folders). The apps are the same.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

profile=${PROFILE:-local}
[ -f "components/$profile/pubsub.yaml" ] ||
  { echo "no component profile '$profile' (components/$profile/); try local, azurite or rabbitmq" >&2; exit 2; }
ensure_redis
case $profile in
  azurite) ensure_azurite ;;
  rabbitmq) ensure_rabbitmq ;;
esac
ensure_tokens
# The tracker's login for people (its page, API and outputs; internal/userauth), new each run.
export CHOREO_TRACKER_TOKEN="${CHOREO_TRACKER_TOKEN:-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')}"
# bin/choreo in another terminal needs the same tokens: `source .tmp/tokens.env`. The file
# is the user's alone; the console and the logs never show the secrets.
mkdir -p .tmp && (umask 077 && printf 'export DAPR_API_TOKEN=%s\nexport CHOREO_TRACKER_TOKEN=%s\n' \
  "$DAPR_API_TOKEN" "$CHOREO_TRACKER_TOKEN" > .tmp/tokens.env) && chmod 600 .tmp/tokens.env
mkdir -p data/{inbox,outbox,rejected,archive,staging,quarantine,notifications}
# Traces: Jaeger (scripts/jaeger.sh) takes the apps' and the sidecars' spans over OTLP;
# both read OTEL_EXPORTER_OTLP_ENDPOINT (daprd when its Configuration names no exporter,
# as config/local.yaml does), so `dapr run -f .` without it exports nothing. The tracker
# links each file to its trace. TRACING=off runs without Jaeger.
jaeger_pid=
if [ "${TRACING:-on}" = off ]; then
  :
elif jaeger_pid=$(scripts/jaeger.sh start); then
  trap '[ -z "$jaeger_pid" ] || kill "$jaeger_pid" 2>/dev/null' EXIT
  export OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4317 OTEL_EXPORTER_OTLP_INSECURE=true
  export CHOREO_TRACE_URL="http://127.0.0.1:16686/api/traces/{trace_id}"
  echo "traces: Jaeger, 127.0.0.1:16686/api/traces/<trace id> (each file's link is on its tracker page); its log: .tmp/logs/jaeger.log"
else
  echo "traces: Jaeger did not start (see above); running without traces" >&2
fi

# dapr.yaml names components/local; other profiles replace it with --resources-path,
# which the Dapr CLI lacks: they run under bin/launch.
launch_args=(-f dapr.yaml)
[ "$profile" = local ] || launch_args+=(--resources-path "components/$profile")
echo "profile $profile: components/$profile"
# The console shows outcomes, warnings and errors; every line of every app and sidecar
# goes to .tmp/logs/apps.log. The filter ignores Ctrl-C: it ends when the apps' output does.
mkdir -p .tmp/logs && : > .tmp/logs/apps.log
quiet() {
  trap '' INT TERM
  tee -a .tmp/logs/apps.log | grep --line-buffered -E '^launch:|"level":"(WARN|ERROR)"|level=(error|fatal)'
}
echo "every app's and sidecar's log: .tmp/logs/apps.log"
if [ "$profile" = local ] && command -v dapr >/dev/null && [ "${CHOREO_LAUNCHER:-}" != builtin ]; then
  echo "Dapr CLI found: starting the apps with 'dapr run -f .'"
  dapr run -f . > >(quiet) &
else
  bin/launch "${launch_args[@]}" > >(quiet) &
fi
runner=$!
trap 'kill -INT $runner 2>/dev/null; wait $runner 2>/dev/null; kill $watcher 2>/dev/null; exit 0' INT TERM

# Wait for every sidecar to report healthy (it does once its app is reachable).
for port in $(awk '/daprHTTPPort:/ {print $2}' dapr.yaml); do
  for _ in $(seq 600); do
    curl -fs -o /dev/null "http://127.0.0.1:$port/v1.0/healthz" && break
    kill -0 $runner 2>/dev/null || { echo "the apps did not start; see the log above and .tmp/logs/apps.log" >&2; exit 1; }
    sleep 0.1
  done
done

# dapr.yaml's refdata-loader job loads the senders of refdata/sample.json (the Dapr CLI
# does not wait for it): wait until the table holds them, so no sample meets an empty one.
refdata_loaded() { bin/choreo refdata diff --dapr-grpc 127.0.0.1:5102 refdata/sample.json >/dev/null 2>&1; }
for _ in $(seq 300); do refdata_loaded && break; sleep 0.2; done
refdata_loaded || { echo "the reference table was not loaded; see refdata-loader's lines above" >&2; kill -INT $runner; wait $runner; exit 1; }
echo "tracker page: http://127.0.0.1:7005/ (any user name; the password is CHOREO_TRACKER_TOKEN in .tmp/tokens.env)"
bin/choreo watch --final &
watcher=$!
# fresh_samples copies the samples into .tmp/samples with a fresh file reference (the
# header's, plus -R and this run's time) and prints that folder. A sender's reference is
# unique for ever, so the same samples again would all be rejected DUPLICATE_FILE; with
# their own references every run processes them anew. Only the header's reference
# changes: lines, totals, line endings and the rejected samples' faults stay as they are.
fresh_samples() {
  local dir=.tmp/samples stamp f
  stamp=R$(date -u +%y%m%d%H%M%S)
  rm -rf "$dir" && mkdir -p "$dir"
  for f in samples/*.csv; do
    LC_ALL=C sed "1s/^\(H,[^,]*,[^,]*\)/\1-$stamp/" "$f" > "$dir/${f##*/}"
  done
  echo "$dir"
}
# As a customer would: into data/inbox/ under a hidden name, then renamed; on Azurite a
# Put Blob plus the blob-created event Event Grid would send (choreo upload --help).
bin/choreo upload --resources "components/$profile" "$(fresh_samples)"/*.csv
if [ "$profile" = azurite ]; then
  echo "uploaded the samples to Azurite; upload more with 'bin/choreo upload --resources components/azurite FILE'; Ctrl-C stops everything"
else
  echo "dropped $(ls samples/*.csv | wc -l) sample files into data/inbox/; drop more there; Ctrl-C stops everything"
fi
# The second choreography, the order fan-out (its components are in components/local).
if [ "$profile" = local ]; then
  scripts/orders-demo.sh || echo "the sample orders did not go through; see the log above" >&2
fi
wait $runner
