#!/usr/bin/env bash
# Starts a throw-away PostgreSQL cluster in DIR, listening on 127.0.0.1:PORT (and a socket in DIR),
# with a database `perf` owned by the user perf (password pdt-test-pw). Usage: postgres-start.sh DIR PORT
# Safe to re-run: a cluster already running in DIR is left as it is.
set -euo pipefail
dir=${1:?usage: postgres-start.sh DIR PORT}
port=${2:?usage: postgres-start.sh DIR PORT}
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
# PostgreSQL refuses to run as root: the cluster then belongs to the postgres user.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
if [ "$(id -u)" -eq 0 ]; then chown postgres: "$dir"; fi
if [ -f "$dir/data/postmaster.pid" ] && as_owner "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then exit 0; fi
if [ ! -f "$dir/data/PG_VERSION" ]; then
  as_owner "$bin/initdb" -D "$dir/data" -U postgres -E UTF8 --locale=C --auth-local=trust --auth-host=scram-sha-256 --no-sync >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; exit 1; }
fi
as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
  -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null \
  || { cat "$dir/server.log" >&2; exit 1; }
as_owner "$bin/psql" -h "$dir" -p "$port" -U postgres -d postgres -qAt -v ON_ERROR_STOP=1 >/dev/null <<'SQL'
SELECT 'CREATE ROLE perf LOGIN PASSWORD ''pdt-test-pw''' WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'perf') \gexec
SELECT 'CREATE DATABASE perf OWNER perf' WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = 'perf') \gexec
SQL
