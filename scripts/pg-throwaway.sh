#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster for tests and CI: a fresh data dir in a temp dir, a random port on
# 127.0.0.1, durability switched off (nothing here outlives the run), removed again by `stop`.
#
#   scripts/pg-throwaway.sh start   # prints only postgres://postgres:PASSWORD@127.0.0.1:PORT/postgres
#   scripts/pg-throwaway.sh url     # the same URL again, from the state file
#   scripts/pg-throwaway.sh stop    # pg_ctl stop -m immediate, then removes the temp dir
#
# Environment:
#   PG_BIN                  server binaries (default /usr/lib/postgresql/15/bin)
#   PG_THROWAWAY_STATE      state file shared by start/url/stop (default .pg-throwaway.state in the repo);
#                           give each concurrent cluster its own
#   PG_THROWAWAY_OWNER_PID  if set, a detached watchdog stops the cluster once that process is gone, so a
#                           test run killed before its teardown leaves no server behind
#
# Logs go to stderr and never contain the password; stdout carries the URL and nothing else.
set -euo pipefail

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
REPO=$(cd "$(dirname "$0")/.." && pwd)
STATE=${PG_THROWAWAY_STATE:-$REPO/.pg-throwaway.state}
SCRIPT="$REPO/scripts/$(basename "$0")"

log() { echo "pg-throwaway: $*" >&2; }
die() {
  log "$*"
  exit 1
}

# As root the server must run as an unprivileged user (postgres refuses root); otherwise as ourselves.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

state_get() { sed -n "s/^$1=//p" "$STATE" 2>/dev/null | head -n 1; }

# Stops the server of one temp dir (if it still runs) and removes the dir. Safe to call twice.
stop_dir() {
  local dir=$1
  [ -n "$dir" ] && [ -d "$dir" ] || return 0
  if [ -f "$dir/data/postmaster.pid" ]; then
    (cd "$dir" && as_owner "$PG_BIN/pg_ctl" stop -D "$dir/data" -m immediate -w -t 30 >&2) ||
      log "pg_ctl stop failed; removing $dir anyway"
  fi
  rm -rf "$dir"
}

free_port() {
  node -e '
    const s = require("node:net").createServer();
    s.listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });
  '
}

start() {
  [ -x "$PG_BIN/initdb" ] && [ -x "$PG_BIN/pg_ctl" ] ||
    die "no PostgreSQL binaries in $PG_BIN (install PostgreSQL 15 or set PG_BIN)"
  if [ -f "$STATE" ]; then
    local old
    old=$(state_get DIR)
    if [ -n "$old" ] && [ -f "$old/data/postmaster.pid" ] &&
      kill -0 "$(head -n 1 "$old/data/postmaster.pid")" 2>/dev/null; then
      die "a cluster from $STATE is still running; run '$0 stop' first"
    fi
    stop_dir "$old"
    rm -f "$STATE"
  fi

  local dir
  dir=$(mktemp -d "${TMPDIR:-/tmp}/pg-throwaway.XXXXXX")
  # Until the state file is written, a failure must not leave the dir (or a half-started server) behind.
  trap 'stop_dir "$dir"' EXIT
  if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || die "running as root needs a 'postgres' user to own the server"
    chown postgres: "$dir"
  fi
  chmod 700 "$dir"

  # A password rather than trust auth: any local user could otherwise reach the server over TCP.
  local password
  password=$(od -An -tx1 -N18 /dev/urandom | tr -d ' \n')
  (umask 077 && printf '%s\n' "$password" >"$dir/pwfile")
  [ "$(id -u)" -ne 0 ] || chown postgres: "$dir/pwfile"

  log "initdb in $dir"
  (cd "$dir" && as_owner "$PG_BIN/initdb" -D "$dir/data" -U postgres --pwfile="$dir/pwfile" \
    --auth-host=scram-sha-256 --auth-local=trust -E UTF8 --locale=C --no-sync --no-instructions >&2)
  rm -f "$dir/pwfile"

  # max_connections: three app processes with their pools plus parallel vitest forks, with room to spare.
  cat >>"$dir/data/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir'
max_connections = 300
shared_buffers = 64MB
fsync = off
synchronous_commit = off
full_page_writes = off
EOF

  # The port is free when picked but may be taken before the server binds it: pick again then.
  local port="" attempt
  for attempt in 1 2 3 4 5; do
    port=$(free_port)
    if (cd "$dir" && as_owner "$PG_BIN/pg_ctl" start -D "$dir/data" -l "$dir/server.log" -w -t 30 \
      -o "-p $port" >&2); then
      break
    fi
    if ! grep -q 'could not bind\|Address already in use' "$dir/server.log" 2>/dev/null; then
      tail -n 20 "$dir/server.log" >&2 2>/dev/null || true
      die "the server did not start (log above)"
    fi
    log "port $port was taken (attempt $attempt); picking another"
    port=""
    : >"$dir/server.log"
  done
  [ -n "$port" ] || die "no free port after 5 attempts"

  local url="postgres://postgres:$password@127.0.0.1:$port/postgres"
  (
    umask 077
    printf 'DIR=%s\nPORT=%s\nPID=%s\nURL=%s\n' "$dir" "$port" "$(head -n 1 "$dir/data/postmaster.pid")" "$url" \
      >"$STATE"
  )
  trap - EXIT

  if [ -n "${PG_THROWAWAY_OWNER_PID:-}" ]; then
    # Detached (own session, no inherited pipes) so that neither Ctrl-C nor a caller waiting for our
    # stdout to close is held up by it.
    setsid "$SCRIPT" _watch "$PG_THROWAWAY_OWNER_PID" "$dir" </dev/null >/dev/null 2>&1 &
  fi
  log "PostgreSQL listening on 127.0.0.1:$port (data in $dir, state in $STATE)"
  printf '%s\n' "$url"
}

stop() {
  [ -f "$STATE" ] || {
    log "no cluster recorded in $STATE; nothing to stop"
    return 0
  }
  local dir
  dir=$(state_get DIR)
  stop_dir "$dir"
  rm -f "$STATE"
  log "stopped and removed $dir"
}

watch() {
  local owner=$1 dir=$2
  while kill -0 "$owner" 2>/dev/null && [ -d "$dir" ]; do sleep 1; done
  if [ -d "$dir" ]; then
    stop_dir "$dir"
    [ "$(state_get DIR)" != "$dir" ] || rm -f "$STATE"
  fi
}

case "${1:-}" in
start) start ;;
stop) stop ;;
url)
  [ -f "$STATE" ] || die "no cluster recorded in $STATE; run '$0 start'"
  state_get URL
  ;;
_watch) watch "$2" "$3" ;;
*) die "usage: $0 start|stop|url" ;;
esac
