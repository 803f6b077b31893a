#!/usr/bin/env bash
# npm run test:browser: n8n's editor tested in Debian's chromium (playwright-core drives it) against
# the dev environment of tools/scripts/dev.sh, headless and from an empty user folder: a real n8n
# 2.40.7 with this checkout's build, the Symbl emulator, its credential and the example workflows.
# The checks are in tools/browser/ (run.mjs lists them); they also take the README's pictures, into
# .tmp/browser/screenshots (npm run screenshots: into docs/screenshots). Exits non-zero when a check
# fails; everything started is stopped at the end.
#   Env: SCREENSHOTS_DIR, BROWSER_ONLY (a regex: run only the checks whose name matches).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
if [ ! -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
	echo "the browser test needs Debian's chromium: apt-get update && apt-get install -y --no-install-recommends chromium" >&2
	exit 1
fi
# playwright-core lives in a folder of its own, so the package's root install does not change;
# installed from its lockfile with the user's npm settings, not this repository's (clean-npm-env.sh).
if ! (cd "$ROOT/tools/browser" && node -e 'require("playwright-core")') > /dev/null 2>&1; then
	(cd "$ROOT/tools/browser" && source "$ROOT/tools/scripts/clean-npm-env.sh" &&
		npm ci --no-audit --no-fund --loglevel=error)
fi
exec bash "$ROOT/tools/scripts/dev.sh" --headless --then node "$ROOT/tools/browser/run.mjs"
