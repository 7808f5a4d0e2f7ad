#!/usr/bin/env bash
# Installs Debian's default JDK when javac is missing (idempotent, quiet).
set -euo pipefail
installed() { command -v javac >/dev/null 2>&1 || [ -x "${JAVA_HOME:-/nonexistent}/bin/javac" ]; }
installed && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "A JDK (javac) is missing and installing it needs root: apt-get install default-jdk-headless" >&2
  exit 1
fi
# Test files start in parallel: the second waits for the first install instead of colliding on dpkg's lock.
exec 9>/tmp/pdt-test-services-apt.lock
flock 9
installed && exit 0
export DEBIAN_FRONTEND=noninteractive
apt-get update -o DPkg::Lock::Timeout=300 -qq >/dev/null
apt-get install -o DPkg::Lock::Timeout=300 -y -qq --no-install-recommends default-jdk-headless >/dev/null
installed
