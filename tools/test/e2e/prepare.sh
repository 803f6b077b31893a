#!/usr/bin/env bash
# Everything the real-n8n e2e needs beyond the package's own npm install, fetched at once so a new
# machine waits for the slowest of them, not their sum: n8n 1.123.50 (Node 20), Node 24 with n8n
# 2.40.7, Debian's Redis and Postgres, and SoX with MP3 (the audio recordings of real-n8n.sh's E).
# Each install checks itself (install-n8n.sh); a cached
# one that passes its check takes a second. CI starts this in the background right after `npm ci`.
#   bash tools/test/e2e/prepare.sh          (E2E_VERSIONS="1.123.50 2.40.7" picks the versions)
set -uo pipefail
E2E=$(cd "$(dirname "$0")" && pwd)
T0=$SECONDS
pids=() names=()
for version in ${E2E_VERSIONS:-1.123.50 2.40.7}; do
	bash "$E2E/install-n8n.sh" "$version" > /dev/null &
	pids+=($!) names+=("n8n $version")
done
# One apt client after the other: they would wait for each other's lock anyway.
{ bash "$E2E/system-packages.sh" && bash "$E2E/media-tools.sh"; } &
pids+=($!) names+=("Redis, Postgres and SoX")
status=0
for i in "${!pids[@]}"; do
	if wait "${pids[$i]}"; then echo "prepared: ${names[$i]}"; else echo "FAILED: ${names[$i]}"; status=1; fi
done
echo "prepare took $((SECONDS - T0)) s"
exit "$status"
