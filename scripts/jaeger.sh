#!/usr/bin/env bash
# The trace backend of make run: Jaeger (v2, all-in-one) built once from the Go module
# proxy into bin/jaeger through tools/jaeger (about 15 minutes and 85 MB, once; the build
# cache makes later builds seconds), run with config/jaeger.yaml: OTLP on 127.0.0.1:4317
# (gRPC) and 4318 (HTTP), its query API on 127.0.0.1:16686, traces kept in memory.
#   scripts/jaeger.sh build   make sure bin/jaeger is there
#   scripts/jaeger.sh start   build, then start it unless something listens on 4317
#                             already (that one is used); logs in .tmp/logs/jaeger.log.
#                             Prints the pid of the Jaeger it started, nothing otherwise.
# The Go module carries no UI assets (Jaeger's release images add them): 16686 serves
# the HTTP API, /api/traces/<trace id> and /api/services, and a placeholder page.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
version=v1.75.0 # tools/jaeger/go.mod pins it
stamp=bin/.jaeger-build

build() {
  [ -x bin/jaeger ] && [ "$(cat "$stamp" 2>/dev/null)" = "$version" ] && return
  echo "jaeger: building Jaeger $version from the Go module proxy into bin/jaeger (about 15 minutes, once)" >&2
  mkdir -p bin
  (cd tools/jaeger && go build -trimpath -ldflags "-s -w" -o ../../bin/jaeger github.com/jaegertracing/jaeger/cmd/jaeger)
  echo "$version" > "$stamp"
}

start() {
  build
  listening 4317 && return # a collector or Jaeger of the user's own takes the spans
  mkdir -p .tmp/logs
  # In a session of its own, so Ctrl-C on make run does not reach it: the sidecars send
  # their last spans while they stop, and run.sh stops Jaeger after them.
  setsid bin/jaeger --config config/jaeger.yaml > .tmp/logs/jaeger.log 2>&1 &
  local pid=$!
  for _ in $(seq 300); do
    curl -fs -o /dev/null http://127.0.0.1:13133/status && listening 4317 && { echo "$pid"; return; }
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "jaeger did not start; see .tmp/logs/jaeger.log" >&2
  kill "$pid" 2>/dev/null || true
  return 1
}

case ${1:-} in
  build) build ;;
  start) start ;;
  *) echo "usage: scripts/jaeger.sh build|start" >&2; exit 2 ;;
esac
