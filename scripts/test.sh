#!/usr/bin/env bash
# make test: unit tests, then the end-to-end suite against real Redis and real daprd
# sidecars running the real apps, on every component profile in CHOREO_PROFILES (default
# all three: local, azurite, rabbitmq), then the short fault-injection run (make
# chaos-short: 40 files, kill -9 of every app and sidecar, a Redis crash, 20 s of crash
# loops; then partitions:
# the replica sets as pods, one cut off Redis for 30 s, Redis off everyone for 10 s;
# CHOREO_CHAOS=0 leaves it out). Starts (and installs, where allowed) what they need.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

export CHOREO_PROFILES="${CHOREO_PROFILES:-local azurite rabbitmq}"
ensure_redis
case " $CHOREO_PROFILES " in *" azurite "*) ensure_azurite ;; esac
case " $CHOREO_PROFILES " in *" rabbitmq "*) ensure_rabbitmq ;; esac
ensure_xmllint
ensure_iproute2
ensure_node_deps
ensure_chromium
ensure_promtool
echo "end-to-end profiles: $CHOREO_PROFILES"
go vet ./...
(cd apps/notifier && npm test --silent)
go test -count=1 -timeout 45m ./...
if [ "${CHOREO_CHAOS:-1}" != 0 ]; then
  # -v: the faults as they strike and the figures at the end, pass or fail.
  CHAOS_FILES=40 CHAOS_LOOP=20s go test -tags chaos -count=1 -timeout 20m -v -run 'TestFaultInjection|TestPartitions' ./chaos/
fi
