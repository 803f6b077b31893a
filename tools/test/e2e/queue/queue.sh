#!/usr/bin/env bash
# npm run e2e:queue — the packed package in n8n's queue mode, on this machine and only on loopback:
# Redis and Postgres (Debian's packages, installed when missing, started without systemd in a temp
# folder), one n8n main, TWO workers and one webhook processor, all sharing one N8N_USER_FOLDER
# (the package installed once for all of them; filesystem binary data shared the same way).
#   bash tools/test/e2e/queue/queue.sh [N8N_VERSION…]     (default: E2E_QUEUE_VERSIONS, "1.123.50 2.40.7")
# Per version, in filesystem binary mode, then in database binary mode, against the Symbl emulator:
#   body    the MP4 POSTed as a production webhook's body: stored by the webhook processor, uploaded
#           by a worker (Submit Video); every byte arrives (count + sha256)
#   append  Webhook → Read Files (MEDIA_MIB MiB) → Append Video, executed by a worker, every byte arrives
#   trigger (filesystem) a documented {jobId, status} callback to the Symbl Trigger on the webhook
#           processor starts exactly one execution, on a worker
#   wait    (filesystem) Submit with Wait for Completion (callback): Symbl's callback reaches the
#           webhook processor at the execution's resume URL; the execution finishes on a worker
#   burst   (filesystem) BURST executions at once, spread over both workers, none lost or duplicated
#   limit   (database) a file one byte above what n8n can read back from Postgres is refused by Append
#           with the limit in the error, instead of the execution hanging
# Prints a table (scenario, worker, result, seconds, both workers' peak RSS during the scenario) and
# exits non-zero on any failure. Everything it starts is stopped at exit; its folders are removed.
# Env: E2E_QUEUE_MIB (64), E2E_QUEUE_BURST (20), E2E_QUEUE_LIMIT=0 (skip the 256 MiB limit case),
#      E2E_TARBALL (skip the pack), E2E_KEEP=1 (keep the work folder), N8N_SYMBL_CACHE,
#      E2E_QUEUE_PORT_BASE (5681: main, +1 webhook processor, +2/+3 workers' health, +4… task brokers),
#      E2E_QUEUE_PG_PORT (5433), E2E_QUEUE_REDIS_PORT (6380), E2E_QUEUE_EMULATOR_PORT (18390).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../../../.." && pwd)
E2E="$ROOT/tools/test/e2e"
Q="$E2E/queue"
CACHE=${N8N_SYMBL_CACHE:-$HOME/.cache/n8n-nodes-symbl}
VERSIONS=("$@")
[ ${#VERSIONS[@]} -gt 0 ] || read -r -a VERSIONS <<< "${E2E_QUEUE_VERSIONS:-1.123.50 2.40.7}"
MEDIA_MIB=${E2E_QUEUE_MIB:-64}
BURST=${E2E_QUEUE_BURST:-20}
BASE=${E2E_QUEUE_PORT_BASE:-5681}
MAIN_PORT=$BASE HOOK_PORT=$((BASE + 1)) W1_PORT=$((BASE + 2)) W2_PORT=$((BASE + 3))
PG_PORT=${E2E_QUEUE_PG_PORT:-5433}
REDIS_PORT=${E2E_QUEUE_REDIS_PORT:-6380}
EMU_PORT=${E2E_QUEUE_EMULATOR_PORT:-18390}
HOOK="http://127.0.0.1:$HOOK_PORT"
# One byte above what n8n can read back from Postgres: bytea comes back as hex text ("\x" + 2 chars
# per byte) and V8 strings stop at 2^29 - 24 characters.
LIMIT_BYTES=268435444

mkdir -p "$CACHE"
WORK=$(mktemp -d "$CACHE/e2e-queue.XXXXXX")
mkdir -p "$WORK/run"
# shellcheck source=../lib.sh
source "$E2E/lib.sh"
EMU_PID= RESULTS="$WORK/results.tsv" FAILED=0 ROW_OPEN=
T0=$SECONDS

cleanup() {
	local rc=$?
	set +e
	trap - INT TERM
	[ -z "$ROW_OPEN" ] || row "$ROW_OPEN" - FAIL - -
	if [ "$rc" != 0 ]; then
		for log in "$WORK"/run/*.log; do
			[ -f "$log" ] || continue
			echo "-- last lines of $(basename "$log"):"
			grep -v '^    at ' "$log" | tail -8
		done
	fi
	n8n_stop
	[ -z "$EMU_PID" ] || stop_group "$EMU_PID"
	[ -z "$REDIS_PID" ] || stop_group "$REDIS_PID"
	[ -z "$PG_STARTED" ] || pg_stop
	local left
	left=$(still_running)
	! pg_running || left="$left postgres"
	if [ -n "$left" ]; then echo "FAIL: still running: $left"; rc=1; else echo "stopped all ${#STARTED[@]} processes it started (and Postgres)"; fi
	[ ! -f "$RESULTS" ] || print_table
	if [ "${E2E_KEEP:-}" = 1 ]; then
		echo "kept $WORK${PGDIR:+ and $PGDIR}"
	else
		rm -rf "$WORK"
		[ -z "$PGDIR" ] || rm -rf "$PGDIR"
	fi
	[ "$rc" != 0 ] || [ "$FAILED" = 0 ] || rc=1
	echo "e2e:queue: $([ "$rc" = 0 ] && echo 'all passed' || echo FAILED) in $((SECONDS - T0)) s"
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
failed() { echo "FAIL: $*" >&2; exit 1; }
mib() { awk -v k="$2:" '$1 == k { printf "%d", $2 / 1024 }' "/proc/$1/status" 2>/dev/null || echo '?'; }

# ---------- results ----------
VERSION= MODE= T_ROW=0
row() { printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$VERSION" "$MODE" "$1" "$2" "$3" "$4" "$5" >> "$RESULTS"; }
print_table() {
	echo
	awk -F'\t' 'BEGIN { f = "%-9s %-10s %-8s %-22s %-6s %7s  %s\n"
		printf f, "n8n", "binary", "scenario", "worker", "result", "seconds", "RSS MiB at start→peak (worker1 / worker2)" }
		{ printf f, $1, $2, $3, $4, $5, $6, $7 }' "$RESULTS"
}

# ---------- 1. system packages: Redis and Postgres from Debian, no service started ----------
bash "$E2E/system-packages.sh" || failed "Redis and Postgres could not be installed"
for port in "$PG_PORT" "$REDIS_PORT" "$EMU_PORT" $(seq "$BASE" $((BASE + 7))); do
	port_free "$port" || failed "port $port is in use"
done

# ---------- 2. Postgres and Redis, private, on loopback ----------
echo "== Postgres on $PG_PORT, Redis on $REDIS_PORT"
mkdir -p "$WORK/tmp" "$WORK/media"
pg_create "$PG_PORT"
PSQL=(psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -v ON_ERROR_STOP=1 -q)
redis_start "$REDIS_PORT" "$WORK/redis" --save '' --appendonly no || failed "redis did not start"

# everything below writes its temporary files here, not in /tmp
export TMPDIR="$WORK/tmp"

# ---------- 3. the package, the emulator, the media ----------
TARBALL=${E2E_TARBALL:-}
if [ -z "$TARBALL" ]; then
	echo "== build + npm pack"
	TARBALL=$(bash "$E2E/pack.sh" "$WORK" | tail -1)
fi
EMU_LOG="$WORK/run/emulator.log"
(cd "$ROOT" && JOB_STEP_MS=1000 CONCURRENT_JOB_LIMIT=50 exec setsid node -r ts-node/register \
	tools/scripts/emulator.ts "$EMU_PORT") > "$EMU_LOG" 2>&1 &
EMU_PID=$!
STARTED+=("$EMU_PID")
MEDIA="$WORK/media"
cp "$ROOT/tools/test/fixtures/meeting-part1.mp4" "$MEDIA/"
mp4() { # FILE BYTES: an 'ftyp' box, then random bytes
	{ printf '\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2'; head -c $(($2 - 24)) /dev/urandom; } > "$1"
}
VIDEO="$MEDIA/video-${MEDIA_MIB}m.mp4"
mp4 "$VIDEO" $((MEDIA_MIB * 1048576))
[ "${E2E_QUEUE_LIMIT:-1}" = 0 ] || mp4 "$MEDIA/over-limit.mp4" "$LIMIT_BYTES"
scenarios() { node -r ts-node/register "$Q/scenarios.ts" "$@"; }
scenarios workflows "$WORK" "http://127.0.0.1:$EMU_PORT" "$MEDIA"
for _ in $(seq 100); do grep -q listening "$EMU_LOG" && break; sleep 0.2; done
grep -q listening "$EMU_LOG" || failed "the emulator did not start: $(cat "$EMU_LOG")"

# ---------- 4. per version: n8n in queue mode ----------
sql() { psql -h 127.0.0.1 -p "$PG_PORT" -U n8n -d n8n -At -c "$1"; }
last_id() { sql 'select coalesce(max(id::int), 0) from execution_entity'; }
# The first execution of workflow $1 since the scenario began.
first_of() { sql "select min(id::int) from execution_entity where \"workflowId\" = '$1' and id::int > $LAST"; }
# The executions with an id above $1 (all of them, with their data) as JSON, for scenarios.ts.
rows() {
	sql "select coalesce(json_agg(t order by t.id), '[]') from (select e.id::int as id, e.\"workflowId\", e.status::text as status, d.data
		from execution_entity e left join execution_data d on d.\"executionId\" = e.id where e.id::int > $1) t" > "$WORK/rows.json"
}
# Waits until $2 executions of workflow $1 above id $3 have ended (at most $4 s).
await_ended() {
	local _
	for _ in $(seq $((${4:-120} * 2))); do
		[ "$(sql "select count(*) from execution_entity where \"workflowId\" = '$1' and id::int > $3
			and status::text not in ('new', 'running', 'waiting')")" -ge "$2" ] && break
		sleep 0.5
	done
	sleep 1 # a moment for any extra one
}
# How many times worker $1 started execution $2 (a resumed execution is started again).
starts() { grep -c "Worker started execution $2 (" "$WORK/run/$1.log" || true; }
# Which worker ran execution $1: "worker1", "worker2", or "worker1, worker2" when both did.
worker_of() {
	local who= w
	for w in worker1 worker2; do [ "$(starts $w "$1")" = 0 ] || who="${who:+$who, }$w"; done
	echo "${who:-none}"
}
# Peak RSS (VmHWM) is reset before each scenario (clear_refs 5), so each row shows its own peak.
reset_peaks() {
	local w
	for w in worker1 worker2; do
		echo 5 > "/proc/${PIDS[$w]}/clear_refs" 2>/dev/null || true
		RSS0[$w]=$(mib "${PIDS[$w]}" VmRSS)
	done
}
declare -A RSS0=()
# Each worker's resident memory when the scenario began → its peak during the scenario (MiB).
peaks() { echo "${RSS0[worker1]}→$(mib "${PIDS[worker1]}" VmHWM) / ${RSS0[worker2]}→$(mib "${PIDS[worker2]}" VmHWM)"; }
begin() { ROW_OPEN=$1; T_ROW=$SECONDS; reset_peaks; LAST=$(last_id); echo "== [$VERSION $MODE] $1"; }
# Checks the scenario with scenarios.ts and records its row; a failing check fails the run at the end.
finish() { # SCENARIO WORKER CHECK-ARGS…
	local scenario=$1 worker=$2 result=ok
	shift 2
	rows "$LAST"
	scenarios check "$1" "$WORK/rows.json" "$EMU_LOG" "$FLATTED" "${@:2}" || { result=FAIL; FAILED=1; }
	row "$scenario" "$worker" "$result" $((SECONDS - T_ROW)) "$(peaks)"
	ROW_OPEN=
}
post() { # URL [curl args…]: prints the HTTP status; the body goes to $WORK/resp
	curl -s -m 300 -o "$WORK/resp" -w '%{http_code}' -X POST "$@" || echo 000
}

start() { # NAME COMMAND… (env set by the caller); a fresh log per cluster (execution IDs restart per version)
	: > "$WORK/run/$1.log"
	n8n_spawn "$@"
}
start_cluster() { # binary data mode
	echo "== [$VERSION] main, 2 workers, webhook processor (binary data: $1)"
	export N8N_DEFAULT_BINARY_DATA_MODE=$1
	local t=$SECONDS
	N8N_PORT=$MAIN_PORT N8N_RUNNERS_BROKER_PORT=$((BASE + 4)) start main start
	N8N_PORT=$HOOK_PORT N8N_RUNNERS_BROKER_PORT=$((BASE + 5)) start webhook webhook
	QUEUE_HEALTH_CHECK_PORT=$W1_PORT N8N_RUNNERS_BROKER_PORT=$((BASE + 6)) start worker1 worker --concurrency=10
	QUEUE_HEALTH_CHECK_PORT=$W2_PORT N8N_RUNNERS_BROKER_PORT=$((BASE + 7)) start worker2 worker --concurrency=10
	local ready _ name
	for _ in $(seq 480); do
		ready=1
		for name in main webhook worker1 worker2; do
			kill -0 "${PIDS[$name]}" 2>/dev/null || failed "n8n $name exited: $(tail -5 "$WORK/run/$name.log")"
		done
		for port in $W1_PORT $W2_PORT; do
			[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/healthz/readiness")" = 200 ] || ready=
		done
		# The webhook processor serves an active workflow's production URL once main registered it (401: no token).
		[ "$(curl -s -o /dev/null -w '%{http_code}' -X POST "$HOOK/webhook/q-symbl-trigger/symbl")" = 401 ] || ready=
		[ -z "$ready" ] || break
		sleep 0.5
	done
	[ -n "$ready" ] || failed "the cluster was not ready within 4 minutes"
	echo "cluster ready in $((SECONDS - t)) s: main ${PIDS[main]}, webhook ${PIDS[webhook]}, workers ${PIDS[worker1]} ${PIDS[worker2]}"
}

for VERSION in "${VERSIONS[@]}"; do
	MODE=setup
	ROW_OPEN=setup T_ROW=$SECONDS
	NODE_BIN=
	case "$VERSION" in 2.*) NODE_BIN="$CACHE/node-24/bin" ;; esac
	N8N=$(bash "$E2E/install-n8n.sh" "$VERSION" | tail -1)
	FLATTED="$(dirname "$(dirname "$N8N")")/flatted"
	"${PSQL[@]}" -c 'DROP DATABASE IF EXISTS n8n' -c 'CREATE DATABASE n8n OWNER n8n'
	redis-cli -p "$REDIS_PORT" flushall > /dev/null

	# One user folder for every process: the package is installed once, and filesystem-mode binary
	# data (N8N_USER_FOLDER/.n8n/binaryData) is one folder all of them read and write.
	export N8N_USER_FOLDER="$WORK/user-$VERSION"
	bash "$E2E/install-package.sh" "$N8N_USER_FOLDER" "$TARBALL"

	export EXECUTIONS_MODE=queue QUEUE_BULL_REDIS_HOST=127.0.0.1 QUEUE_BULL_REDIS_PORT=$REDIS_PORT \
		DB_TYPE=postgresdb DB_POSTGRESDB_HOST=127.0.0.1 DB_POSTGRESDB_PORT=$PG_PORT DB_POSTGRESDB_DATABASE=n8n \
		DB_POSTGRESDB_USER=n8n DB_POSTGRESDB_PASSWORD=n8n \
		N8N_ENCRYPTION_KEY=queue-e2e-key WEBHOOK_URL="$HOOK/" N8N_DISABLE_PRODUCTION_MAIN_PROCESS=true \
		N8N_LISTEN_ADDRESS=127.0.0.1 N8N_WORKER_SERVER_ADDRESS=127.0.0.1 QUEUE_HEALTH_CHECK_ACTIVE=true \
		N8N_AVAILABLE_BINARY_DATA_MODES=filesystem,database N8N_RESTRICT_FILE_ACCESS_TO="$MEDIA" \
		N8N_LOG_LEVEL=info N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS=false N8N_DIAGNOSTICS_ENABLED=false \
		N8N_VERSION_NOTIFICATIONS_ENABLED=false N8N_PERSONALIZATION_ENABLED=false N8N_TEMPLATES_ENABLED=false \
		N8N_SECURE_COOKIE=false
	case "$VERSION" in 1.*) export N8N_RUNNERS_ENABLED=false ;; *) unset N8N_RUNNERS_ENABLED ;; esac
	n8n() { PATH="${NODE_BIN:+$NODE_BIN:}$PATH" "$N8N" "$@" >> "$WORK/run/import-$VERSION.log" 2>&1 ||
		{ tail -20 "$WORK/run/import-$VERSION.log"; failed "n8n $*"; }; }
	n8n import:credentials --input="$WORK/credentials.json"
	n8n import:workflow --input="$WORK/workflows.json"
	for id in qBody qAppend qBurst qWait qTrigger; do
		case "$VERSION" in 1.*) n8n update:workflow --id="$id" --active=true ;; *) n8n publish:workflow --id="$id" ;; esac
	done
	row setup - ok $((SECONDS - T_ROW)) -
	ROW_OPEN=

	for MODE in filesystem database; do
		start_cluster "$MODE"

		begin body
		code=$(post "$HOOK/webhook/q-body?name=body-$VERSION-$MODE" -H 'Content-Type: video/mp4' --data-binary "@$VIDEO")
		[ "$code" = 200 ] || echo "the webhook answered $code $(head -c 300 "$WORK/resp")"
		CONV=$(node -e 'try { const a = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
			console.log((Array.isArray(a) ? a[0] : a).conversationId ?? "") } catch { console.log("") }' "$WORK/resp")
		await_ended qBody 1 "$LAST"
		finish body "$(worker_of "$(first_of qBody)")" body "body-$VERSION-$MODE" "$VIDEO"

		begin append
		code=$(post "$HOOK/webhook/q-append" -H 'Content-Type: application/json' \
			--data "{\"file\":\"$VIDEO\",\"conversationId\":\"$CONV\"}")
		[ "$code" = 200 ] || echo "the webhook answered $code $(head -c 300 "$WORK/resp")"
		await_ended qAppend 1 "$LAST"
		finish append "$(worker_of "$(first_of qAppend)")" append "$CONV" "$VIDEO"

		if [ "$MODE" = filesystem ]; then
			begin trigger
			code=$(post "$HOOK/webhook/q-symbl-trigger/symbl?token=q-token&conversationId=$CONV" \
				-H 'Content-Type: application/json' --data "{\"jobId\":\"job-$VERSION\",\"status\":\"completed\"}")
			[ "$code" = 200 ] || echo "the trigger answered $code $(cat "$WORK/resp")"
			await_ended qTrigger 1 "$LAST"
			finish trigger "$(worker_of "$(first_of qTrigger)")" trigger "job-$VERSION" "$CONV"

			begin wait
			code=$(post "$HOOK/webhook/q-wait" -H 'Content-Type: application/json' --data "{\"name\":\"wait-$VERSION\"}")
			[ "$code" = 200 ] || echo "the webhook answered $code $(cat "$WORK/resp")"
			# Who ran the part before the wait, then who ran it after Symbl's callback resumed it.
			first=none
			for _ in $(seq 120); do
				id=$(first_of qWait)
				[ -z "$id" ] || first=$(worker_of "$id")
				[ "$first" = none ] || break
				sleep 0.25
			done
			await_ended qWait 1 "$LAST" 90
			resumed=none
			for w in worker1 worker2; do
				[ "$(starts $w "$id")" -lt "$([ "$w" = "$first" ] && echo 2 || echo 1)" ] || resumed=$w
			done
			finish wait "$first, then $resumed" wait "wait-$VERSION"

			begin burst
			clients=()
			for i in $(seq 0 $((BURST - 1))); do
				curl -s -m 120 -o /dev/null -X POST -H 'Content-Type: application/json' \
					--data "{\"key\":\"burst-$VERSION-$i\"}" "$HOOK/webhook/q-burst" &
				clients+=($!)
			done
			wait "${clients[@]}"
			await_ended qBurst "$BURST" "$LAST"
			split=$(for id in $(sql "select id from execution_entity where \"workflowId\" = 'qBurst' and id::int > $LAST"); do
				worker_of "$id"; done | sort | uniq -c | awk '{ printf "%s%s %s", sep, $2, $1; sep = ", " }')
			finish burst "$split" burst "burst-$VERSION" "$BURST"
			case "$split" in *worker1*worker2*) ;; *) echo "FAIL: the burst did not spread over both workers: $split"; FAILED=1 ;; esac
		elif [ "${E2E_QUEUE_LIMIT:-1}" != 0 ]; then
			begin limit
			code=$(post "$HOOK/webhook/q-append" -H 'Content-Type: application/json' \
				--data "{\"file\":\"$MEDIA/over-limit.mp4\",\"conversationId\":\"$CONV\"}")
			echo "the webhook answered $code (an error is expected)"
			await_ended qAppend 1 "$LAST" 180
			finish limit "$(worker_of "$(first_of qAppend)")" refused "$MEDIA/over-limit.mp4"
		fi
		n8n_stop
	done
done
