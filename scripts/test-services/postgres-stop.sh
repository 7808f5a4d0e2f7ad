#!/usr/bin/env bash
# Stops the throw-away cluster of postgres-start.sh and removes DIR. Usage: postgres-stop.sh DIR
set -euo pipefail
dir=${1:?usage: postgres-stop.sh DIR}
[ -d "$dir" ] || exit 0
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -n "$bin" ] && [ -f "$dir/data/postmaster.pid" ]; then
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  else
    "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
fi
rm -rf "$dir"
