#!/usr/bin/env bash
# .ci/services.sh start|stop - the real servers the integration tests need, on this machine only:
#   PostgreSQL (Debian's, a throwaway cluster in a temp dir, loopback, trust auth, port $GROK_CI_PG_PORT),
#   a one-node Slurm (../shared/slurm/start-local-slurm.sh), and headless Chromium (a package, no daemon).
# Idempotent. Records the pid of every server it starts in $GROK_CI_STATE and stops exactly those, by pid.
# Prints the connection string to use as GROK_TEST_PG on its last line of `start`.
set -euo pipefail
cd "$(dirname "$0")/.."
STATE=${GROK_CI_STATE:-/tmp/grok-ci-services}
PG_PORT=${GROK_CI_PG_PORT:-55432}
PG_HOME=$STATE/pg          # owned by the postgres user: data, socket, log
PG_DIR=$PG_HOME/data
PG_URL="postgres://postgres@127.0.0.1:$PG_PORT/grok_test"
SLURM_DIR=${GROK_CI_SLURM_SCRIPTS:-../shared/slurm}
log() { printf '[services] %s\n' "$*"; }

apt_install() {  # apt_install PKG... (no recommends; the packages' own services are not started)
  local created=0
  if [ ! -e /usr/sbin/policy-rc.d ]; then printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d; chmod 755 /usr/sbin/policy-rc.d; created=1; fi
  (apt-get -q -o DPkg::Lock::Timeout=900 update && DEBIAN_FRONTEND=noninteractive apt-get -y -q --no-install-recommends \
     -o DPkg::Lock::Timeout=900 install "$@") >"$STATE/apt.log" 2>&1 || { tail -20 "$STATE/apt.log"; [ $created = 1 ] && rm -f /usr/sbin/policy-rc.d; return 1; }
  [ $created = 1 ] && rm -f /usr/sbin/policy-rc.d
  return 0
}

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }
alive_as() { [ -n "${2:-}" ] && [ -r "/proc/$2/comm" ] && [ "$(cat "/proc/$2/comm")" = "$1" ]; }

start_pg() {
  if [ -z "$(pg_bin)" ]; then log "installing postgresql"; apt_install postgresql; fi
  local bin; bin=$(pg_bin)
  if [ -f "$STATE/postgres.pid" ] && alive_as postgres "$(cat "$STATE/postgres.pid")"; then
    log "postgres already running (pid $(cat "$STATE/postgres.pid"))"
  else
    rm -rf "$PG_HOME"; install -d -o postgres -g postgres -m 700 "$PG_HOME" "$PG_DIR" "$PG_HOME/sock"
    runuser -u postgres -- "$bin/initdb" -D "$PG_DIR" -U postgres --auth=trust -E UTF8 >"$STATE/initdb.log" 2>&1 \
      || { cat "$STATE/initdb.log"; exit 1; }
    # loopback only; many Slurm tasks and the 32-writer test connect at once
    runuser -u postgres -- "$bin/pg_ctl" -D "$PG_DIR" -l "$PG_HOME/postgres.log" -w -t 60 \
      -o "-p $PG_PORT -k $PG_HOME/sock -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off" start >/dev/null \
      || { tail -20 "$PG_HOME/postgres.log"; exit 1; }
    head -1 "$PG_DIR/postmaster.pid" >"$STATE/postgres.pid"
    log "started postgres $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT (pid $(cat "$STATE/postgres.pid"))"
  fi
  if ! psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'grok_test'" | grep -q 1; then
    psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc "CREATE DATABASE grok_test"
  fi
}

stop_pg() {
  [ -f "$STATE/postgres.pid" ] || { log "postgres: not started by this script"; return 0; }
  local pid; pid=$(cat "$STATE/postgres.pid")
  if alive_as postgres "$pid"; then
    kill -INT "$pid"   # PostgreSQL's fast shutdown
    for _ in $(seq 1 100); do alive_as postgres "$pid" || break; sleep 0.2; done
    alive_as postgres "$pid" && { log "postgres (pid $pid) ignored SIGINT: SIGKILL"; kill -KILL "$pid"; }
    log "stopped postgres (pid $pid)"
  fi
  rm -f "$STATE/postgres.pid"; rm -rf "$PG_HOME"
}

case "${1:-}" in
  start)
    mkdir -p "$STATE"
    command -v chromium >/dev/null 2>&1 || { log "installing chromium"; apt_install chromium; }
    start_pg
    bash "$SLURM_DIR/start-local-slurm.sh" | sed 's/^/[services] /'
    echo "$PG_URL"
    ;;
  stop)
    bash "$SLURM_DIR/stop-local-slurm.sh" | sed 's/^/[services] /' || true
    stop_pg
    ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
