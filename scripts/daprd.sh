#!/usr/bin/env bash
# Makes sure a daprd of the pinned version exists: $DAPRD, ~/.dapr/bin/daprd (dapr init), or
# bin/daprd built from the Go module proxy through tools/daprd (about 3 minutes on 2 cores).
set -euo pipefail
cd "$(dirname "$0")/.."
want=$1
for d in "${DAPRD:-}" "$HOME/.dapr/bin/daprd" bin/daprd; do
  if [ -n "$d" ] && [ -x "$d" ]; then
    have=$("$d" --version 2>/dev/null || true)
    if [ "$d" != bin/daprd ] || [ "$have" = "$want" ]; then
      [ "$have" = "$want" ] || echo "daprd: using $d ($have; this project is tested with $want)"
      exit 0
    fi
  fi
done
echo "daprd: building Dapr $want from the Go module proxy into bin/daprd (a few minutes, once)"
mkdir -p bin
(cd tools/daprd && go build -tags stablecomponents -trimpath \
  -ldflags "-s -w -X github.com/dapr/dapr/pkg/buildinfo.version=$want" \
  -o ../../bin/daprd github.com/dapr/dapr/cmd/daprd)
bin/daprd --version
