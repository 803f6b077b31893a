#!/usr/bin/env bash
# npm run e2e:faults — the packed package in real n8n processes that are stopped, killed and flooded
# while they work, on this machine and only on loopback, against the Symbl emulator (which sends
# Symbl's documented {jobId, status} callbacks once each and never retries a failed delivery).
#   bash tools/test/e2e/faults/faults.sh [N8N_VERSION…]    (default: E2E_FAULTS_VERSIONS, "1.123.50 2.40.7")
# Per version, two single-process (regular mode, SQLite) n8n instances for A, and one queue-mode
# cluster (Postgres, Redis with appendonly, one main, two workers, TWO webhook processors) for B-E:
#   A  n8n restarted while 5 executions wait on "Resume on Symbl's Callback": SIGTERM on one
#      instance, SIGKILL on the other; the live emulator's 3 callbacks fail while it is down, the
#      test sends the other 2 (recorded by the held emulator) after the restart; all 5 must end
#      with their real results (each reaches the sink once, with its own completed job)
#   B  a worker SIGKILLed a quarter into a 256 MiB upload (Read Files → Submit Video, filesystem
#      binary data): the item must end with exactly one Symbl job, or a visible failure
#   C1 each of C_JOBS jobs' callback sent twice to the Symbl Trigger, once on each webhook processor
#      (half: the second copy after the first was answered; half: both at once): one run per job,
#      the trigger's memory (seeded with 450 jobs) stays at most 500 jobs; then C_SERIAL more jobs
#      one request at a time (no concurrency: the memory shared by both processors, and its cap);
#      then C_SAME jobs whose two copies go one after the other to the same processor
#   C2 the same for C_JOBS executions waiting on their callbacks (resume URLs from the held emulator):
#      each reaches the sink once. The held emulator's jobs outlast the node's first check of its own
#      (a minute after the upload) and the next one is the time limit, so only the test's callbacks
#      can end these waits: the row FAILs unless every execution was waiting when they were sent
#   D  Redis SIGKILLed and restarted (appendonly) while executions are queued with no worker; then
#      Postgres restarted while executions wait on their callbacks (started with C2's, the same
#      way): every execution ends, every upload is one Symbl job
#   E  the webhook processor in Symbl's callback URLs is down: the callbacks fail, are not re-sent,
#      and the node's safety net alone must finish the executions
# Measured, not failed on (see the README's Reliability section): C1's duplicates when callbacks
# overlap at two processors (sequential, concurrent), C2's concurrent ones on n8n 1.x. Failed on:
# C1 serial and same-processor duplicates, C2 sequential ones, C2 concurrent ones on 2.x.
# Prints one row per scenario and exits non-zero on any failure. Everything it starts is stopped
# at exit, even on failure; its folders are removed (E2E_KEEP=1 keeps them).
# Env: E2E_FAULTS_PORT_BASE (5700: n8n A +0/+1, main +2, webhook processors +3/+4, workers' health
#      +5/+6), E2E_FAULTS_BROKER_BASE (5730: task brokers +0…+6), E2E_FAULTS_PG_PORT (5435),
#      E2E_FAULTS_REDIS_PORT (6382), E2E_FAULTS_EMULATOR_PORT (18490; the sink +1, the held emulator +2),
#      E2E_FAULTS_LIMIT_MIN (3: the waits' time limit), E2E_FAULTS_SAFETY_MIN (1: the safety check),
#      E2E_FAULTS_C_JOBS (50 per C part), E2E_FAULTS_C_SERIAL (60:
#      C1 jobs sent one request at a time, past the trigger's 500), E2E_FAULTS_C_SAME (20),
#      E2E_FAULTS_BIG_MIB (256), E2E_FAULTS_D_COUNT (5),
#      E2E_FAULTS_STEP_MS (20000: the live emulator's time between a job's statuses),
#      E2E_FAULTS_HELD_STEP_MS (50000: the held emulator's; its jobs end 2 steps after the upload,
#      after the node's first check at a minute), E2E_FAULTS_AUDIT=1 (record every write of the
#      trigger workflow's static data, with the writing process, in the kept folder),
#      E2E_TARBALL (skip the pack), E2E_KEEP=1, N8N_SYMBL_CACHE.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../../../.." && pwd)
E2E="$ROOT/tools/test/e2e"
CACHE=${N8N_SYMBL_CACHE:-$HOME/.cache/n8n-nodes-symbl}
VERSIONS=("$@")
[ ${#VERSIONS[@]} -gt 0 ] || read -r -a VERSIONS <<< "${E2E_FAULTS_VERSIONS:-1.123.50 2.40.7}"
BASE=${E2E_FAULTS_PORT_BASE:-5700}
BROKER=${E2E_FAULTS_BROKER_BASE:-5730}
R1_PORT=$BASE R2_PORT=$((BASE + 1)) MAIN_PORT=$((BASE + 2)) HOOK1_PORT=$((BASE + 3)) HOOK2_PORT=$((BASE + 4))
W1_PORT=$((BASE + 5)) W2_PORT=$((BASE + 6))
PG_PORT=${E2E_FAULTS_PG_PORT:-5435}
REDIS_PORT=${E2E_FAULTS_REDIS_PORT:-6382}
EMU_PORT=${E2E_FAULTS_EMULATOR_PORT:-18490}
SINK_PORT=$((EMU_PORT + 1)) HELD_PORT=$((EMU_PORT + 2))
LIMIT=${E2E_FAULTS_LIMIT_MIN:-3}
SAFETY=${E2E_FAULTS_SAFETY_MIN:-1}
C_JOBS=${E2E_FAULTS_C_JOBS:-50}
C_SAME=${E2E_FAULTS_C_SAME:-20}
HELD_STEP_MS=${E2E_FAULTS_HELD_STEP_MS:-50000}
BIG_MIB=${E2E_FAULTS_BIG_MIB:-256}
D_COUNT=${E2E_FAULTS_D_COUNT:-5}
C_SERIAL=${E2E_FAULTS_C_SERIAL:-60}
STEP_MS=${E2E_FAULTS_STEP_MS:-20000}
HOOK1="http://127.0.0.1:$HOOK1_PORT" HOOK2="http://127.0.0.1:$HOOK2_PORT"
TRIGGER_PATH=webhook/f-symbl-trigger/symbl

mkdir -p "$CACHE"
WORK=$(mktemp -d "$CACHE/e2e-faults.XXXXXX")
mkdir -p "$WORK/run" "$WORK/tmp" "$WORK/media"
# shellcheck source=../lib.sh
source "$E2E/lib.sh"
RESULTS="$WORK/results.tsv" FAILED=0 A_PID= VERSION=-
T0=$SECONDS
phase() { echo "== [$VERSION] $* (+$((SECONDS - T0)) s)"; }
failed() { echo "FAIL: $*" >&2; exit 1; }
faults() { TS_NODE_TRANSPILE_ONLY=true node -r ts-node/register "$ROOT/tools/test/e2e/faults/faults.ts" "$@"; }
# POSTs {"key": KEY} to URL for every KEY, all at once (curl: a ts-node start costs seconds here).
start_keys() {
	local url=$1 key pids=()
	shift
	for key in "$@"; do
		curl -s -m 60 -o /dev/null -X POST -H 'Content-Type: application/json' --data "{\"key\":\"$key\"}" "$url" & pids+=($!)
	done
	wait "${pids[@]}"
}

# ---------- results: one row per scenario ----------
# row SCENARIO SECONDS CHECK-OUTPUT (done, statuses, jobs, duplicates, losses, result, notes)
row() { printf '%s\t%s\t%s\t%s\n' "$VERSION" "$1" "$2" "$3" >> "$RESULTS"; }
# A row for a scenario that could not be checked at all.
broken() { row "$1" "$2" "$3"$'\t-\t-\t-\t-\tFAIL\t'"$4"; }
print_table() {
	echo
	echo "| n8n | scenario | what was done | executions ended | Symbl jobs per item | duplicates | losses | s | result |"
	echo "|---|---|---|---|---|---|---|---|---|"
	awk -F'\t' '{ printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $4, $5, $6, $7, $8, $3, $9 }' "$RESULTS"
	awk -F'\t' '$10 != "" { printf "  %s %s: %s\n", $1, $2, $10 }' "$RESULTS"
}

cleanup() {
	local rc=$?
	set +e
	trap - INT TERM
	[ -z "$A_PID" ] || { kill -TERM "$A_PID" 2>/dev/null; wait "$A_PID" 2>/dev/null; }
	if [ "$rc" != 0 ]; then
		for log in "$WORK"/run/*.log; do
			[ -f "$log" ] || continue
			echo "-- last lines of $(basename "$log"):"
			grep -v '^    at ' "$log" | tail -6
		done
	fi
	n8n_stop
	local pid
	for pid in $(cat "$WORK/run/started" 2>/dev/null) "${STARTED[@]}"; do stop_group "$pid" 5; done
	[ -z "$PG_STARTED" ] || ! pg_running || pg_stop
	local left
	left=$(still_running)
	! pg_running || left="$left postgres"
	if [ -n "$left" ]; then echo "FAIL: still running: $left"; rc=1; else echo "stopped every process it started (and Postgres)"; fi
	[ ! -f "$RESULTS" ] || print_table
	# Before the folder (and the results in it) is removed: a FAIL row fails the run.
	[ ! -f "$RESULTS" ] || ! awk -F'\t' '$9 == "FAIL" { found = 1 } END { exit !found }' "$RESULTS" || FAILED=1
	if [ "${E2E_KEEP:-}" = 1 ]; then
		echo "kept $WORK${PGDIR:+ and $PGDIR}"
	else
		rm -rf "$WORK"
		[ -z "$PGDIR" ] || rm -rf "$PGDIR"
	fi
	[ "$rc" != 0 ] || [ "$FAILED" = 0 ] || rc=1
	echo "e2e:faults: $([ "$rc" = 0 ] && echo 'all passed' || echo FAILED) in $((SECONDS - T0)) s"
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------- 1. Postgres, Redis (appendonly, as production should run it), emulators, sink ----------
phase "system packages, ports"
bash "$E2E/system-packages.sh" || failed "Redis and Postgres could not be installed"
for port in "$PG_PORT" "$REDIS_PORT" "$EMU_PORT" "$SINK_PORT" "$HELD_PORT" $(seq "$BASE" $((BASE + 6))) $(seq "$BROKER" $((BROKER + 6))); do
	port_free "$port" || failed "port $port is in use"
done
export TMPDIR="$WORK/tmp"
phase "Postgres on $PG_PORT, Redis on $REDIS_PORT (appendonly yes, appendfsync everysec)"
pg_create "$PG_PORT"
REDIS_ARGS=(--save '' --appendonly yes --appendfsync everysec)
redis_start "$REDIS_PORT" "$WORK/redis" "${REDIS_ARGS[@]}" || failed "redis did not start"

TARBALL=${E2E_TARBALL:-}
if [ -z "$TARBALL" ]; then
	phase "build + npm pack"
	TARBALL=$(bash "$E2E/pack.sh" "$WORK" | tail -1)
fi
LIVE_LOG="$WORK/run/emulator-live.log" HELD_LOG="$WORK/run/emulator-held.log" SINK_LOG="$WORK/run/sink.jsonl"
spawn() { # NAME LOG COMMAND…: a helper process in its own group
	local name=$1 log=$2
	shift 2
	(cd "$ROOT" && exec setsid "$@") > "$log" 2>&1 &
	STARTED+=($!)
	echo $! >> "$WORK/run/started"
}
# The live emulator sends every callback (once); the held one records them for the test to send.
JOB_STEP_MS=$STEP_MS CONCURRENT_JOB_LIMIT=500 spawn live "$LIVE_LOG" node -r ts-node/register tools/scripts/emulator.ts "$EMU_PORT"
JOB_STEP_MS=$HELD_STEP_MS CONCURRENT_JOB_LIMIT=500 EMULATOR_DEVIATIONS=callbacksNotDelivered \
	spawn held "$HELD_LOG" node -r ts-node/register tools/scripts/emulator.ts "$HELD_PORT"
spawn sink "$WORK/run/sink.log" node -r ts-node/register tools/test/e2e/faults/faults.ts sink "$SINK_PORT" "$SINK_LOG"
MEDIA="$WORK/media"
cp "$ROOT/tools/test/fixtures/meeting-part1.mp4" "$MEDIA/"
BIG="$MEDIA/big.mp4"
{ printf '\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2'; head -c $((BIG_MIB * 1048576 - 24)) /dev/urandom; } > "$BIG"
faults workflows "$WORK" "http://127.0.0.1:$EMU_PORT" "http://127.0.0.1:$HELD_PORT" "http://127.0.0.1:$SINK_PORT" \
	"$MEDIA" "$LIMIT" "$SAFETY"
for log in "$LIVE_LOG" "$HELD_LOG" "$WORK/run/sink.log"; do
	for _ in $(seq 150); do grep -q listening "$log" && break; sleep 0.2; done
	grep -q listening "$log" || failed "$(basename "$log" .log) did not start: $(cat "$log")"
done

# ---------- helpers: n8n's executions ----------
sql() { psql -h 127.0.0.1 -p "$PG_PORT" -U n8n -d n8n -At -c "$1"; }
# Every execution of the queue cluster (Postgres) or of an A instance (its SQLite file), as JSON.
rows_pg() {
	sql "select coalesce(json_agg(t order by t.id), '[]') from (select e.id::int as id, e.\"workflowId\",
		e.status::text as status, e.\"startedAt\", e.\"stoppedAt\", d.data
		from execution_entity e left join execution_data d on d.\"executionId\" = e.id) t"
}
rows_sqlite() {
	python3 - "$1/.n8n/database.sqlite" <<-'PY'
		import json, sqlite3, sys
		db = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True, timeout=30)
		db.row_factory = sqlite3.Row
		rows = db.execute("select e.id, e.workflowId, e.status, e.startedAt, e.stoppedAt, d.data from execution_entity e"
		                  " left join execution_data d on d.executionId = e.id order by e.id").fetchall()
		print(json.dumps([dict(r) for r in rows]))
	PY
}
count_sqlite() { # USER_FOLDER WORKFLOW STATUS-SQL: executions of WORKFLOW whose status matches
	python3 - "$1/.n8n/database.sqlite" "$2" "$3" <<-'PY'
		import sqlite3, sys
		db = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True, timeout=30)
		print(db.execute(f"select count(*) from execution_entity where workflowId = ? and status {sys.argv[3]}", (sys.argv[2],)).fetchone()[0])
	PY
}
count_pg() { sql "select count(*) from execution_entity where \"workflowId\" = '$1' and status::text $2"; }
ENDED="not in ('new', 'running', 'waiting', 'unknown')"
# until SECONDS-LIMIT WHAT COMMAND…: polls COMMAND (every second) until it succeeds.
until_true() {
	local limit=$1 what=$2 t=$SECONDS
	shift 2
	while ! "$@" 2> /dev/null; do
		[ $((SECONDS - t)) -lt "$limit" ] || { echo "gave up after ${limit} s waiting for: $what" >&2; return 1; }
		sleep 1
	done
}
pg_at_least() { [ "$(count_pg "$1" "$2")" -ge "$3" ]; }
sqlite_at_least() { [ "$(count_sqlite "$1" "$2" "$3")" -ge "$4" ]; }
# Executions of WORKFLOW that ended stop changing (and none is running) for 3 s (at most 180 s).
settled_pg() {
	local workflow=$1 min=$2 last=-1 same=0 now t=$SECONDS
	while [ "$same" -lt 3 ] && [ $((SECONDS - t)) -lt 180 ]; do
		now="$(count_pg "$workflow" "$ENDED")/$(count_pg "$workflow" "in ('new', 'running')")"
		if [ "$now" = "$last" ] && [ "${now%/*}" -ge "$min" ] && [ "${now#*/}" = 0 ]; then same=$((same + 1)); else same=0; fi
		last=$now
		sleep 1
	done
}
waiting_at_most() { [ "$(count_pg "$1" "= 'waiting'")" -le "$2" ]; }
answers() { curl -s -o /dev/null -w '%{http_code}' -X POST "$@" || true; }
trigger_ready() { [ "$(answers "$1/$TRIGGER_PATH")" = 401 ]; } # the trigger answers: no token
worker_ready() { [ "$(http_code "http://127.0.0.1:$1/healthz/readiness")" = 200 ]; }
alive() { kill -0 "${PIDS[$1]}" 2> /dev/null; }

# ---------- per version ----------
for VERSION in "${VERSIONS[@]}"; do
	phase "install n8n, the package, the workflows"
	T_SETUP=$SECONDS
	NODE_BIN=
	case "$VERSION" in 2.*) NODE_BIN="$CACHE/node-24/bin" ;; esac
	N8N=$(bash "$E2E/install-n8n.sh" "$VERSION" | tail -1)
	FLATTED="$(dirname "$(dirname "$N8N")")/flatted"
	pg_fresh_db n8n
	redis-cli -p "$REDIS_PORT" flushall > /dev/null

	COMMON=(N8N_ENCRYPTION_KEY=faults-e2e-key N8N_LISTEN_ADDRESS=127.0.0.1 N8N_LOG_LEVEL=info
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS=false N8N_DIAGNOSTICS_ENABLED=false N8N_VERSION_NOTIFICATIONS_ENABLED=false
		N8N_PERSONALIZATION_ENABLED=false N8N_TEMPLATES_ENABLED=false N8N_SECURE_COOKIE=false
		N8N_DEFAULT_BINARY_DATA_MODE=filesystem N8N_RESTRICT_FILE_ACCESS_TO="$MEDIA")
	case "$VERSION" in 1.*) COMMON+=(N8N_RUNNERS_ENABLED=false) ;; esac
	U_R1="$WORK/user-$VERSION-r1" U_R2="$WORK/user-$VERSION-r2" U_Q="$WORK/user-$VERSION-q"
	R_ENV=("${COMMON[@]}" EXECUTIONS_MODE=regular DB_TYPE=sqlite)
	Q_ENV=("${COMMON[@]}" N8N_USER_FOLDER="$U_Q" EXECUTIONS_MODE=queue QUEUE_BULL_REDIS_HOST=127.0.0.1
		QUEUE_BULL_REDIS_PORT="$REDIS_PORT" DB_TYPE=postgresdb DB_POSTGRESDB_HOST=127.0.0.1 DB_POSTGRESDB_PORT="$PG_PORT"
		DB_POSTGRESDB_DATABASE=n8n DB_POSTGRESDB_USER=n8n DB_POSTGRESDB_PASSWORD=n8n WEBHOOK_URL="$HOOK1/"
		N8N_DISABLE_PRODUCTION_MAIN_PROCESS=true N8N_WORKER_SERVER_ADDRESS=127.0.0.1 QUEUE_HEALTH_CHECK_ACTIVE=true)
	cli() { # ENV-ARRAY-NAME ARGS…: one n8n CLI command
		local -n env_=$1
		shift
		PATH="${NODE_BIN:+$NODE_BIN:}$PATH" env "${env_[@]}" "$N8N" "$@" >> "$WORK/run/cli-$VERSION.log" 2>&1 ||
			{ tail -20 "$WORK/run/cli-$VERSION.log"; return 1; }
	}
	activate() { # ENV-ARRAY-NAME WORKFLOW-ID…
		local env_name=$1 id
		shift
		case "$VERSION" in
		1.*) cli "$env_name" update:workflow --all --active=true ;;
		# n8n 2.x publishes one workflow per CLI start (~15 s each here); publish:workflow's own
		# update (WorkflowRepository.publishVersion) instead, in one statement per database.
		*) local ids
			ids=$(printf "'%s'," "$@")
			if [ "$env_name" = Q_ENV ]; then
				sql "update workflow_entity set active = true, \"activeVersionId\" = \"versionId\" where id in (${ids%,})" > /dev/null
			else
				python3 - "$U_R1/.n8n/database.sqlite" "${ids%,}" <<-'PY'
					import sqlite3, sys
					db = sqlite3.connect(sys.argv[1], timeout=30)
					db.execute(f"update workflow_entity set active = 1, activeVersionId = versionId where id in ({sys.argv[2]})")
					db.commit()
				PY
			fi ;;
		esac
	}
	setup_r() {
		local R1_ENV=("${R_ENV[@]}" N8N_USER_FOLDER="$U_R1")
		bash "$E2E/install-package.sh" "$U_R1" "$TARBALL" && cli R1_ENV import:credentials --input="$WORK/credentials.json" &&
			cli R1_ENV import:workflow --input="$WORK/workflows.json" && activate R1_ENV fWait fWaitHeld fTrigger
	}
	setup_q() {
		bash "$E2E/install-package.sh" "$U_Q" "$TARBALL" && cli Q_ENV import:credentials --input="$WORK/credentials.json" &&
			cli Q_ENV import:workflow --input="$WORK/workflows.json" && activate Q_ENV fUpload fWait fWaitLong fWaitPg fTrigger
	}
	setup_r & r_setup=$!
	setup_q || failed "setting up the queue cluster's n8n"
	wait "$r_setup" || failed "setting up the single-process n8n"
	cp -a "$U_R1" "$U_R2"
	echo "setup took $((SECONDS - T_SETUP)) s"

	phase "start 2 single-process n8n (A), and the queue cluster: main, 2 webhook processors, 2 workers"
	T_START=$SECONDS
	# Each process has its own event log, as on its own host: n8n's crash recovery reads it at start.
	start_r() { # NAME PORT BROKER USER_FOLDER
		N8N_ENV=("${R_ENV[@]}" N8N_EVENTBUS_LOGWRITER_LOGBASENAME="events-$1" N8N_PORT="$2" N8N_RUNNERS_BROKER_PORT="$3" N8N_USER_FOLDER="$4" WEBHOOK_URL="http://127.0.0.1:$2/")
		n8n_spawn "$1" start
	}
	start_q() { # NAME PORT BROKER COMMAND…
		local name=$1 port=$2 broker=$3
		shift 3
		case "$1" in worker) N8N_ENV=("${Q_ENV[@]}" QUEUE_HEALTH_CHECK_PORT="$port" N8N_RUNNERS_BROKER_PORT="$broker") ;;
		*) N8N_ENV=("${Q_ENV[@]}" N8N_PORT="$port" N8N_RUNNERS_BROKER_PORT="$broker") ;; esac
		N8N_ENV+=(N8N_EVENTBUS_LOGWRITER_LOGBASENAME="events-$name")
		# main at debug level: its WaitTracker ("waiting-executions") says when it resumes what.
		[ "$name" != main ] || N8N_ENV+=(N8N_LOG_LEVEL=debug)
		n8n_spawn "$name" "$@"
	}
	start_r r1 "$R1_PORT" "$BROKER" "$U_R1"
	start_r r2 "$R2_PORT" $((BROKER + 1)) "$U_R2"
	start_q main "$MAIN_PORT" $((BROKER + 2)) start
	start_q hook1 "$HOOK1_PORT" $((BROKER + 3)) webhook
	start_q hook2 "$HOOK2_PORT" $((BROKER + 4)) webhook
	start_q worker1 "$W1_PORT" $((BROKER + 5)) worker --concurrency=10
	start_q worker2 "$W2_PORT" $((BROKER + 6)) worker --concurrency=10
	all_ready() {
		local name
		for name in r1 r2 main hook1 hook2 worker1 worker2; do alive "$name" || failed "n8n $name exited: $(tail -5 "$WORK/run/$name.log")"; done
		trigger_ready "http://127.0.0.1:$R1_PORT" && trigger_ready "http://127.0.0.1:$R2_PORT" &&
			trigger_ready "$HOOK1" && trigger_ready "$HOOK2" && worker_ready "$W1_PORT" && worker_ready "$W2_PORT"
	}
	until_true 420 "every n8n process answering" all_ready || failed "n8n did not start"
	echo "all 7 n8n processes ready in $((SECONDS - T_START)) s"

	# ---------- A, in the background: the single-process instances restarted while 5 executions wait ----------
	a_all() { # STATUS-SQL: all 5 executions of each instance match
		sqlite_at_least "$U_R1" fWait "$1" 3 && sqlite_at_least "$U_R1" fWaitHeld "$1" 2 &&
			sqlite_at_least "$U_R2" fWait "$1" 3 && sqlite_at_least "$U_R2" fWaitHeld "$1" 2
	}
	both_ready() { trigger_ready "http://127.0.0.1:$R1_PORT" && trigger_ready "http://127.0.0.1:$R2_PORT"; }
	run_a() {
		local t=$SECONDS name port user signal prefix down started t_down t_up pending=()
		# The live emulator's callbacks come 2 × STEP_MS after each upload: all 10 start at once.
		local v=$VERSION r1="http://127.0.0.1:$R1_PORT/webhook" r2="http://127.0.0.1:$R2_PORT/webhook"
		start_keys "$r1/f-wait" "A-term-$v-0" "A-term-$v-1" "A-term-$v-2" &
		start_keys "$r1/f-wait-held" "A-term-${v}h-0" "A-term-${v}h-1" &
		start_keys "$r2/f-wait" "A-kill-$v-0" "A-kill-$v-1" "A-kill-$v-2" &
		start_keys "$r2/f-wait-held" "A-kill-${v}h-0" "A-kill-${v}h-1" &
		wait
		until_true 180 "5 waiting executions on each instance" a_all "= 'waiting'" ||
			{ echo "A: the executions did not all wait" >&2; return 1; }
		echo "5 executions waiting on each instance after $((SECONDS - t)) s: SIGTERM to r1, SIGKILL to r2"
		t_down=$SECONDS
		stop_group "$(cat "$WORK/run/r1.pid")" 60 & local term=$!
		kill_group "$(cat "$WORK/run/r2.pid")"
		wait "$term"
		echo "r1 stopped after $((SECONDS - t_down)) s (SIGTERM), r2 killed; waiting for the live emulator's callbacks"
		local lost1 lost2
		lost1=$(faults await-completed "$LIVE_LOG" "A-term-$VERSION" 3 120)
		lost2=$(faults await-completed "$LIVE_LOG" "A-kill-$VERSION" 3 120)
		down=$((SECONDS - t_down))
		echo "while down: r1's callbacks: $lost1; r2's: $lost2. Restarting both"
		t_up=$SECONDS
		start_r r1 "$R1_PORT" "$BROKER" "$U_R1"
		start_r r2 "$R2_PORT" $((BROKER + 1)) "$U_R2"
		until_true 300 "r1 and r2 answering again" both_ready ||
			{ echo "A: n8n did not come back" >&2; return 1; }
		local up=$((SECONDS - t_up))
		echo "both back after $up s: sending the held emulator's 2 callbacks to each"
		faults resume-callbacks "$WORK/a-term-sent.json" once "$HELD_LOG" "A-term-${VERSION}h" 2 "http://127.0.0.1:$R1_PORT"
		faults resume-callbacks "$WORK/a-kill-sent.json" once "$HELD_LOG" "A-kill-${VERSION}h" 2 "http://127.0.0.1:$R2_PORT"
		# The safety net wakes within about SAFETY + 1 minutes (WaitTracker polls every 60 s); the
		# time limit ends the wait at the latest.
		until_true $((LIMIT * 60 + 180)) "the 10 executions of A ending" a_all "$ENDED" || true
		sleep 3 # the sink's last calls
		local out
		for name in r1 r2; do
			user=$U_R1 prefix="A-term-$VERSION" signal=SIGTERM
			[ "$name" = r1 ] || user=$U_R2 prefix="A-kill-$VERSION" signal=SIGKILL
			rows_sqlite "$user" > "$WORK/rows-a-$name.json"
			out=$(faults check A "$WORK/rows-a-$name.json" "$LIVE_LOG" "$HELD_LOG" "$SINK_LOG" "$FLATTED" \
				prefix="$prefix" live=3 held=2 version="$VERSION" \
				done="single-process n8n (SQLite), 5 executions waiting (3 on the live emulator, 2 on the held one); $signal; down ${down} s, back in ${up} s") || true
			row "A $signal" $((SECONDS - t)) "$out"
		done
	}
	run_a 2>&1 | sed -u 's/^/    [A] /' &
	A_PID=$!

	# ---------- E, first part: Symbl's callbacks cannot be delivered ----------
	phase "E: webhook processor 1 (the one in Symbl's callback URLs) stopped; 2 executions wait on the live emulator"
	T_E=$SECONDS
	n8n_stop hook1
	start_keys "$HOOK2/webhook/f-wait" "E-$VERSION-0" "E-$VERSION-1"
	until_true 120 "2 executions of E waiting" pg_at_least fWait "= 'waiting'" 2 || true

	# ---------- B: a worker SIGKILLed in the middle of a 256 MiB upload ----------
	phase "B: SIGKILL a worker a quarter into a $BIG_MIB MiB upload"
	T_B=$SECONDS
	faults watch-upload $((BIG_MIB * 1048576)) 240 "$MEDIA" "${PIDS[worker1]}" "${PIDS[worker2]}" > "$WORK/b-watch.json" 2> "$WORK/b-watch.err" &
	watcher=$!
	faults start "B-$VERSION" 1 "{\"file\":\"$BIG\"}" "$HOOK2/webhook/f-upload"
	B_KILLED= B_POLLER=
	if wait "$watcher"; then
		T_KILL=$SECONDS
		B_KILLED=$(node -e 'const w = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
			console.log(`${Math.round(w.pos / 1048576)} MiB of ${process.argv[2]} MiB read`)' "$WORK/b-watch.json" "$BIG_MIB")
		killed_pid=$(node -p 'JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).killed' "$WORK/b-watch.json")
		B_WORKER=worker1
		[ "$killed_pid" = "${PIDS[worker1]}" ] || B_WORKER=worker2
		# No replacement yet: the other worker alone decides the execution's fate (Bull's stalled check).
		echo "SIGKILLed $B_WORKER ($killed_pid) at $B_KILLED; C runs on the other worker meanwhile"
		B_ID=$(sql "select max(id::int) from execution_entity where \"workflowId\" = 'fUpload'")
		B_STATUS="$WORK/b-status.txt"
		b_poll() { # the execution's status, each time it changes, with the seconds since the kill
			local last= now
			while sleep 1; do
				now=$(sql "select status from execution_entity where id = '$B_ID'" 2> /dev/null) || continue
				[ "$now" = "$last" ] || echo "$now at $((SECONDS - T_KILL)) s"
				last=$now
			done
		}
		b_poll > "$B_STATUS" &
		B_POLLER=$!
	else
		broken B $((SECONDS - T_B)) "SIGKILL a worker during a $BIG_MIB MiB upload" "$(cat "$WORK/b-watch.err")"
	fi

	# ---------- C2 and D (Postgres), started now: their waits outlast the node's first check ----------
	# The held emulator's jobs end 2 × HELD_STEP_MS after the upload; the node checks Symbl on its
	# own a minute after it at the latest (still running then), and next at the time limit. E's
	# wait and C1 run meanwhile; C2 and D then send the callbacks, the only thing left that can end
	# these waits. Webhook processor 1 is down for E: all start on processor 2.
	phase "C2, D: $C_JOBS + $D_COUNT executions that will wait on the held emulator's callbacks"
	T_C2=$SECONDS
	faults start "C2s-$VERSION" $((C_JOBS / 2)) '{}' "$HOOK2/webhook/f-wait-long"
	faults start "C2c-$VERSION" $((C_JOBS / 2)) '{}' "$HOOK2/webhook/f-wait-long"
	faults start "DP-$VERSION" "$D_COUNT" '{}' "$HOOK2/webhook/f-wait-pg"

	# ---------- E, second part: once its callbacks failed, processor 1 comes back for C ----------
	E_LOST=$(faults await-completed "$LIVE_LOG" "E-$VERSION" 2 120 || true)
	echo "E: Symbl's callbacks to webhook processor 1: $E_LOST; starting it again"
	start_q hook1 "$HOOK1_PORT" $((BROKER + 3)) webhook
	until_true 300 "webhook processor 1 answering" trigger_ready "$HOOK1" || failed "webhook processor 1 did not come back"

	if [ "${E2E_FAULTS_AUDIT:-}" = 1 ]; then
		# Every write of the trigger's static data: when, by which database connection (the client
		# port; $WORK/audit-ss.txt maps ports to processes), and what it wrote.
		sql "create table if not exists static_audit (at timestamptz default clock_timestamp(), port int, data text);
			create or replace function static_audit_f() returns trigger as \$\$ begin
				if new.id = 'fTrigger' and new.\"staticData\"::text is distinct from old.\"staticData\"::text then
					insert into static_audit (port, data) values (inet_client_port(), new.\"staticData\"::text);
				end if;
				return new;
			end \$\$ language plpgsql;
			drop trigger if exists static_audit_t on workflow_entity;
			create trigger static_audit_t after update on workflow_entity for each row execute function static_audit_f();" > /dev/null
	fi

	# ---------- C1: duplicated callbacks to the Symbl Trigger on two webhook processors ----------
	phase "C1: $C_JOBS jobs' callbacks, each twice, to the Symbl Trigger on both webhook processors"
	# The trigger's memory as if 450 earlier jobs had been seen: the C jobs push it past its 500.
	seed=$(node -e 'let s = ""; for (let i = 0; i < 450; i++) s += `\nearlier-${i} 2`;
		console.log(JSON.stringify({ "node:Symbl Trigger": { seen: s } }))')
	sql "update workflow_entity set \"staticData\" = '$seed' where id = 'fTrigger'" > /dev/null
	HALF=$((C_JOBS / 2))
	c1() { # TIMING PREFIX JOBS WHAT
		local t=$SECONDS before out
		before=$(count_pg fTrigger "$ENDED")
		faults trigger-callbacks "$WORK/c1-$1.json" "$1" "$2" "$3" "f-token" "$HOOK1/$TRIGGER_PATH" "$HOOK2/$TRIGGER_PATH"
		settled_pg fTrigger $((before + $3))
		sleep 2
		rows_pg > "$WORK/rows.json"
		out=$(faults check C1 "$WORK/rows.json" "$LIVE_LOG" "$HELD_LOG" "$SINK_LOG" "$FLATTED" sent="$WORK/c1-$1.json" timing="$1" version="$VERSION" \
			memory="$(sql "select \"staticData\" from workflow_entity where id = 'fTrigger'")" \
			done="$3 jobs × 2 copies; $4") || true
		row "C1 $1" $((SECONDS - t)) "$out"
	}
	c1 sequential "C1s-$VERSION" "$HALF" "one to each webhook processor, random order, 8 jobs in flight; (i) each second copy after every first copy was answered"
	c1 concurrent "C1c-$VERSION" "$HALF" "one to each webhook processor, random order, 8 jobs in flight; (ii) both copies of a job at the same moment"
	# Without concurrency: is the memory shared by both processors, and does it stop at 500 jobs?
	c1 serial "C1r-$VERSION" "$C_SERIAL" "one to each webhook processor, random order, one request at a time (no concurrency): is the memory shared by both processors, capped at 500"
	c1 same "C1p-$VERSION" "$C_SAME" "both to the same webhook processor (random per job), one request at a time"
	if [ "${E2E_FAULTS_AUDIT:-}" = 1 ]; then
		for name in hook1 hook2 main worker1 worker2; do echo "$name ${PIDS[$name]:-}"; done > "$WORK/audit-pids-$VERSION.txt"
		ss -tnp "dst 127.0.0.1:$PG_PORT" > "$WORK/audit-ss-$VERSION.txt" 2>&1 || true
		sql "copy (select extract(epoch from at) * 1000, port, data from static_audit order by at) to stdout" > "$WORK/audit-$VERSION.tsv"
		for t in sequential concurrent serial same; do cp "$WORK/c1-$t.json" "$WORK/audit-c1-$t-$VERSION.json"; done
	fi

	# ---------- C2: duplicated callbacks to waiting executions' resume URLs ----------
	phase "C2: $C_JOBS executions waiting on their callbacks; each callback twice, on both webhook processors"
	until_true 300 "$C_JOBS executions waiting" pg_at_least fWaitLong "= 'waiting'" "$C_JOBS" || true
	echo "$(count_pg fWaitLong "= 'waiting'") executions waiting $((SECONDS - T_C2)) s after their start"
	c2() { # TIMING PREFIX WHAT
		local t=$SECONDS out
		# Symbl finished their jobs (the held emulator recorded the callbacks); then the executions'
		# state as the callbacks leave: the check fails unless all were still waiting.
		faults await-completed "$HELD_LOG" "$2" "$HALF" 300 > /dev/null || true
		rows_pg > "$WORK/rows-before.json"
		faults resume-callbacks "$WORK/c2-$1.json" "$1" "$HELD_LOG" "$2" "$HALF" "$HOOK1" "$HOOK2"
		settled_pg fWaitLong 0
		until_true 120 "the resumed executions ending" waiting_at_most fWaitLong $((C_JOBS - HALF * $3)) || true
		sleep 3
		rows_pg > "$WORK/rows.json"
		out=$(faults check C2 "$WORK/rows.json" "$LIVE_LOG" "$HELD_LOG" "$SINK_LOG" "$FLATTED" sent="$WORK/c2-$1.json" timing="$1" \
			prefix="$2" count="$HALF" before="$WORK/rows-before.json" version="$VERSION" \
			done="$HALF waiting executions, their held 'completed' callback × 2 to the resume URL, one copy on each webhook processor, random order, 8 in flight; $4") || true
		row "C2 $1" $((SECONDS - t)) "$out"
	}
	c2 sequential "C2s-$VERSION" 1 "(i) each second copy after every first copy was answered"
	c2 concurrent "C2c-$VERSION" 2 "(ii) both copies at the same moment"

	# ---------- B's outcome: Bull's stalled-job check (lockDuration 60 s, stalledInterval 30 s) ----------
	b_ended() { [ "$(sql "select count(*) from execution_entity where id = '$B_ID' and status::text $ENDED")" = 1 ]; }
	if [ -n "$B_KILLED" ]; then
		phase "B: waiting for n8n to deal with execution $B_ID (killed $((SECONDS - T_KILL)) s ago; Bull: lock 60 s, stalled check every 30 s)"
		until_true $((150 - (SECONDS - T_KILL))) "execution $B_ID ending" b_ended || true
		sleep 2
		b_before=$(sql "select status from execution_entity where id = '$B_ID'")
		# Now the killed worker comes back (a restarted container: the same event log).
		start_q "$B_WORKER" $([ "$B_WORKER" = worker1 ] && echo "$W1_PORT $((BROKER + 5))" || echo "$W2_PORT $((BROKER + 6))") worker --concurrency=10
		until_true 300 "$B_WORKER ready" worker_ready $([ "$B_WORKER" = worker1 ] && echo "$W1_PORT" || echo "$W2_PORT") || true
		sleep 3
		kill "$B_POLLER" 2>/dev/null || true
		b_status=$(sql "select status from execution_entity where id = '$B_ID'")
		recovered=$(grep -c "Found unfinished executions: .*\b$B_ID\b" "$WORK/run/$B_WORKER.log" || true)
		reran=$(grep -l "started execution $B_ID " "$WORK/run/worker1.log" "$WORK/run/worker2.log" 2>/dev/null | xargs -rn1 basename | sed 's/.log//' | xargs)
		starts=$(cat "$WORK/run/worker1.log" "$WORK/run/worker2.log" | grep -c "started execution $B_ID " || true)
		rows_pg > "$WORK/rows.json"
		out=$(faults check B "$WORK/rows.json" "$LIVE_LOG" "$HELD_LOG" "$SINK_LOG" "$FLATTED" prefix="B-$VERSION" size=$((BIG_MIB * 1048576)) id="$B_ID" \
			done="queue mode, Read Files → Submit Video ($BIG_MIB MiB, filesystem binary data); $B_WORKER SIGKILLed at $B_KILLED, not replaced for $((SECONDS - T_KILL - 3)) s; execution $B_ID's status after the kill: $(paste -sd, "$B_STATUS" | sed 's/,/, /g'); started $starts× in all (by: $reran); $B_WORKER restarted (its own event log): ${recovered} recovery of it, status then $b_status") || true
		row B $((SECONDS - T_B)) "$out"
	fi

	# ---------- D (Redis): executions queued with no worker, Redis SIGKILLed and restarted ----------
	phase "D: Redis restarted while $D_COUNT executions are queued (no worker running)"
	T_D=$SECONDS
	n8n_stop worker1 worker2
	faults start "DR-$VERSION" "$D_COUNT" "{\"file\":\"$MEDIA/meeting-part1.mp4\"}" "$HOOK2/webhook/f-upload"
	queued_at_least() { [ "$(redis-cli -p "$REDIS_PORT" llen bull:jobs:wait)" -ge "$1" ]; }
	until_true 60 "$D_COUNT jobs in Redis" queued_at_least "$D_COUNT" || true
	queued=$(redis-cli -p "$REDIS_PORT" llen bull:jobs:wait)
	t_redis=$SECONDS
	kill_group "$REDIS_PID"
	redis_start "$REDIS_PORT" "$WORK/redis" "${REDIS_ARGS[@]}" || failed "redis did not restart"
	redis_down=$((SECONDS - t_redis))
	requeued=$(redis-cli -p "$REDIS_PORT" llen bull:jobs:wait)
	sleep 5 # a process that gave up on Redis (n8n exits after 10 s of failed reconnects) would be gone
	survived=
	for name in main hook2; do alive "$name" && survived="$survived $name" || survived="$survived $name(EXITED)"; done
	start_q worker1 "$W1_PORT" $((BROKER + 5)) worker --concurrency=10
	start_q worker2 "$W2_PORT" $((BROKER + 6)) worker --concurrency=10
	workers_ready() { worker_ready "$W1_PORT" && worker_ready "$W2_PORT"; }
	until_true 300 "workers ready" workers_ready || true
	until_true 180 "the queued executions ending" pg_at_least fUpload "$ENDED" $((D_COUNT + 1)) || true
	sleep 3
	rows_pg > "$WORK/rows.json"
	out=$(faults check D "$WORK/rows.json" "$LIVE_LOG" "$HELD_LOG" "$SINK_LOG" "$FLATTED" prefix="DR-$VERSION" count="$D_COUNT" workflow=upload \
		done="workers stopped; $D_COUNT executions started (Read → Submit, no wait): $queued jobs in Redis; Redis SIGKILLed (appendonly yes, everysec), back in ${redis_down} s with $requeued queued; still running after:$survived; workers started") || true
	row "D Redis" $((SECONDS - T_D)) "$out"

	# ---------- D (Postgres): restarted while executions wait on their callbacks ----------
	phase "D: Postgres restarted while $D_COUNT executions wait on their callbacks"
	T_D=$SECONDS
	until_true 120 "$D_COUNT executions waiting" pg_at_least fWaitPg "= 'waiting'" "$D_COUNT" || true
	faults await-completed "$HELD_LOG" "DP-$VERSION" "$D_COUNT" 300 > /dev/null || true
	t_pg=$SECONDS
	pg_stop
	sleep 3
	pg_start
	pg_down=$((SECONDS - t_pg))
	sleep 5
	survived=
	for name in main hook2 worker1 worker2; do alive "$name" && survived="$survived $name" || survived="$survived $name(EXITED)"; done
	until_true 30 "Postgres answering" sql "select 1" > /dev/null || true
	rows_pg > "$WORK/rows-before.json"
	faults resume-callbacks "$WORK/dp-sent.json" once "$HELD_LOG" "DP-$VERSION" "$D_COUNT" "$HOOK2"
	until_true 120 "the resumed executions ending" waiting_at_most fWaitPg 0 || true
	sleep 3
	rows_pg > "$WORK/rows.json"
	out=$(faults check D "$WORK/rows.json" "$LIVE_LOG" "$HELD_LOG" "$SINK_LOG" "$FLATTED" prefix="DP-$VERSION" count="$D_COUNT" workflow=wait \
		sent="$WORK/dp-sent.json" before="$WORK/rows-before.json" \
		done="$D_COUNT executions waiting (callback); Postgres stopped (fast) for 3 s, down ${pg_down} s in all; still running after:$survived; their 'completed' callbacks then sent once") || true
	row "D Postgres" $((SECONDS - T_D)) "$out"

	# ---------- E's outcome ----------
	phase "E: waiting for the safety net (or the time limit) to end E's executions"
	until_true $((LIMIT * 60 + 180 - (SECONDS - T_E))) "E's executions ending" pg_at_least fWait "$ENDED" 2 || true
	sleep 3
	rows_pg > "$WORK/rows.json"
	out=$(faults check E "$WORK/rows.json" "$LIVE_LOG" "$HELD_LOG" "$SINK_LOG" "$FLATTED" prefix="E-$VERSION" count=2 \
		done="queue mode; webhook processor 1 (WEBHOOK_URL: the host in the resume URLs) stopped, 2 executions started on processor 2 wait on the live emulator (safety check ${SAFETY} min, limit ${LIMIT} min); processor 1 back once their callbacks failed; B, C and D (Redis, Postgres restarts) happened meanwhile") || true
	row E $((SECONDS - T_E)) "$out"

	phase "A: waiting for the single-process runs"
	wait "$A_PID" || true
	A_PID=
	grep -q "^$VERSION	A SIGTERM" "$RESULTS" || broken "A SIGTERM" - "A did not finish" "see [A] above"
	grep -q "^$VERSION	A SIGKILL" "$RESULTS" || broken "A SIGKILL" - "A did not finish" "see [A] above"

	phase "stop this version's n8n processes"
	n8n_stop
	stoppers=()
	for name in r1 r2; do stop_group "$(cat "$WORK/run/$name.pid")" & stoppers+=($!); done
	wait "${stoppers[@]}"
done
