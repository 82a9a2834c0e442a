#!/usr/bin/env bash
# make test: unit tests, then the end-to-end suite against real Redis and real daprd
# sidecars running the real apps. Starts (and installs, where allowed) what it needs.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

ensure_redis
ensure_xmllint
go vet ./...
go test -count=1 -timeout 20m ./...
