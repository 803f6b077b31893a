#!/usr/bin/env bash
# npm run dev: a real n8n 2.x with this checkout's build installed, the Symbl emulator, a credential
# for it and the example workflows, on http://localhost:5678. Runs until Ctrl-C, then stops all it started.
#
#   bash tools/scripts/dev.sh                 interactive; type r + Enter to rebuild and restart n8n
#   bash tools/scripts/dev.sh --reset         the same, from an empty n8n user folder
#   bash tools/scripts/dev.sh --headless --then CMD [ARGS...]
#                                             fresh throwaway user folder, no prompt: runs CMD once n8n
#                                             is ready (env: DEV_URL, DEV_EMAIL, DEV_PASSWORD), stops
#                                             everything and exits with CMD's status (npm run screenshots)
#
# The package is installed the way n8n installs a community package: package.json + dist/ copied to
# <user folder>/.n8n/nodes/node_modules/n8n-nodes-symbl, so node types are n8n-nodes-symbl.* and
# `n8n-workflow` resolves to n8n's own copy (a symlink to the checkout would load the checkout's
# n8n-workflow 1.x pin instead). Each start (and each `r`) rebuilds and recopies, so a rebuild shows
# up on restart. The owner account is set by n8n 2.x's N8N_INSTANCE_OWNER_* variables: no sign-up page.
#
# Ports (fixed, loopback only): n8n 5678, its task broker 5680, emulator 18080.
# Env: DEV_EMAIL / DEV_PASSWORD (the login), DEV_DIR (user folder, default ~/.cache/n8n-nodes-symbl/dev),
# DEV_N8N_VERSION (default 2.40.7), N8N_LISTEN_ADDRESS (default 127.0.0.1), N8N_LOG_LEVEL.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
CACHE=${N8N_SYMBL_CACHE:-$HOME/.cache/n8n-nodes-symbl}
N8N_VERSION=${DEV_N8N_VERSION:-2.40.7}
N8N_PORT=5678
BROKER_PORT=5680
EMU_PORT=18080
EMAIL=${DEV_EMAIL:-dev@example.com}
PASSWORD=${DEV_PASSWORD:-Symbl-dev-2026}

HEADLESS=0 RESET=0 THEN=()
while [ $# -gt 0 ]; do
	case "$1" in
	--headless) HEADLESS=1 ;;
	--reset) RESET=1 ;;
	--then) shift; THEN=("$@"); break ;;
	*) echo "usage: dev.sh [--reset] [--headless] [--then CMD ARGS...]" >&2; exit 2 ;;
	esac
	shift
done
if [ "$HEADLESS" = 1 ]; then DEV=${DEV_DIR:-$CACHE/dev-headless}; RESET=1; else DEV=${DEV_DIR:-$CACHE/dev}; fi
START=$(date +%s)
say() { echo "[dev] $*"; }

for port in $N8N_PORT $BROKER_PORT $EMU_PORT; do
	if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
		echo "[dev] port $port is in use (another npm run dev?); stop that first" >&2
		exit 1
	fi
done

say "n8n $N8N_VERSION (installed once into $CACHE)"
# The first time this installs Node 24 and n8n (about 12 minutes, 2.8 GB); then it takes a second.
N8N_BIN=$(bash "$ROOT/tools/test/e2e/install-n8n.sh" "$N8N_VERSION" | tail -1)
NODE24="$CACHE/node-24/bin"
N8N_MODULES=$(dirname "$(dirname "$N8N_BIN")")
n8n() { PATH="$NODE24:$PATH" "$N8N_BIN" "$@"; }

[ "$RESET" = 1 ] && rm -rf "$DEV"
mkdir -p "$DEV/logs" "$DEV/.n8n/nodes/node_modules"
: > "$DEV/logs/n8n.log"
[ -f "$DEV/.n8n/nodes/package.json" ] ||
	echo '{ "name": "installed-nodes", "private": true }' > "$DEV/.n8n/nodes/package.json"

build() {
	say "building the package"
	(cd "$ROOT" && npm run build --silent > "$DEV/logs/build.log" 2>&1) || { cat "$DEV/logs/build.log"; return 1; }
}
# The same files `npm pack` ships (package.json + dist/), copied fresh.
install_package() {
	local target="$DEV/.n8n/nodes/node_modules/n8n-nodes-symbl"
	rm -rf "$target" && mkdir -p "$target"
	cp "$ROOT/package.json" "$target/" && cp -R "$ROOT/dist" "$target/dist"
}
build
install_package

export N8N_USER_FOLDER="$DEV" N8N_PORT N8N_LISTEN_ADDRESS=${N8N_LISTEN_ADDRESS:-127.0.0.1} \
	N8N_RUNNERS_BROKER_PORT=$BROKER_PORT N8N_ENCRYPTION_KEY=n8n-nodes-symbl-dev \
	N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS=false N8N_SECURE_COOKIE=false \
	N8N_DIAGNOSTICS_ENABLED=false N8N_VERSION_NOTIFICATIONS_ENABLED=false \
	N8N_PERSONALIZATION_ENABLED=false N8N_TEMPLATES_ENABLED=false N8N_HIRING_BANNER_ENABLED=false \
	N8N_RESTRICT_FILE_ACCESS_TO="$ROOT/tools/test/fixtures" N8N_LOG_LEVEL=${N8N_LOG_LEVEL:-info}
# The owner comes from the environment (n8n 2.x instance-settings loader; bcrypt hash, not the password).
export N8N_INSTANCE_OWNER_MANAGED_BY_ENV=true N8N_INSTANCE_OWNER_EMAIL="$EMAIL" \
	N8N_INSTANCE_OWNER_FIRST_NAME=Symbl N8N_INSTANCE_OWNER_LAST_NAME=Developer
