#!/usr/bin/env bash
# A throwaway PostgreSQL for benchmarks, from the machine's binaries (apt-get install -y postgresql):
#   bench/postgres.sh start [DIR] [PORT]   initdb (first time) and start; prints the portal's connection string
#   bench/postgres.sh stop  [DIR]          stop it (the data stays in DIR; rm -rf DIR to drop it)
# Defaults: DIR=/var/tmp/portal-pg, PORT=5433. Trust authentication on 127.0.0.1, superuser "portal", database
# "portal" (the portal's migrations create the schema). Production-like durability: fsync and synchronous_commit on.
set -euo pipefail

cmd=${1:-}
dir=${2:-/var/tmp/portal-pg}
port=${3:-5433}
bin=${PORTAL_PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
[ -x "$bin/initdb" ] || { echo "PostgreSQL binaries not found: apt-get install -y postgresql, or set PORTAL_PG_BIN." >&2; exit 1; }

# initdb refuses root: run the server as the postgres user then.
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

case "$cmd" in
  start)
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres "$dir"
    if [ ! -f "$dir/data/PG_VERSION" ]; then
      as_pg "$bin/initdb" -D "$dir/data" -A trust -U portal -E UTF8 --no-instructions >/dev/null
    fi
    as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w -t 60 start -o "-p $port -k $dir -c listen_addresses=127.0.0.1 \
      -c shared_buffers=256MB -c max_connections=200 -c fsync=on -c synchronous_commit=on \
      -c max_wal_size=4GB -c checkpoint_timeout=15min" >/dev/null
    as_pg "$bin/psql" -h "$dir" -p "$port" -U portal -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'portal'" | grep -q 1 \
      || as_pg "$bin/createdb" -h "$dir" -p "$port" -U portal portal
    echo "Host=127.0.0.1;Port=$port;Username=portal;Database=portal"
    ;;
  stop)
    as_pg "$bin/pg_ctl" -D "$dir/data" -m fast -w stop
    ;;
  *)
    echo "usage: $0 start|stop [DIR (default /var/tmp/portal-pg)] [PORT (default 5433)]" >&2
    exit 2
    ;;
esac
