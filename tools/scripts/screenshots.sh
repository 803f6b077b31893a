#!/usr/bin/env bash
# npm run screenshots: the browser test (tools/scripts/browser-test.sh), its pictures written to
# docs/screenshots/ (1400x900 PNGs). Fails, like the test, when a check fails.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SCREENSHOTS_DIR="$ROOT/docs/screenshots" exec bash "$ROOT/tools/scripts/browser-test.sh"
