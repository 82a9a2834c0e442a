#!/usr/bin/env bash
# make run: the whole pipeline on this machine, on the bundled samples, until Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

ensure_redis
ensure_tokens
mkdir -p data/{inbox,outbox,rejected,archive,staging,quarantine}

launch_args=(-f dapr.yaml)
if command -v dapr >/dev/null && [ "${CHOREO_LAUNCHER:-}" != builtin ]; then
  echo "Dapr CLI found: starting the apps with 'dapr run -f .'"
  dapr run -f . &
else
  bin/launch "${launch_args[@]}" &
fi
runner=$!
trap 'kill -INT $runner 2>/dev/null; wait $runner 2>/dev/null; kill $watcher 2>/dev/null; exit 0' INT TERM

# Wait for every sidecar to report healthy (it does once its app is reachable).
for port in 3501 3502 3503 3504 3505; do
  for _ in $(seq 600); do
    curl -fs -o /dev/null "http://127.0.0.1:$port/v1.0/healthz" && break
    kill -0 $runner 2>/dev/null || { echo "the apps did not start; see the log above" >&2; exit 1; }
    sleep 0.1
  done
done

bin/choreo refdata load --dapr-grpc 127.0.0.1:50002 refdata/sample.json
bin/choreo watch --data data --since-start &
watcher=$!
for f in samples/*.csv; do
  # Write under a hidden name, then rename: intake never sees a half-written file.
  cp "$f" "data/inbox/.$(basename "$f").part" && mv "data/inbox/.$(basename "$f").part" "data/inbox/$(basename "$f")"
done
echo "dropped $(ls samples/*.csv | wc -l) sample files into data/inbox/; drop more there; Ctrl-C stops everything"
wait $runner
