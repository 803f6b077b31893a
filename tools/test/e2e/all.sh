#!/usr/bin/env bash
# npm run e2e: the real-n8n scenarios (real-n8n.sh) on every n8n version the package supports, one after
# the other with the same tarball; prints one table and fails if any version failed.
#   E2E_VERSIONS="1.123.50 2.40.7" (default) picks the versions.
set -euo pipefail
E2E=$(cd "$(dirname "$0")" && pwd)
CACHE=${N8N_SYMBL_CACHE:-$HOME/.cache/n8n-nodes-symbl}
mkdir -p "$CACHE"
WORK=$(mktemp -d "$CACHE/e2e-all.XXXXXX")
mkdir -p "$WORK/tmp"
export TMPDIR="$WORK/tmp"
child=
trap 'rm -rf "$WORK"' EXIT
# A version's run cleans up after itself (its n8n, its emulator) when told to stop.
trap '[ -z "$child" ] || kill -TERM "$child" 2>/dev/null; wait; exit 130' INT TERM
T0=$SECONDS

echo "== build + npm pack"
export E2E_TARBALL
E2E_TARBALL=$(bash "$E2E/pack.sh" "$WORK" | tail -1)
export E2E_SUMMARY="$WORK/summary.tsv"
printf 'all\t-\t-\tpack\tok\t%s\n' $((SECONDS - T0)) > "$E2E_SUMMARY"

status=0
for version in ${E2E_VERSIONS:-1.123.50 2.40.7}; do
	bash "$E2E/real-n8n.sh" "$version" &
	child=$!
	wait "$child" || status=1
	child=
done

echo
bash "$E2E/summary.sh" < "$E2E_SUMMARY"
echo "total $((SECONDS - T0)) s: $([ "$status" = 0 ] && echo 'all passed' || echo FAILED)"
exit "$status"
