#!/usr/bin/env bash
# Starts the JMX test target (JmxTarget.java) with remote JMX, without authentication or SSL, on
# 127.0.0.1:PORT; its pid goes to DIR/jvm.pid. Usage: jvm-start.sh DIR PORT
# Safe to re-run: a target already running from DIR is left as it is.
set -euo pipefail
dir=${1:?usage: jvm-start.sh DIR PORT}
port=${2:?usage: jvm-start.sh DIR PORT}
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$dir"
if [ -f "$dir/jvm.pid" ] && kill -0 "$(cat "$dir/jvm.pid")" 2>/dev/null; then exit 0; fi
if [ ! -f "$dir/JmxTarget.class" ] || [ "$here/JmxTarget.java" -nt "$dir/JmxTarget.class" ]; then
  javac -nowarn -d "$dir" "$here/JmxTarget.java"
fi
nohup java -Xmx64m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "$dir" \
  -Dcom.sun.management.jmxremote.port="$port" -Dcom.sun.management.jmxremote.rmi.port="$port" \
  -Dcom.sun.management.jmxremote.host=127.0.0.1 -Djava.rmi.server.hostname=127.0.0.1 \
  -Dcom.sun.management.jmxremote.authenticate=false -Dcom.sun.management.jmxremote.ssl=false \
  JmxTarget >"$dir/jvm.log" 2>&1 </dev/null &
echo $! >"$dir/jvm.pid"
for _ in $(seq 1 200); do
  if grep -q '^READY' "$dir/jvm.log" 2>/dev/null; then exit 0; fi
  if ! kill -0 "$(cat "$dir/jvm.pid")" 2>/dev/null; then cat "$dir/jvm.log" >&2; exit 1; fi
  sleep 0.05
done
echo "The JMX test target did not start in 10s" >&2
cat "$dir/jvm.log" >&2
exit 1
