#!/usr/bin/env bash
# Installs the packed package into an n8n user folder the way n8n's community-package installer
# does (N8N_USER_FOLDER/.n8n/nodes), without its dev and peer dependencies:
#   bash tools/test/e2e/install-package.sh USER_FOLDER TARBALL
set -euo pipefail
USER_FOLDER=${1:?usage: install-package.sh USER_FOLDER TARBALL}
TARBALL=${2:?usage: install-package.sh USER_FOLDER TARBALL}
mkdir -p "$USER_FOLDER/.n8n/nodes"
echo '{ "name": "installed-nodes", "private": true }' > "$USER_FOLDER/.n8n/nodes/package.json"
(cd "$USER_FOLDER/.n8n/nodes" && npm install --no-audit --no-fund --omit=dev --omit=peer --loglevel=error "$TARBALL" > /dev/null)
