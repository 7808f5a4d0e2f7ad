#!/usr/bin/env bash
# Installs Debian's Chromium for the browser tests when /usr/bin/chromium is missing.
# Idempotent and quiet; a lock keeps parallel test workers from running apt twice.
set -euo pipefail

[ -x /usr/bin/chromium ] && exit 0

SUDO=()
if [ "$(id -u)" -ne 0 ]; then SUDO=(sudo -n); fi

exec 9>"${TMPDIR:-/tmp}/ensure-chromium.lock"
flock 9
# Another worker may have installed it while this one waited for the lock.
[ -x /usr/bin/chromium ] && exit 0

export DEBIAN_FRONTEND=noninteractive
log="$(mktemp)"
if ! { "${SUDO[@]}" apt-get update -qq && "${SUDO[@]}" apt-get install -y -qq --no-install-recommends chromium; } >"$log" 2>&1; then
  cat "$log" >&2
  rm -f "$log"
  echo "ensure-chromium: could not install Debian's chromium package" >&2
  exit 1
fi
rm -f "$log"
[ -x /usr/bin/chromium ]
