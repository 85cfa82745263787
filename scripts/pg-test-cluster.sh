#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the PostgreSQL catalogue tests (tests/store_pg/).
#
#   eval "$(scripts/pg-test-cluster.sh)"        # start (or reuse) it; sets LEGATION_TEST_PG
#   scripts/pg-test-cluster.sh url              # print the URL of the running cluster
#   scripts/pg-test-cluster.sh stop             # stop it and delete its folder
#
# Needs Debian's `postgresql` package (apt-get install -y postgresql).  The cluster lives in
# $LEGATION_PG_DIR (default /tmp/legation-pg), listens on 127.0.0.1 on a free port and on a
# unix socket in that folder, trusts local connections, runs without fsync (test data only) and
# holds one database, legation_test.  Starting is idempotent: a running cluster is reused.
# Only the `export LEGATION_TEST_PG=...` line goes to stdout; progress goes to stderr.
set -euo pipefail

DIR="${LEGATION_PG_DIR:-/tmp/legation-pg}"
DATA="$DIR/data"
DB="legation_test"
ACTION="${1:-start}"

log() { echo "pg-test-cluster: $*" >&2; }

bindir() {
  local d
  if command -v pg_config >/dev/null 2>&1; then
    d="$(pg_config --bindir 2>/dev/null || true)"
    if [[ -x "$d/initdb" ]]; then echo "$d"; return; fi
  fi
  d="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  if [[ -n "$d" && -x "$d/initdb" ]]; then echo "$d"; return; fi
  log "no PostgreSQL server binaries found; install them: apt-get install -y postgresql"
  exit 1
}

# Run a server command as the cluster's owner: postgres when we are root (initdb refuses root).
as_owner() {
  if [[ "$(id -u)" == 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

url() {
  echo "postgresql://postgres@127.0.0.1:$(cat "$DIR/port")/$DB"
}

running() {
  # pg_ctl's word is not enough after a kill -9 (a stale postmaster.pid): the server must answer.
  [[ -f "$DATA/PG_VERSION" && -f "$DIR/port" ]] || return 1
  as_owner "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1 || return 1
  "$BIN/pg_isready" -q -h 127.0.0.1 -p "$(cat "$DIR/port")" -t 5 >/dev/null 2>&1
}

BIN="$(bindir)"

case "$ACTION" in
  start)
    if running; then
      log "reusing the cluster in $DIR"
    else
      mkdir -p "$DIR"
      if [[ "$(id -u)" == 0 ]]; then chown postgres: "$DIR"; fi
      if [[ -f "$DATA/postmaster.pid" ]]; then
        log "removing a stale postmaster.pid (the server that wrote it is gone)"
        as_owner "$BIN/pg_ctl" -D "$DATA" -m immediate stop >/dev/null 2>&1 || true
        rm -f "$DATA/postmaster.pid"
      fi
      if [[ ! -f "$DATA/PG_VERSION" ]]; then
        log "initdb in $DATA"
        as_owner "$BIN/initdb" -D "$DATA" -U postgres -A trust -E UTF8 --no-locale >"$DIR/initdb.log" 2>&1 \
          || { cat "$DIR/initdb.log" >&2; exit 1; }
      fi
      port="$(free_port)"
      echo "$port" >"$DIR/port"
      log "starting on 127.0.0.1:$port"
      as_owner "$BIN/pg_ctl" -D "$DATA" -l "$DIR/server.log" -w -t 60 \
        -o "-p $port -k $DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
        start >&2 || { cat "$DIR/server.log" >&2; exit 1; }
    fi
    port="$(cat "$DIR/port")"
    exists="$(as_owner "$BIN/psql" -h "$DIR" -p "$port" -U postgres -d postgres -tAc \
      "SELECT 1 FROM pg_database WHERE datname = '$DB'")"
    if [[ "$exists" != 1 ]]; then
      as_owner "$BIN/createdb" -h "$DIR" -p "$port" -U postgres "$DB"
    fi
    echo "export LEGATION_TEST_PG=$(url)"
    ;;
  url)
    running || { log "no cluster is running in $DIR"; exit 1; }
    url
    ;;
  stop)
    if running; then
      as_owner "$BIN/pg_ctl" -D "$DATA" -m fast -w stop >&2
    fi
    rm -rf "$DIR"
    log "stopped; $DIR removed"
    ;;
  *)
    log "usage: $0 [start|url|stop]"
    exit 2
    ;;
esac
