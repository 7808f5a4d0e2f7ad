#!/usr/bin/env bash
# Installs Debian's PostgreSQL server when no server binaries are present (idempotent, quiet).
# The package's default cluster is not created: the tests start throw-away clusters of their own.
set -euo pipefail
installed() { compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null; }
installed && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "PostgreSQL server binaries are missing and installing them needs root: apt-get install postgresql" >&2
  exit 1
fi
# Test files start in parallel: the second waits for the first install instead of colliding on dpkg's lock.
exec 9>/tmp/pdt-test-services-apt.lock
flock 9
installed && exit 0
mkdir -p /etc/postgresql-common/createcluster.d
echo 'create_main_cluster = false' > /etc/postgresql-common/createcluster.d/pdt-no-main-cluster.conf
export DEBIAN_FRONTEND=noninteractive
apt-get update -o DPkg::Lock::Timeout=300 -qq >/dev/null
apt-get install -o DPkg::Lock::Timeout=300 -y -qq --no-install-recommends postgresql >/dev/null
installed
