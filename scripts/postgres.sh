#!/usr/bin/env bash
# Starts a throw-away PostgreSQL 15 server in a temporary folder for the test run and
# exports TEST_DATABASE_URL. Installs PostgreSQL with apt-get when it is missing.
# Source it, then call start_test_postgres; the server stops when the calling shell exits.

find_pg_bin() {
  for v in 15 16 17 14; do
    if [ -x "/usr/lib/postgresql/$v/bin/initdb" ]; then echo "/usr/lib/postgresql/$v/bin"; return 0; fi
  done
  return 1
}

start_test_postgres() {
  local bin
  if ! bin=$(find_pg_bin); then
    echo "PostgreSQL not found: installing it with apt-get" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null && apt-get install -y -qq postgresql-15 >/dev/null 2>&1 \
      || apt-get install -y -qq postgresql >/dev/null
    bin=$(find_pg_bin) || { echo "Could not install PostgreSQL" >&2; return 1; }
  fi
  PG_TEST_DIR=$(mktemp -d /tmp/accompany-pg.XXXXXX)
  local port=$(( 55000 + RANDOM % 5000 ))
  local as=()
  # initdb refuses to run as root: run the server as the postgres user.
  if [ "$(id -u)" = "0" ]; then
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
    chown postgres "$PG_TEST_DIR"
    as=(runuser -u postgres --)
  fi
  "${as[@]}" "$bin/initdb" -D "$PG_TEST_DIR/data" -U postgres -A trust --no-sync -E UTF8 >/dev/null
  "${as[@]}" "$bin/pg_ctl" -D "$PG_TEST_DIR/data" -l "$PG_TEST_DIR/log" -w \
    -o "-p $port -k $PG_TEST_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" start >/dev/null
  PG_TEST_BIN=$bin
  export TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$port/postgres"
  trap stop_test_postgres EXIT
  echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') test server on port $port" >&2
}

stop_test_postgres() {
  if [ -n "${PG_TEST_DIR:-}" ] && [ -d "$PG_TEST_DIR/data" ]; then
    local as=()
    [ "$(id -u)" = "0" ] && as=(runuser -u postgres --)
    "${as[@]}" "$PG_TEST_BIN/pg_ctl" -D "$PG_TEST_DIR/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$PG_TEST_DIR"
  fi
}
