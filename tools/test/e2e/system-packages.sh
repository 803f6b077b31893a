#!/usr/bin/env bash
# Debian's Redis and Postgres for the queue-mode and fault e2e, installed when missing (root only),
# without starting their system services (there is no systemd here, and they would take ports):
# the e2e scripts start private servers on loopback themselves.
#   bash tools/test/e2e/system-packages.sh
set -euo pipefail
pg_bin() { ls -d /usr/lib/postgresql/*/bin 2> /dev/null | sort -V | tail -1; }
if command -v redis-server > /dev/null && [ -x "$(pg_bin)/initdb" ] && command -v psql > /dev/null; then
	exit 0
fi
echo "== apt-get install redis-server postgresql" >&2
if [ "$(id -u)" != 0 ]; then
	echo "redis-server/postgresql are missing; run as root to install them" >&2
	exit 1
fi
policy=
if [ ! -e /usr/sbin/policy-rc.d ]; then
	printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && policy=1
fi
trap '[ -z "$policy" ] || rm -f /usr/sbin/policy-rc.d' EXIT
# Another apt run (the CI's own tools step) may hold the lock for a while: wait for it.
apt-get -o DPkg::Lock::Timeout=300 update -qq > /dev/null
DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq redis-server postgresql > /dev/null
[ -x "$(pg_bin)/initdb" ] || { echo "postgresql installed, but no initdb under /usr/lib/postgresql" >&2; exit 1; }