N8N_INSTANCE_OWNER_PASSWORD_HASH=$(cd "$N8N_MODULES" && PATH="$NODE24:$PATH" node -e \
	'process.stdout.write(require("bcryptjs").hashSync(process.argv[1], 10))' "$PASSWORD")
export N8N_INSTANCE_OWNER_PASSWORD_HASH

EMU_PID='' N8N_PID='' THEN_PID='' STOPPING=0
stop_pid() { # pid: TERM, up to 20 s, then KILL
	local pid=$1
	[ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
	kill -TERM "$pid" 2>/dev/null || true
	for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.2; done
	kill -KILL "$pid" 2>/dev/null || true
}
cleanup() {
	[ "$STOPPING" = 1 ] && return
	STOPPING=1
	stop_pid "$THEN_PID"
	[ -n "$N8N_PID$EMU_PID" ] && say "stopping n8n and the emulator"
	stop_pid "$N8N_PID"
	stop_pid "$EMU_PID"
	wait 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

say "emulator on 127.0.0.1:$EMU_PORT"
(cd "$ROOT" && exec node -r ts-node/register/transpile-only tools/scripts/emulator.ts "$EMU_PORT") \
	> "$DEV/logs/emulator.log" 2>&1 &
EMU_PID=$!
for _ in $(seq 100); do grep -q listening "$DEV/logs/emulator.log" && break; sleep 0.2; done
grep -q listening "$DEV/logs/emulator.log" || { cat "$DEV/logs/emulator.log"; exit 1; }

say "importing the emulator credential and the example workflows"
node "$ROOT/tools/scripts/dev-import.mjs" "$ROOT" "$DEV" "http://127.0.0.1:$EMU_PORT" "http://localhost:$N8N_PORT"
n8n import:credentials --input="$DEV/import/credentials.json" > "$DEV/logs/import.log" 2>&1 ||
	{ cat "$DEV/logs/import.log"; exit 1; }
n8n import:workflow --separate --input="$DEV/import/workflows" >> "$DEV/logs/import.log" 2>&1 ||
	{ cat "$DEV/logs/import.log"; exit 1; }
while read -r id; do # workflows with a Symbl Trigger go live, so the emulator's callbacks start them
	n8n publish:workflow --id="$id" >> "$DEV/logs/import.log" 2>&1 || { cat "$DEV/logs/import.log"; exit 1; }
done < "$DEV/import/publish.txt"

start_n8n() {
	say "starting n8n (log: $DEV/logs/n8n.log)"
	(PATH="$NODE24:$PATH" exec "$N8N_BIN" start) >> "$DEV/logs/n8n.log" 2>&1 & # $! is n8n itself
	N8N_PID=$!
	local url="http://127.0.0.1:$N8N_PORT"
	for _ in $(seq 240); do
		kill -0 "$N8N_PID" 2>/dev/null || { tail -30 "$DEV/logs/n8n.log"; say "n8n exited"; return 1; }
		# Ready when the owner can log in (the REST API, the DB and the env owner are all up).
		if curl -sf -o /dev/null -H 'Content-Type: application/json' -X POST "$url/rest/login" \
			-d "{\"emailOrLdapLoginId\":\"$EMAIL\",\"password\":\"$PASSWORD\"}"; then
			return 0
		fi
		sleep 0.5
	done
	say "n8n did not get ready in 120 s"; tail -30 "$DEV/logs/n8n.log"; return 1
}
start_n8n

export DEV_URL="http://localhost:$N8N_PORT" DEV_EMAIL="$EMAIL" DEV_PASSWORD="$PASSWORD" DEV_LOGS="$DEV/logs"
say "ready in $(($(date +%s) - START)) s"
if [ "${#THEN[@]}" -gt 0 ]; then
	# In the background so a TERM to this script is handled at once, not after CMD ends.
	"${THEN[@]}" < /dev/null &
	THEN_PID=$!
	status=0
	wait "$THEN_PID" || status=$?
	THEN_PID=''
	exit "$status"
fi

cat <<EOF

  n8n $N8N_VERSION with n8n-nodes-symbl from $ROOT
  Editor      $DEV_URL   (log in: $EMAIL / $PASSWORD)
  Emulator    http://127.0.0.1:$EMU_PORT   (credential "Symbl (emulator)" is preselected in the examples)
  Logs        $DEV/logs/{n8n,emulator}.log
  User folder $DEV   (kept between runs; --reset starts empty)

  r + Enter: rebuild the package and restart n8n.   Ctrl-C: stop everything.

EOF
if [ "$HEADLESS" = 1 ] || [ ! -t 0 ]; then
	wait -n "$N8N_PID" "$EMU_PID" || true
	say "n8n or the emulator exited"
	exit 1
fi
while true; do
	if read -r -t 1 line; then
		case "$line" in
		r | R)
			if build; then # a failed build leaves the running n8n alone
				stop_pid "$N8N_PID"
				install_package && start_n8n && say "restarted with the new build"
			fi ;;
		'') ;;
		*) say "r + Enter rebuilds and restarts n8n; Ctrl-C stops" ;;
		esac
	fi
	kill -0 "$N8N_PID" 2>/dev/null || { say "n8n exited (see $DEV/logs/n8n.log)"; exit 1; }
	kill -0 "$EMU_PID" 2>/dev/null || { say "the emulator exited (see $DEV/logs/emulator.log)"; exit 1; }
done
