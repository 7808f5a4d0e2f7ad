#!/usr/bin/env bash
# Stops the JMX test target of jvm-start.sh and removes DIR. Usage: jvm-stop.sh DIR
set -euo pipefail
dir=${1:?usage: jvm-stop.sh DIR}
[ -d "$dir" ] || exit 0
if [ -f "$dir/jvm.pid" ]; then
  pid=$(cat "$dir/jvm.pid")
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
    kill -9 "$pid" 2>/dev/null || true
  fi
fi
rm -rf "$dir"
