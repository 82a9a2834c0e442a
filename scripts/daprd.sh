#!/usr/bin/env bash
# Makes sure a daprd of the pinned version exists: $DAPRD, ~/.dapr/bin/daprd (dapr init), or
# bin/daprd built from the Go module proxy through tools/daprd (a few minutes, once).
#
# DAPRD_BUILD picks what bin/daprd is built as:
#   slim (default)  daprd with only the components this project's profiles use
#                   (tools/daprd/slim): 74 MB instead of 130 MB, and each sidecar's
#                   resident memory at rest about half (docs/performance.md).
#   full            Dapr's stablecomponents build: any component type loads, for trying a
#                   broker or store this project does not ship YAML for.
set -euo pipefail
cd "$(dirname "$0")/.."
want=$1
kind=${DAPRD_BUILD:-slim}
case $kind in
  slim | full) ;;
  *) echo "daprd: DAPRD_BUILD=$kind: want slim or full" >&2; exit 2 ;;
esac
stamp=bin/.daprd-build
for d in "${DAPRD:-}" "$HOME/.dapr/bin/daprd" bin/daprd; do
  if [ -n "$d" ] && [ -x "$d" ]; then
    have=$("$d" --version 2>/dev/null || true)
    if [ "$d" != bin/daprd ]; then
      [ "$have" = "$want" ] || echo "daprd: using $d ($have; this project is tested with $want)"
      exit 0
    fi
    if [ "$have" = "$want" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$kind" ]; then
      exit 0
    fi
  fi
done
mkdir -p bin
ldflags="-s -w -X github.com/dapr/dapr/pkg/buildinfo.version=$want"
if [ "$kind" = full ]; then
  echo "daprd: building Dapr $want (all stable components) from the Go module proxy into bin/daprd (a few minutes, once)"
  (cd tools/daprd && go build -tags stablecomponents -trimpath -ldflags "$ldflags" \
    -o ../../bin/daprd github.com/dapr/dapr/cmd/daprd)
else
  echo "daprd: building Dapr $want (this project's components) from the Go module proxy into bin/daprd (a few minutes, once)"
  # Dapr's cmd/daprd/components registers every component under the build tags
  # stablecomponents/allcomponents, and its zz_notag.go panics when neither is set. The
  # slim build takes the pinned module as the proxy served it, in a scratch copy with
  # that one guard file emptied, and registers its own list (tools/daprd/slim/main.go).
  src=$(cd tools/daprd && go mod download github.com/dapr/dapr && go list -m -f '{{.Dir}}' github.com/dapr/dapr)
  [ -d "$src" ] || { echo "daprd: github.com/dapr/dapr not in the module cache" >&2; exit 1; }
  work=.tmp/daprd-build
  rm -rf "$work" && mkdir -p "$work/build"
  cp -r "$src" "$work/dapr" && chmod -R u+w "$work/dapr"
  cp tools/daprd/slim/no-components.overlay "$work/dapr/cmd/daprd/components/zz_notag.go"
  cp tools/daprd/go.mod tools/daprd/go.sum "$work/build/" && cp -r tools/daprd/slim "$work/build/"
  (cd "$work/build" && go mod edit -replace "github.com/dapr/dapr=../dapr" &&
    go build -trimpath -ldflags "$ldflags" -o ../../../bin/daprd ./slim)
  rm -rf "$work"
fi
echo "$kind" > "$stamp"
bin/daprd --version
