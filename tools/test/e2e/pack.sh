#!/usr/bin/env bash
# Builds the package and packs it as npm would publish it: bash tools/test/e2e/pack.sh DEST_FOLDER
# Prints the tarball's path on its last line (the e2e scripts and the real-n8n benchmark install it).
set -euo pipefail
DEST=${1:?usage: pack.sh DEST_FOLDER}
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
(cd "$ROOT" && npm run build --silent > /dev/null && npm pack --silent --ignore-scripts --pack-destination "$DEST" > /dev/null)
ls "$DEST"/n8n-nodes-symbl-*.tgz
