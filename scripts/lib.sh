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
ensure_redis() {
  listening 6379 && return 0
  command -v redis-server >/dev/null || apt_install redis-server || return 1
  mkdir -p .tmp/redis
  echo "starting redis-server on 127.0.0.1:6379 (logs in .tmp/redis/redis.log)"
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no \
    --dir "$PWD/.tmp/redis" --logfile "$PWD/.tmp/redis/redis.log"
  for _ in $(seq 50); do listening 6379 && return 0; sleep 0.1; done
  echo "redis-server did not start; see .tmp/redis/redis.log" >&2
  return 1
}

# ensure_xmllint: xmllint validates File B against the pain.001 schema in tests.
ensure_xmllint() { command -v xmllint >/dev/null || apt_install libxml2-utils; }

# ensure_tokens: the app and its sidecar authenticate each other with these.
ensure_tokens() {
  export APP_API_TOKEN="${APP_API_TOKEN:-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')}"
  export DAPR_API_TOKEN="${DAPR_API_TOKEN:-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')}"
}
