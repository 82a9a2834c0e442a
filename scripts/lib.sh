# Shared by run.sh, test.sh and .ci/run: start the infrastructure a run needs.

# listening PORT: true when something accepts TCP connections on 127.0.0.1:PORT.
listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# apt_install PKG...: installs Debian packages when we are allowed to (root, apt-get).
apt_install() {
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "installing $* (Debian packages)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >/dev/null ||
      { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >/dev/null; }
  else
    echo "missing: $*. Install it, e.g.: sudo apt-get install -y $*" >&2
    return 1
  fi
}

# ensure_redis: Redis on 127.0.0.1:6379, started (and installed) when nothing listens.
# It persists every write to its append-only file (fsync every second): claims, ledgers
# and consumer groups live only in Redis, and the no-loss guarantees hold across its
# restarts only if it keeps them (README, "Proven under faults").
ensure_redis() {
  listening 6379 && return 0
  command -v redis-server >/dev/null || apt_install redis-server || return 1
  mkdir -p .tmp/redis
  echo "starting redis-server on 127.0.0.1:6379 (logs in .tmp/redis/redis.log)"
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly yes --appendfsync everysec \
    --dir "$PWD/.tmp/redis" --logfile "$PWD/.tmp/redis/redis.log"
  for _ in $(seq 50); do listening 6379 && return 0; sleep 0.1; done
  echo "redis-server did not start; see .tmp/redis/redis.log" >&2
  return 1
}

# ensure_xmllint: xmllint validates File B against the pain.001 schema in tests.
ensure_xmllint() { command -v xmllint >/dev/null || apt_install libxml2-utils; }

# ensure_iproute2: `ip netns` and veth pairs, with which e2e/listen_test.go runs an app and
# its sidecar in a network namespace of their own, as in a container (it needs root).
ensure_iproute2() { command -v ip >/dev/null || apt_install iproute2; }

# ensure_chromium: Debian's Chromium, which the browser test of the tracker page drives
# headless (e2e/page_test.go).
ensure_chromium() { command -v chromium >/dev/null || apt_install chromium; }

# ensure_promtool: promtool checks and unit-tests the alert rules (deploy/monitoring_test.go).
# It ships in Debian's prometheus package, but installing that package starts a Prometheus
# server on port 9090 (its systemd unit and init script), where a daprd's metrics port
# defaults to: so only promtool is taken out of the package, into bin/promtool.
ensure_promtool() {
  if command -v promtool >/dev/null || [ -x bin/promtool ]; then return 0; fi
  if ! command -v apt-get >/dev/null; then
    echo "missing: promtool. Take it from a Prometheus release (https://prometheus.io/download/) into bin/" >&2
    return 1
  fi
  local dir=.tmp/promtool
  rm -rf "$dir" && mkdir -p "$dir" bin
  echo "fetching promtool (Debian's prometheus package, promtool only)"
  (cd "$dir" && apt-get download -q prometheus >/dev/null 2>&1) ||
    { [ "$(id -u)" = 0 ] && apt-get update -q >/dev/null && (cd "$dir" && apt-get download -q prometheus >/dev/null 2>&1); } ||
    { echo "cannot download Debian's prometheus package: run 'sudo apt-get update', or put promtool in bin/" >&2; return 1; }
  dpkg-deb --fsys-tarfile "$dir"/prometheus_*.deb | tar -xO ./usr/bin/promtool >bin/promtool.part &&
    chmod +x bin/promtool.part && mv bin/promtool.part bin/promtool && rm -rf "$dir"
}

# ensure_tokens: the app and its sidecar authenticate each other with these.
ensure_tokens() {
  export APP_API_TOKEN="${APP_API_TOKEN:-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')}"
  export DAPR_API_TOKEN="${DAPR_API_TOKEN:-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')}"
}

# ensure_azurite: Azurite, the Azure Storage emulator (blob on 127.0.0.1:10000, queue on
# :10001), for the azurite profile. The npm package is pinned in tools/azurite
# (package.json + package-lock.json) and installed there; its data and log are in
# .tmp/azurite. Started in the background when nothing listens on 10000; it stays up
# after the run, like Redis.
ensure_azurite() {
  stop_orphaned_azurite
  listening 10000 && listening 10001 && return 0
  if listening 10000 || listening 10001; then
    echo "only one of 127.0.0.1:10000 and :10001 answers: stop what holds it, or start Azurite with both" >&2
    return 1
  fi
  command -v npm >/dev/null || apt_install nodejs npm || return 1
  if [ ! -x tools/azurite/node_modules/.bin/azurite ]; then
    echo "installing Azurite (npm, pinned in tools/azurite/package-lock.json)"
    (cd tools/azurite && npm ci --no-audit --no-fund --loglevel=error) || return 1
  fi
  mkdir -p .tmp/azurite
  echo "starting Azurite on 127.0.0.1:10000 (blob) and :10001 (queue) (logs in .tmp/azurite/azurite.log)"
  nohup tools/azurite/node_modules/.bin/azurite --location "$PWD/.tmp/azurite" \
    --blobHost 127.0.0.1 --blobPort 10000 --queueHost 127.0.0.1 --queuePort 10001 \
    --tableHost 127.0.0.1 --tablePort 10002 --skipApiVersionCheck --disableTelemetry --loose --silent \
    >"$PWD/.tmp/azurite/azurite.log" 2>&1 </dev/null &
  for _ in $(seq 300); do listening 10000 && listening 10001 && return 0; sleep 0.1; done
  echo "Azurite did not start; see .tmp/azurite/azurite.log" >&2
  return 1
}

