#!/usr/bin/env bash
# Debian's SoX with its MP3 format (LAME), for the real-n8n e2e's audio recordings made at test time
# (real-n8n.sh: a WAV and an MP3 of a spoken-band tone), installed only when missing (root only).
#   bash tools/test/e2e/media-tools.sh
set -euo pipefail
if command -v sox > /dev/null && sox -h 2> /dev/null | grep -q 'AUDIO FILE FORMATS:.* mp3'; then
	exit 0
fi
echo "== apt-get install sox libsox-fmt-mp3" >&2
if [ "$(id -u)" != 0 ]; then
	echo "sox (with MP3 support) is missing; run as root to install it (apt-get install sox libsox-fmt-mp3)" >&2
	exit 1
fi
# Another apt run (the CI's own tools step, system-packages.sh) may hold the lock for a while: wait for it.
apt-get -o DPkg::Lock::Timeout=300 update -qq > /dev/null
DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends \
	sox libsox-fmt-mp3 > /dev/null
sox -h 2> /dev/null | grep -q 'AUDIO FILE FORMATS:.* mp3' || { echo "sox installed, but it cannot write MP3" >&2; exit 1; }
