#!/usr/bin/env bash
# make bench / make bench-short: the benchmark of docs/performance.md. It starts its own
# redis-server (a free port, no persistence), so only the binary is needed here.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
command -v redis-server >/dev/null || apt_install redis-server
exec go run ./bench/cmd/bench "$@"