# stop_orphaned_azurite: an Azurite started from a checkout that has since been deleted
# (CI clones anew each run) still answers on its ports but fails every write with 500;
# stop it so that ensure_azurite starts one over this checkout.
stop_orphaned_azurite() {
  local pid args loc
  while read -r pid args; do
    loc=$(sed -n 's/.*--location \([^ ]*\).*/\1/p' <<<"$args")
    [ -n "$loc" ] && [ ! -d "$loc" ] || continue
    echo "stopping Azurite $pid: its folder $loc is gone"
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 100); do listening 10000 || break; sleep 0.1; done
  done < <(pgrep -af 'azurite --location' || true)
}

# ensure_rabbitmq: RabbitMQ on 127.0.0.1:5672 for the rabbitmq profile, installed (Debian
# rabbitmq-server) and started (rabbitmq-server -detached) when nothing listens there,
# with its management API on :15672 (the tests give each pipeline a virtual host through
# it). RabbitMQ drops what is published to an exchange no queue is bound to, and the
# topics only people read (the keeper's and the tracker's dead letters: events.Operator
# in internal/events) have no subscriber: a policy gives every deadletter.* exchange the
# alternate exchange operator.deadletters, whose durable queue keeps such messages for a
# person (internal/testpipe/rabbitmq.go does the same per test vhost).
ensure_rabbitmq() {
  if ! listening 5672; then
    command -v rabbitmq-server >/dev/null || apt_install rabbitmq-server || return 1
    echo "starting rabbitmq-server on 127.0.0.1:5672"
    rabbitmq-server -detached
    for _ in $(seq 600); do listening 5672 && break; sleep 0.1; done
    listening 5672 || { echo "rabbitmq-server did not start; see /var/log/rabbitmq/" >&2; return 1; }
  fi
  if ! listening 15672; then
    echo "enabling RabbitMQ's management API on 127.0.0.1:15672"
    rabbitmq-plugins enable rabbitmq_management >/dev/null ||
      { echo "cannot enable rabbitmq_management: run 'rabbitmq-plugins enable rabbitmq_management' as root" >&2; return 1; }
    for _ in $(seq 300); do listening 15672 && break; sleep 0.1; done
  fi
  local api=http://127.0.0.1:15672/api q=operator.deadletters
  for _ in $(seq 100); do curl -fs -o /dev/null -u guest:guest "$api/overview" && break; sleep 0.1; done
  rabbit_api PUT "/exchanges/%2F/$q" '{"type":"fanout","durable":true}' &&
    rabbit_api PUT "/queues/%2F/$q" '{"durable":true}' &&
    rabbit_api POST "/bindings/%2F/e/$q/q/$q" '{}' &&
    rabbit_api PUT /policies/%2F/unread-deadletters \
      '{"pattern":"^deadletter\\.","apply-to":"exchanges","definition":{"alternate-exchange":"'$q'"}}' ||
    { echo "cannot set up $q on RabbitMQ" >&2; return 1; }
}

# rabbit_api METHOD PATH JSON: one call to RabbitMQ's management API as guest.
rabbit_api() {
  curl -fsS -o /dev/null -u guest:guest -X "$1" -H 'content-type: application/json' -d "$3" "http://127.0.0.1:15672/api$2"
}

# ensure_node_deps: Node.js at least the floor of the notifier's package.json (engines.node;
# Debian nodejs and npm when missing, which is too old on Debian 12) and the npm packages
# of the notifier, the step written in JavaScript: `npm ci` in apps/notifier from its
# package-lock.json when node_modules is missing or older than the lock file.
ensure_node_deps() {
  { command -v node >/dev/null && command -v npm >/dev/null; } || apt_install nodejs npm || return 1
  local floor dir=apps/notifier
  # major.minor: the OpenTelemetry packages the notifier pins need 20.6, not just 20.
  floor=$(node -p "require('./$dir/package.json').engines.node.match(/[0-9]+(\\.[0-9]+)?/)[0]")
  node -e "const [a, b] = process.versions.node.split('.').map(Number), [c, d = 0] = '$floor'.split('.').map(Number);
    process.exit(a > c || (a === c && b >= d) ? 0 : 1)" || {
    echo "apps/notifier needs Node.js $floor or later (found $(node --version)): install it from https://nodejs.org/en/download" >&2
    return 1
  }
  if [ ! -f $dir/node_modules/.package-lock.json ] || [ $dir/package-lock.json -nt $dir/node_modules/.package-lock.json ]; then
    echo "installing the notifier's npm packages (npm ci in $dir, pinned by its package-lock.json)"
    (cd $dir && npm ci --no-audit --no-fund --loglevel=error) || return 1
  fi
}
