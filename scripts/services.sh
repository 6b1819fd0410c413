#!/usr/bin/env bash
# Starts or stops a private PostgreSQL and Redis for the scale tests and benchmarks: Debian's packages, data in a
# temp directory, listening on loopback only, stopped by PID. Nothing here touches a system-wide service.
#
#   scripts/services.sh start   # prints the DATABASE_URL and REDIS_URL lines, also written to $CREW_SERVICES_DIR/env
#   scripts/services.sh stop
#   scripts/services.sh status
#
# Settings (environment): CREW_SERVICES_DIR (default /tmp/crew-services), CREW_PG_PORT (55432),
# CREW_REDIS_PORT (56379). PostgreSQL refuses to run as root, so under root it runs as the `postgres` user the
# Debian package creates.
set -euo pipefail

DIR="${CREW_SERVICES_DIR:-/tmp/crew-services}"
PG_PORT="${CREW_PG_PORT:-55432}"
REDIS_PORT="${CREW_REDIS_PORT:-56379}"
PG_BIN="${CREW_PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}"
PG_USER=crew
PG_PASSWORD=crew
PG_DB=crew

as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

need() {
  command -v "$1" >/dev/null 2>&1 || [ -x "$1" ] || { echo "services.sh: $1 not found; install the Debian package $2" >&2; exit 2; }
}

start_postgres() {
  need "$PG_BIN/pg_ctl" postgresql
  local data="$DIR/pg"
  mkdir -p "$DIR"
  if [ "$(id -u)" = 0 ]; then chown postgres "$DIR"; fi
  if [ ! -s "$data/PG_VERSION" ]; then
    as_pg bash -c "umask 077 && printf '%s\n' '$PG_PASSWORD' > '$DIR/pwfile'"
    as_pg "$PG_BIN/initdb" -D "$data" -U "$PG_USER" --pwfile="$DIR/pwfile" --auth=scram-sha-256 -E UTF8 --no-locale >"$DIR/initdb.log"
  fi
  if as_pg "$PG_BIN/pg_ctl" -D "$data" status >/dev/null 2>&1; then return; fi
  as_pg "$PG_BIN/pg_ctl" -D "$data" -w -t 60 -l "$DIR/postgres.log" start \
    -o "-h 127.0.0.1 -p $PG_PORT -k $DIR -c fsync=on -c max_connections=200" >/dev/null
  PGPASSWORD="$PG_PASSWORD" "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -d postgres -tAc \
    "select 1 from pg_database where datname = '$PG_DB'" | grep -q 1 ||
    PGPASSWORD="$PG_PASSWORD" "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" "$PG_DB"
}

start_redis() {
  need redis-server redis-server
  mkdir -p "$DIR/redis"
  if [ -s "$DIR/redis.pid" ] && kill -0 "$(cat "$DIR/redis.pid")" 2>/dev/null; then return; fi
  # AOF on: jobs a client was told were accepted survive a Redis restart.
  redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --dir "$DIR/redis" --daemonize yes \
    --pidfile "$DIR/redis.pid" --logfile "$DIR/redis.log" --save "" --appendonly yes --maxmemory-policy noeviction
  for _ in $(seq 1 100); do
    redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG && return
    sleep 0.1
  done
  echo "services.sh: redis-server did not answer on 127.0.0.1:$REDIS_PORT (see $DIR/redis.log)" >&2
  exit 1
}

stop_postgres() {
  [ -d "$DIR/pg" ] || return 0
  as_pg "$PG_BIN/pg_ctl" -D "$DIR/pg" -m fast -w stop >/dev/null 2>&1 || true
}

stop_redis() {
  [ -s "$DIR/redis.pid" ] || return 0
  local pid
  pid="$(cat "$DIR/redis.pid")"
  if kill "$pid" 2>/dev/null; then
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -f "$DIR/redis.pid"
}

env_lines() {
  echo "DATABASE_URL=postgres://$PG_USER:$PG_PASSWORD@127.0.0.1:$PG_PORT/$PG_DB"
  echo "REDIS_URL=redis://127.0.0.1:$REDIS_PORT"
}

case "${1:-}" in
  start)
    start_postgres
    start_redis
    env_lines | tee "$DIR/env"
    ;;
  stop)
    stop_redis
    stop_postgres
    ;;
  status)
    as_pg "$PG_BIN/pg_ctl" -D "$DIR/pg" status >/dev/null 2>&1 && echo "postgresql: running on 127.0.0.1:$PG_PORT" || echo "postgresql: stopped"
    redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null 2>&1 && echo "redis: running on 127.0.0.1:$REDIS_PORT" || echo "redis: stopped"
    ;;
  *)
    echo "usage: $0 start|stop|status" >&2
    exit 2
    ;;
esac
