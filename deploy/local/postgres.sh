#!/usr/bin/env bash
# A private PostgreSQL for Faucet: its own data folder, its own port, listening on 127.0.0.1 only.
#   postgres.sh start DATA_DIR PORT   initialise DATA_DIR if new, start the server, create database "faucet"
#   postgres.sh stop DATA_DIR         stop it (fast shutdown)
# PG_EXTRA_OPTS adds server options (the test suite passes "-c fsync=off": its databases are throwaway).
# The superuser is "faucet" with trust authentication, which is safe only because nothing outside this
# machine can reach 127.0.0.1. initdb refuses to run as root, so as root the server runs as "postgres".
set -euo pipefail

find_bin() {
  local dir
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    [ -x "$dir/initdb" ] && { echo "$dir"; return 0; }
  done
  return 1
}

ensure_installed() {
  find_bin >/dev/null && id postgres >/dev/null 2>&1 && return 0
  if [ "$(id -u)" -ne 0 ]; then
    find_bin >/dev/null && return 0
    echo "PostgreSQL server binaries not found: run as root, or install the 'postgresql' package" >&2; exit 1
  fi
  # Test suites start several servers at once: one installs, the others wait for it.
  (
    flock 9
    if ! find_bin >/dev/null; then
      echo "PostgreSQL server binaries not found; installing them with apt-get" >&2
      apt-get update -qq >&2
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
    fi
    id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
  ) 9>/var/lock/faucet-postgres-install.lock
}

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

cmd=${1:?usage: postgres.sh start DATA_DIR PORT | stop DATA_DIR}
data=${2:?data folder required}

case "$cmd" in
  start)
    port=${3:?port required}
    ensure_installed
    bin=$(find_bin)
    mkdir -p "$data"
    data=$(cd "$data" && pwd)
    if [ "$(id -u)" -eq 0 ]; then
      chown postgres: "$data" && chmod 700 "$data"
      if ! runuser -u postgres -- test -w "$data"; then
        echo "The server runs as the 'postgres' user, which cannot reach $data (a parent folder is private," >&2
        echo "as /root is). Put the data elsewhere, e.g. FAUCET_HOME=/var/lib/faucet ./faucet up" >&2
        exit 1
      fi
    fi
    if [ ! -f "$data/PG_VERSION" ]; then
      as_owner "$bin/initdb" -D "$data" -U faucet --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$data.initdb.log" 2>&1 \
        || { cat "$data.initdb.log" >&2; exit 1; }
    fi
    if ! as_owner "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
      as_owner "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 \
        -o "-p $port -c listen_addresses=127.0.0.1 -k /tmp -c max_connections=300 ${PG_EXTRA_OPTS:-}" start >/dev/null \
        || { tail -n 30 "$data/server.log" >&2; exit 1; }
    fi
    if ! "$bin/psql" -h 127.0.0.1 -p "$port" -U faucet -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname='faucet'" | grep -q 1; then
      "$bin/psql" -h 127.0.0.1 -p "$port" -U faucet -d postgres -qc "CREATE DATABASE faucet" >/dev/null
    fi
    ;;
  stop)
    bin=$(find_bin) || exit 0
    [ -f "$data/postmaster.pid" ] || exit 0
    as_owner "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null 2>&1 || true
    ;;
  *)
    echo "usage: postgres.sh start DATA_DIR PORT | stop DATA_DIR" >&2; exit 2 ;;
esac
