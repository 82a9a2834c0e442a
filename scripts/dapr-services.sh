#!/usr/bin/env bash
# Makes sure bin/placement and bin/scheduler of the pinned Dapr version exist, built from
# the same build module as daprd (tools/daprd). Only the orchestrated variant of
# `make bench` needs them (Dapr Workflow runs on actors: placement, and on the scheduler);
# the choreography itself runs without either. A few minutes each on 2 cores, once.
#   scripts/dapr-services.sh VERSION placement|scheduler...
set -euo pipefail
cd "$(dirname "$0")/.."
want=$1
shift
mkdir -p bin
for svc in "$@"; do
  case $svc in
    placement | scheduler) ;;
    *) echo "dapr-services: unknown service $svc (want placement or scheduler)" >&2; exit 2 ;;
  esac
  # These binaries have no --version flag: the module version is in their build info.
  if [ -x "bin/$svc" ] && go version -m "bin/$svc" 2>/dev/null | grep -Eq "^\s+mod\s+github.com/dapr/dapr\s+v$want\s"; then
    continue
  fi
  echo "$svc: building Dapr $want from the Go module proxy into bin/$svc (a few minutes, once)"
  (cd tools/daprd && go build -trimpath \
    -ldflags "-s -w -X github.com/dapr/dapr/pkg/buildinfo.version=$want" \
    -o "../../bin/$svc" "github.com/dapr/dapr/cmd/$svc")
done
