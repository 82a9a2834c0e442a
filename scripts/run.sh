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
# bin/choreo in another terminal needs the same token: `source .tmp/tokens.env`.
mkdir -p .tmp && printf 'export DAPR_API_TOKEN=%s\n' "$DAPR_API_TOKEN" > .tmp/tokens.env && chmod 600 .tmp/tokens.env
mkdir -p data/{inbox,outbox,rejected,archive,staging,quarantine,notifications}

# dapr.yaml names components/local; other profiles replace it with --resources-path,
# which the Dapr CLI lacks: they run under bin/launch.
launch_args=(-f dapr.yaml)
[ "$profile" = local ] || launch_args+=(--resources-path "components/$profile")
echo "profile $profile: components/$profile"
if [ "$profile" = local ] && command -v dapr >/dev/null && [ "${CHOREO_LAUNCHER:-}" != builtin ]; then
  echo "Dapr CLI found: starting the apps with 'dapr run -f .'"
  dapr run -f . &
else
  bin/launch "${launch_args[@]}" &
fi
runner=$!
trap 'kill -INT $runner 2>/dev/null; wait $runner 2>/dev/null; kill $watcher 2>/dev/null; exit 0' INT TERM

# Wait for every sidecar to report healthy (it does once its app is reachable).
for port in $(awk '/daprHTTPPort:/ {print $2}' dapr.yaml); do
  for _ in $(seq 600); do
    curl -fs -o /dev/null "http://127.0.0.1:$port/v1.0/healthz" && break
    kill -0 $runner 2>/dev/null || { echo "the apps did not start; see the log above" >&2; exit 1; }
    sleep 0.1
  done
done

# dapr.yaml's refdata-loader job loads the senders of refdata/sample.json (the Dapr CLI
# does not wait for it): wait until the table holds them, so no sample meets an empty one.
refdata_loaded() { bin/choreo refdata diff --dapr-grpc 127.0.0.1:5102 refdata/sample.json >/dev/null 2>&1; }
for _ in $(seq 300); do refdata_loaded && break; sleep 0.2; done
refdata_loaded || { echo "the reference table was not loaded; see refdata-loader's lines above" >&2; kill -INT $runner; wait $runner; exit 1; }
bin/choreo watch --final &
watcher=$!
# As a customer would: into data/inbox/ under a hidden name, then renamed; on Azurite a
# Put Blob plus the blob-created event Event Grid would send (choreo upload --help).
bin/choreo upload --resources "components/$profile" samples/*.csv
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
