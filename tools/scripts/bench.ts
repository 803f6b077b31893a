/**
 * npm run bench — Append Video's uploads against the limit of the same path, and the Symbl
 * Trigger against n8n's Webhook node, in one run that writes BENCHMARKS.md.
 *
 * Real n8n (bench/real-n8n.ts, bench/real-series.ts): `n8n start` with the packed package, for
 * each of BENCH_REAL_N8N (default "2.40.7,1.123.50@22": 2.40.7 on Node 24 and 1.123.50 on Node 22,
 * the runtimes of n8n's own images). Per file size (BENCH_SIZES MiB, default 16,256,1024,4096: MP4s
 * made on the fly on tmpfs), BENCH_ROUNDS rounds (default 12) in which ours and three raw clients
 * (bench/raw-clients.ts: curl -T, Node's createReadStream().pipe(http.request), sendfile(2)) upload
 * the same file to the same sink, in alternating order; the limit is the fastest raw client of the
 * round, the ratio is taken per round, and the report gives its median with a bootstrap 95%
 * interval, beside the yardstick's own spread. Ours is timed by n8n (the node's executionTime),
 * checked against the sink's first → last body byte and the execution's wall time less its other
 * nodes. Also: n8n's HTTP Request node (BENCH_HTTP_ROUNDS, default 2), /healthz during 1 GiB and 4 ×
 * 256 MiB at once (BENCH_PAIR_ROUNDS, default 3), and callbacks per second of the Symbl Trigger vs
 * the Webhook node at BENCH_TRIGGER_CONCURRENCY senders (default 1,8,64; BENCH_TRIGGER_ROUNDS,
 * default 4, of BENCH_TRIGGER_REQUESTS, default 500, callbacks each).
 *
 * History (BENCH_HARNESS=0 skips it): the engine harness, n8n-core 1.x on Node 20 (end of life),
 * BENCH_RUNS runs (default 3) of ours, oursReusing, the HTTP Request node and curl, each upload in a
 * fresh process; its event loop, 4 in parallel, an upload sent again, 1 GiB on Node 24; the
 * trigger in the harness.
 *
 * The sink (the Symbl emulator: counts and discards while streaming, no hashing) runs in a process
 * of its own (bench/sink.ts) pinned to CPU 1; n8n and every measured client are pinned to CPU 0
 * (taskset), as if the sink were a remote server. BENCH_PIN=0: no pinning.
 * Other env: BENCH_DIR (scratch folder), BENCH_SINK_PORT (18790), BENCH_N8N_PORT (5950; +10 per
 * n8n), BENCH_NODE24, BENCH_TRIGGER=0, BENCH_N8N_NODE_FLAGS (e.g. --trace-gc, to diagnose; measured
 * runs pass none), BENCH_N8N_LOG (a file for n8n's whole output), BENCH_NOTE (a line for the
 * report's head, e.g. that the machine was busy).
 * Quick try: BENCH_SIZES=16,256 BENCH_ROUNDS=2 BENCH_HARNESS=0 BENCH_TRIGGER_ROUNDS=1 npm run bench
 * The full run (the defaults) takes about 35-55 minutes on a quiet 2-core machine and prints each
 * round as it goes ("[12.3 min] …").
 * Focused probes, not part of the run: bench/yardstick-probe.ts (the raw clients alone),
 * bench/position-probe.ts (curl -T right after the HTTP Request node or after ours),
 * bench/trigger-probe.ts (the trigger rows alone), bench/firstnews-probe.ts (what the trigger's
 * de-duplication costs n8n's main thread per callback).
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, homedir, loadavg, totalmem, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import type { InjectedFailure } from '../emulator/faults';
import { makeMp4 } from './bench/raw-clients';
import { PING_GAP_MS, RealN8n } from './bench/real-n8n';
import {
	pairSeries,
	sizeSeries,
	triggerSeries,
	type RealFigures,
	type SeriesContext,
} from './bench/real-series';
import { RemoteSink } from './bench/remote-sink';
import { realReport } from './bench/report';
import { METHOD_NOTES } from './bench/notes';
import { median } from './bench/stats';
import { benchTrigger, type TriggerFigures } from './bench/trigger';

const MiB = 1024 * 1024;
const SIZES_MIB = (process.env.BENCH_SIZES ?? process.env.BENCH_SIZES_MIB ?? '16,256,1024,4096')
	.split(',')
	.map(Number);
/** Harness (history) runs per cell. */
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
/** Real-n8n rounds per size: ours and each raw client once per round. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 12);
const HTTP_ROUNDS = Number(process.env.BENCH_HTTP_ROUNDS ?? 2);
const PAIR_ROUNDS = Number(process.env.BENCH_PAIR_ROUNDS ?? 3);
const TRIGGER_ROUNDS = Number(process.env.BENCH_TRIGGER_ROUNDS ?? 4);
const TRIGGER_REQUESTS = Number(process.env.BENCH_TRIGGER_REQUESTS ?? 500);
const TRIGGER_CONCURRENCY = (process.env.BENCH_TRIGGER_CONCURRENCY ?? '1,8,64')
	.split(',')
	.map(Number);
const RUNNERS = ['ours', 'oursReusing', 'httpNode', 'curl', 'curlT'] as const;
type Runner = (typeof RUNNERS)[number];
const PIN = process.env.BENCH_PIN !== '0' && cpus().length >= 2 && existsSync('/usr/bin/taskset');
const CACHE = process.env.N8N_SYMBL_CACHE ?? join(homedir(), '.cache', 'n8n-nodes-symbl');
/** Node 24 (n8n 2.x's runtime), as tools/test/e2e/install-n8n.sh leaves it, for the 1 GiB re-run. */
const NODE24 = process.env.BENCH_NODE24 ?? join(CACHE, 'node-24', 'bin', 'node');
/** Real n8n versions, "VERSION[@NODE_MAJOR]" (BENCH_REAL_N8N="0" skips them). */
const REAL_N8N = (process.env.BENCH_REAL_N8N ?? '2.40.7,1.123.50@22')
	.split(',')
	.filter((v) => v && v !== '0');
const N8N_PORT = Number(process.env.BENCH_N8N_PORT ?? 5950);
const SINK_PORT = Number(process.env.BENCH_SINK_PORT ?? 18790);
/** BENCH_HARNESS=0: only the real-n8n rows. */
const HARNESS = process.env.BENCH_HARNESS !== '0';
/** Sizes at which the event loop is also measured idle, for comparison. */
const IDLE_MS = 1000;
const PARALLEL = 4;
const PARALLEL_MIB = 256;
/** Prefix for every measured client's command line, and the sink's. */
const onCpu =
	(cpu: string) =>
	(command: string, args: string[]): [string, string[]] =>
		PIN ? ['taskset', ['-c', cpu, command, ...args]] : [command, args];
const onClientCpu = onCpu('0');
const T0 = Date.now();
const log = (line: string) =>
	process.stderr.write(`[${((Date.now() - T0) / 60_000).toFixed(1)} min] ${line}\n`);

interface Sample {
	/** Set when the runner could not do the upload at all (e.g. curl out of memory). */
	failed?: string;
	seconds: number;
	/** Peak RSS of the uploading process, and its growth over the process's RSS before the upload. */
	peakMiB: number;
	growthMiB: number;
	/** What the emulator saw: body bytes per second from arrival to last byte (first upload). */
	emulatorMBps: number;
	/** V8's full (mark-compact) collections during the upload, and their summed pauses. */
	majorGcs: number;
	majorGcMs: number;
	/** Event-loop delay of the uploading process during the upload, and idle just before it. */
	loopP99Ms: number;
	loopMaxMs: number;
	idleP99Ms: number;
	idleMaxMs: number;
	/** Requests the emulator received for the upload (more than one when it was sent again). */
	attempts: number;
}

function runChild(
	args: string[],
	env: Record<string, string> = {},
	node = process.execPath,
): Promise<string> {
	return new Promise((resolve, reject) => {
		const child = spawn(...onClientCpu(node, ['--expose-gc', '-r', 'ts-node/register', ...args]), {
			cwd: join(__dirname, '..'),
			stdio: ['ignore', 'pipe', 'pipe'],
			env: { ...process.env, TS_NODE_TRANSPILE_ONLY: '1', ...env },
		});
		let out = '';
		let err = '';
		child.stdout.on('data', (chunk) => (out += chunk));
		child.stderr.on('data', (chunk) => (err += chunk));
		child.on('close', (code) =>
			code === 0
				? resolve(out)
				: reject(new Error(`${args[0]} exited ${code}: ${err.slice(-2000)}`)),
		);
	});
}

interface MeasureOptions {
	/** Uploads of the same file at once, each in its own execution, in one process. */
	parallel?: number;
	/** Injected into the emulator before the upload; the node is expected to send again. */
	fault?: InjectedFailure;
	/** Another node binary (Node 24) for the client process. */
	node?: string;
}

async function measure(
	runner: Runner,
	file: string,
	sizeMiB: number,
	sink: RemoteSink,
	token: string,
	{ parallel = 1, fault, node }: MeasureOptions = {},
): Promise<Sample> {
	const conversations = await Promise.all(
		Array.from({ length: parallel }, () => sink.createConversation()),
	);
	const before = sink.count;
	const none = {
		majorGcs: NaN,
		majorGcMs: NaN,
		loopP99Ms: NaN,
		loopMaxMs: NaN,
		idleP99Ms: NaN,
		idleMaxMs: NaN,
	};
	let sample: Omit<Sample, 'emulatorMBps' | 'attempts'>;
	if (runner === 'curl' || runner === 'curlT') {
		const url = `${sink.baseUrl}/v1/process/video/${conversations[0]}?languageCode=en-US`;
		const body = runner === 'curl' ? ['--data-binary', `@${file}`] : ['-T', file];
		// GNU time prints elapsed seconds and max RSS (KiB) of curl on stderr.
		const { code, err } = await new Promise<{ code: number | null; err: string }>((resolve) => {
			const child = spawn(
				...onClientCpu('/usr/bin/time', [
					'-f',
					'TIME %e %M',
					'curl',
					'-sS',
					'-o',
					'/dev/null',
					'-X',
					'PUT',
					'-H',
					'Content-Type: video/mp4',
					'-H',
					`Authorization: Bearer ${token}`,
					...body,
					url,
				]),
			);
			let stderr = '';
			child.stderr.on('data', (chunk) => (stderr += chunk));
			child.on('close', (exitCode) => resolve({ code: exitCode, err: stderr }));
		});
		const [, elapsed, maxKiB] = /TIME ([\d.]+) (\d+)/.exec(err) ?? [];
		if (code !== 0) {
			const reason =
				err
					.split('\n')
					.find((line) => line.startsWith('curl:'))
					?.trim() ?? `exit ${code}`;
			return {
				failed: reason,
				seconds: NaN,
				peakMiB: Number(maxKiB) / 1024,
				growthMiB: NaN,
				emulatorMBps: NaN,
				attempts: 1,
				...none,
			};
		}
		const [upload] = await sink.uploadsSince(before, 1);
		// time's %e has 10 ms resolution; the emulator's own body time is finer for small files.
		sample = {
			seconds: Math.max(Number(elapsed), upload.bodyMs / 1000),
			peakMiB: Number(maxKiB) / 1024,
			growthMiB: NaN,
			...none,
		};
	} else {
		if (fault) await sink.failNext(fault);
		let out: string;
		try {
			out = await runChild(
				[
					'scripts/bench/upload-client.ts',
					runner,
					file,
					sink.baseUrl,
					conversations.join(','),
					token,
					dirname(file),
				],
				sizeMiB >= 1024 && parallel === 1 ? { BENCH_IDLE_MS: String(IDLE_MS) } : {},
				node,
			);
		} catch (error) {
			const message = (error as Error).message;
			const reason =
				/(RangeError|Error): [^\n]*/.exec(message)?.[0] ?? message.split('\n')[0].slice(0, 200);
			return {
				failed: reason,
				seconds: NaN,
				peakMiB: NaN,
				growthMiB: NaN,
				emulatorMBps: NaN,
				attempts: NaN,
				...none,
			};
		}
		const result = JSON.parse(out.trim().split('\n').pop()!) as {
			seconds: number;
			baselineKiB: number;
			peakKiB: number;
			gc: { major: number; majorMs: number };
			loopDelayMs: { p99: number; max: number };
			idleLoopDelayMs?: { p99: number; max: number };
		};
		sample = {
			seconds: result.seconds,
			peakMiB: result.peakKiB / 1024,
			growthMiB: (result.peakKiB - result.baselineKiB) / 1024,
			majorGcs: result.gc.major,
			majorGcMs: result.gc.majorMs,
			loopP99Ms: result.loopDelayMs.p99,
			loopMaxMs: result.loopDelayMs.max,
			idleP99Ms: result.idleLoopDelayMs?.p99 ?? NaN,
			idleMaxMs: result.idleLoopDelayMs?.max ?? NaN,
		};
	}
	let uploads = await sink.uploadsSince(before, parallel);
	// A failed first attempt is recorded before the accepted one: wait for every acceptance.
	for (let i = 0; i < 50 && uploads.filter((u) => u.status === 201).length < parallel; i++)
		uploads = await sink.uploadsSince(before, uploads.length + 1, 200);
	const accepted = uploads.filter((upload) => upload.status === 201);
	if (accepted.length !== parallel || accepted.some((upload) => upload.bodyBytes !== sizeMiB * MiB))
		throw new Error(
			`${runner}: the emulator accepted ${accepted.length} of ${parallel} uploads (${uploads.map((u) => u.status).join(', ')})`,
		);
	const first = accepted[0];
	return {
		...sample,
		emulatorMBps: first.bodyBytes / MiB / (first.bodyMs / 1000),
		attempts: uploads.length / parallel,
	};
}

const fmt = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : '–');
const range = (values: number[], digits = 1) => {
	const finite = values.filter(Number.isFinite);
	return finite.length
		? `${fmt(Math.min(...finite), digits)}–${fmt(Math.max(...finite), digits)}`
		: '–';
};
/** "median (min–max)" of one field over samples. */
const cell = (samples: Sample[], pick: (sample: Sample) => number, digits = 1) =>
	`${fmt(median(samples.map(pick)), digits)} (${range(samples.map(pick), digits)})`;
const sizeName = (sizeMiB: number) =>
	sizeMiB >= 1024 ? `${sizeMiB / 1024} GiB` : `${sizeMiB} MiB`;

/** Runs every runner RUNS times in rotating order; logs each sample. */
async function series<K extends string>(
	label: string,
	runners: readonly K[],
	take: (runner: K) => Promise<Sample>,
): Promise<Record<K, Sample[]>> {
	const samples = Object.fromEntries(runners.map((r) => [r, []])) as unknown as Record<K, Sample[]>;
	for (let run = 0; run < RUNS; run++) {
		const order = [
			...runners.slice(run % runners.length),
			...runners.slice(0, run % runners.length),
		];
		for (const runner of order) {
			const sample = await take(runner);
			samples[runner].push(sample);
			process.stderr.write(
				`${label} ${runner} run ${run + 1}: ${sample.failed ?? `${fmt(sample.seconds, 2)} s`}, peak ${fmt(sample.peakMiB)} MiB, growth ${fmt(sample.growthMiB)} MiB, major GCs ${fmt(sample.majorGcs, 0)}, loop p99 ${fmt(sample.loopP99Ms)} ms\n`,
			);
		}
	}
	return samples;
}

async function main() {
	// This process (the load generator of the trigger rows; the sink is a child) on CPU 1.
	if (PIN) execFileSync('taskset', ['-acp', '1', String(process.pid)], { stdio: 'ignore' });
	const loadBefore = loadavg()[0];
	// Files and binary stores on tmpfs when there is one: this VM reclaims page cache eagerly, so on
	// disk a 1 GiB file and its binary-store copy are read back from the disk and every runner
	// measures the disk. BENCH_DIR overrides.
	const scratchRoot = process.env.BENCH_DIR ?? (existsSync('/dev/shm') ? '/dev/shm' : tmpdir());
	const dir = mkdtempSync(join(scratchRoot, 'symbl-bench-'));
	const reals: RealN8n[] = [];
	const sink = new RemoteSink(dir, SINK_PORT, onCpu('1'));
	const stopOnSignal = () => {
		void Promise.all([...reals.map((real) => real.stop()), sink.stop()]).finally(() => {
			rmSync(dir, { recursive: true, force: true });
			process.exit(130);
		});
	};
	process.once('SIGINT', stopOnSignal);
	process.once('SIGTERM', stopOnSignal);
	await sink.start();
	const token = await sink.token();

	const bySize = new Map<number, Record<string, Sample[]>>();
	let parallel: Record<string, Sample[]> | undefined;
	let retried: Record<string, Sample[]> | undefined;
	let node24: Record<string, Sample[]> | undefined;
	const node24Version = existsSync(NODE24)
		? execFileSync(NODE24, ['--version']).toString().trim()
		: undefined;
	const video = /^\/v1\/process\/video\//;
	const realFigures: RealFigures[] = [];
	const contexts = new Map<RealN8n, SeriesContext>();
	try {
		if (REAL_N8N.length) {
			const tarball = execFileSync('bash', [join(__dirname, '..', 'test', 'e2e', 'pack.sh'), dir])
				.toString()
				.trim()
				.split('\n')
				.pop()!;
			for (const [i, spec] of REAL_N8N.entries()) {
				log(`starting n8n ${spec} with the packed package…`);
				const real = new RealN8n(spec, dir, N8N_PORT + 10 * i, onClientCpu);
				reals.push(real);
				await real.start(sink.baseUrl, tarball);
				log(`${real.label} is up`);
				realFigures.push({ label: real.label, spec, bySize: new Map(), trigger: new Map() });
				contexts.set(real, {
					sink,
					token,
					onClientCpu,
					node: real.nodeBinary,
					log,
				});
			}
		}
		const sizes = SIZES_MIB;
		for (const sizeMiB of sizes) {
			const file = join(dir, `bench-${sizeMiB}MiB.mp4`);
			makeMp4(file, sizeMiB * MiB);
			execFileSync('sync');
			const take = (runner: Runner) => measure(runner, file, sizeMiB, sink, token);
			for (const [i, real] of reals.entries()) {
				const ctx = contexts.get(real)!;
				const figures = realFigures[i];
				log(`${real.label}, ${sizeName(sizeMiB)}: ${ROUNDS} rounds of ours and the raw clients`);
				figures.bySize.set(
					sizeMiB,
					await sizeSeries(real, file, sizeMiB, ROUNDS, HTTP_ROUNDS, ctx),
				);
				if (sizeMiB === 1024 && PAIR_ROUNDS > 0)
					figures.pinged = await pairSeries(real, file, sizeMiB, PAIR_ROUNDS, ctx, { ping: true });
				if (sizeMiB === PARALLEL_MIB && PAIR_ROUNDS > 0)
					figures.parallel = await pairSeries(real, file, sizeMiB, PAIR_ROUNDS, ctx, {
						parallel: PARALLEL,
					});
			}
			if (HARNESS) {
				log(`harness (history), ${sizeName(sizeMiB)}`);
				bySize.set(sizeMiB, await series(sizeName(sizeMiB), RUNNERS, take));
			}
			if (HARNESS && sizeMiB === PARALLEL_MIB) {
				parallel = await series(
					`${PARALLEL} × ${sizeName(sizeMiB)}`,
					['ours', 'oursReusing', 'httpNode'] as Runner[],
					(runner) => measure(runner, file, sizeMiB, sink, token, { parallel: PARALLEL }),
				);
				// Ours, sent again after a 503 (the whole body read first) or a reset halfway through.
				retried = await series(`${sizeName(sizeMiB)} retried`, ['status503', 'reset'], (kind) =>
					measure('ours', file, sizeMiB, sink, token, {
						fault:
							kind === 'status503'
								? { path: video, status: 503, message: 'Service Unavailable (injected)' }
								: { path: video, resetAfterBytes: (sizeMiB * MiB) / 2 },
					}),
				);
			}
			if (HARNESS && sizeMiB === 1024 && node24Version)
				node24 = await series(
					`${sizeName(sizeMiB)} on ${node24Version}`,
					['ours', 'oursReusing', 'curlT'] as Runner[],
					(runner) => measure(runner, file, sizeMiB, sink, token, { node: NODE24 }),
				);
			rmSync(file);
		}
		if (process.env.BENCH_TRIGGER !== '0')
			for (const [i, real] of reals.entries()) {
				log(`${real.label}: the trigger, ${TRIGGER_CONCURRENCY.join('/')} senders`);
				realFigures[i].trigger = await triggerSeries(
					real,
					TRIGGER_CONCURRENCY,
					TRIGGER_ROUNDS,
					TRIGGER_REQUESTS,
					contexts.get(real)!,
				);
			}
	} finally {
		for (const real of reals) await real.stop();
		await sink.stop();
		rmSync(dir, { recursive: true, force: true });
	}

	// The uploads took minutes: a failing trigger benchmark is reported, not allowed to lose them.
	let trigger: TriggerFigures[] | string = [];
	if (HARNESS && process.env.BENCH_TRIGGER !== '0') {
		log('harness trigger (history)');
		trigger = await benchTrigger().catch((error: Error) => `failed: ${error.message}`);
	}
	const loadAfter = loadavg()[0];
	writeFileSync(
		join(__dirname, '..', '..', 'BENCHMARKS.md'),
		report({
			scratchRoot,
			bySize,
			parallel,
			retried,
			node24,
			node24Version,
			trigger,
			real: realFigures,
			load: [loadBefore, loadAfter],
		}),
	);
	log(
		`done: BENCHMARKS.md written (load average ${loadBefore.toFixed(1)} → ${loadAfter.toFixed(1)})`,
	);
	console.log(readableSummary(bySize));
}

const mbps = (sizeMiB: number, samples: Sample[]) =>
	samples.map((sample) => sizeMiB / sample.seconds);
const failedNote = (samples: Sample[]) => {
	const failed = samples.filter((sample) => sample.failed);
	return failed.length
		? `fails (${failed.length} of ${samples.length}: ${failed[0].failed})`
		: undefined;
};

function readableSummary(bySize: Map<number, Record<string, Sample[]>>): string {
	return [...bySize]
		.map(
			([size, s]) =>
				`${sizeName(size)}: ${RUNNERS.map((r) => `${r} ${failedNote(s[r]) ?? fmt(median(mbps(size, s[r])), 0)}`).join(', ')} MiB/s`,
		)
		.join('\n');
}

interface ReportInput {
	scratchRoot: string;
	bySize: Map<number, Record<string, Sample[]>>;
	parallel?: Record<string, Sample[]>;
	retried?: Record<string, Sample[]>;
	node24?: Record<string, Sample[]>;
	node24Version?: string;
	trigger: TriggerFigures[] | string;
	/** Uploads and the trigger inside real n8n processes, one entry per n8n. */
	real: RealFigures[];
	/** The machine's 1-minute load average before and after the run. */
	load: [number, number];
}

function report({
	scratchRoot,
	bySize,
	parallel,
	retried,
	node24,
	node24Version,
	trigger,
	real,
	load,
}: ReportInput): string {
	const throughput = (size: number, samples: Sample[], digits = 0) =>
		failedNote(samples) ?? fmt(median(mbps(size, samples)), digits);
	/** "median (min–max)" MiB/s, or why it failed. */
	const speed = (size: number, samples: Sample[]) =>
		failedNote(samples) ??
		`${fmt(median(mbps(size, samples)), 0)} (${range(mbps(size, samples), 0)})`;
	/** One table row per [label, samples]. */
	const rowsOf = (
		pairs: Array<[string, Sample[]]>,
		row: (label: string, samples: Sample[]) => string,
	) => pairs.map(([label, samples]) => row(label, samples));
	// Speed of a over b, run by run (each run's runners upload within seconds of each other).
	const runRatios = (a: Sample[], b: Sample[]) => a.map((x, run) => b[run]?.seconds / x.seconds);
	const ratio = (a: Sample[], b: Sample[]) =>
		`${fmt(median(runRatios(a, b)), 2)} (${range(runRatios(a, b), 2)})`;
	const growth = (samples: Sample[]) => fmt(median(samples.map((x) => x.growthMiB)));

	const headline = [...bySize].map(
		([size, s]) =>
			`| ${sizeName(size)} | ${throughput(size, s.ours)} | ${throughput(size, s.curlT)} | ${throughput(size, s.curl)} | ${throughput(size, s.httpNode)} | ${ratio(s.ours, s.curlT)} | ${growth(s.ours)} | ${growth(s.httpNode)} | ${throughput(size, s.oursReusing)} | ${ratio(s.oursReusing, s.curlT)} |`,
	);
	const detail = [...bySize].flatMap(([size, s]) =>
		RUNNERS.map((runner) => {
			const x = s[runner];
			const failure = failedNote(x);
			if (failure) return `| ${sizeName(size)} | ${runner} | ${failure} | | | | | | |`;
			return `| ${sizeName(size)} | ${runner} | ${cell(x, (y) => y.seconds, 2)} | ${speed(size, x)} | ${fmt(median(x.map((y) => y.peakMiB)))} | ${cell(x, (y) => y.growthMiB)} | ${cell(x, (y) => y.majorGcs, 0)} | ${cell(x, (y) => y.loopP99Ms)} | ${fmt(median(x.map((y) => y.emulatorMBps)), 0)} |`;
		}),
	);
	const gib = bySize.get(1024);
	const loopRow = (name: string, x: Sample[]) =>
		`| ${name} | ${cell(x, (y) => y.idleP99Ms)} | ${cell(x, (y) => y.idleMaxMs)} | ${cell(x, (y) => y.loopP99Ms)} | ${cell(x, (y) => y.loopMaxMs)} | ${cell(x, (y) => y.majorGcs, 0)} | ${cell(x, (y) => y.majorGcMs, 0)} |`;
	const responsiveness = gib
		? [
				loopRow('ours', gib.ours),
				loopRow('oursReusing', gib.oursReusing),
				loopRow('HTTP Request node', gib.httpNode),
				...(node24
					? [
							loopRow(`ours, ${node24Version}`, node24.ours),
							loopRow(`oursReusing, ${node24Version}`, node24.oursReusing),
						]
					: []),
			]
		: [];
	const parallelRows = parallel
		? Object.entries(parallel).map(
				([runner, x]) =>
					`| ${runner} | ${speed(PARALLEL * PARALLEL_MIB, x)} | ${cell(x, (y) => y.seconds, 2)} | ${cell(x, (y) => y.growthMiB)} | ${cell(x, (y) => y.majorGcs, 0)} | ${cell(x, (y) => y.loopP99Ms)} |`,
			)
		: [];
	const retriedRows = retried
		? rowsOf(
				[
					['503 after the whole body', retried.status503],
					['connection reset after half the body', retried.reset],
				],
				(name, x) =>
					`| ${name} | ${cell(x, (y) => y.attempts, 0)} | ${cell(x, (y) => y.seconds, 2)} | ${cell(x, (y) => y.growthMiB)} |`,
			)
		: [];
	const node24Rows = node24
		? Object.entries(node24).map(
				([runner, x]) =>
					`| ${runner} | ${speed(1024, x)} | ${cell(x, (y) => y.growthMiB)} | ${cell(x, (y) => y.majorGcs, 0)} | ${cell(x, (y) => y.loopP99Ms)} |`,
			)
		: [];

	const { sections, targets } = realReport(real, {
		parallel: PARALLEL,
		parallelMiB: PARALLEL_MIB,
		pingGapMs: PING_GAP_MS,
	});
	const targetRows = targets.map(
		(t) => `| ${t.what} | ${t.measured} | ${t.met ? 'met' : '**not met**'} |`,
	);
	const version = (command: string, args: string[]) => {
		try {
			return execFileSync(command, args).toString().split('\n')[0].trim();
		} catch {
			return `${command}: not found`;
		}
	};
	const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${fmt(totalmem() / 1024 ** 3, 0)} GiB; ${version('curl', ['--version']).split(' ').slice(0, 2).join(' ')}, ${version('python3', ['--version'])}; harness: Node ${process.version.replace(/^v/, '')}, n8n-core 1.122.28 / n8n-nodes-base 1.121.32`;
	const triggerRows = (typeof trigger === 'string' ? [] : trigger).map(
		(t) =>
			`| ${t.name} | ${t.requests} | ${t.concurrency} | ${fmt(t.requestsPerSecond, 0)} | ${fmt(t.p50Ms, 2)} | ${fmt(t.p95Ms, 2)} | ${t.executions} |`,
	);
	const env = [
		`BENCH_SIZES=${SIZES_MIB.join(',')}`,
		`BENCH_ROUNDS=${ROUNDS}`,
		`BENCH_REAL_N8N=${REAL_N8N.join(',') || 0}`,
		...(HARNESS ? [`BENCH_RUNS=${RUNS}`] : ['BENCH_HARNESS=0']),
		`BENCH_TRIGGER_ROUNDS=${TRIGGER_ROUNDS}`,
		`BENCH_TRIGGER_REQUESTS=${TRIGGER_REQUESTS}`,
	].join(' ');
	const harness = HARNESS
		? `## History: the engine harness, n8n-core 1.x on Node ${process.version.replace(/^v/, '')} (MiB/s, medians of ${RUNS})

Kept as history: Node 20 is past its end of life and no longer a target (n8n's own 1.x images run
Node 22, measured above). The node in n8n-core's WorkflowExecute in a process of its own
(\`tools/scripts/bench/upload-client.ts\`), beside the HTTP Request node and curl (as this benchmark ran
them before: \`curl -T\` with its \`Expect: 100-continue\`, timed by \`/usr/bin/time\`). Before each measured
upload the process has run a workflow (the load) and one full collection, as a long-running n8n has.

| size | ours | curl -T | curl --data-binary | HTTP Request node | ours ÷ curl -T | ours RSS growth (MiB) | HTTP Request RSS growth (MiB) | oursReusing¹ | oursReusing ÷ curl -T |
|---|---|---|---|---|---|---|---|---|---|
${headline.join('\n')}

¹ oursReusing is not shipped: it is our node with n8n-core's filesystem binary store patched to read into
four reused buffers instead of a fresh one per read (\`tools/scripts/bench/reusing-read-stream.ts\`).

**Event-loop delay of the uploading process** (1 GiB, ms; perf_hooks.monitorEventLoopDelay, 5 ms resolution; for ${IDLE_MS / 1000} s idle just before, then during the upload):

| process | idle p99 | idle max | upload p99 | upload max | major GCs | major GC ms |
|---|---|---|---|---|---|---|
${responsiveness.join('\n')}

**${PARALLEL} uploads of ${PARALLEL_MIB} MiB in parallel executions of one process:**

| runner | total MiB/s | wall s | RSS growth MiB | major GCs | loop p99 ms |
|---|---|---|---|---|---|
${parallelRows.join('\n')}

**An upload sent again (${PARALLEL_MIB} MiB):** the emulator fails the first request once; the node sends the file again from a fresh stream.

| failure | requests | wall s (incl. backoff) | RSS growth MiB |
|---|---|---|---|
${retriedRows.join('\n')}

**1 GiB on ${node24Version ?? 'Node 24 (not installed: tools/test/e2e/install-n8n.sh 2.40.7)'}, same harness:**

| runner | MiB/s | RSS growth MiB | major GCs | loop p99 ms |
|---|---|---|---|---|
${node24Rows.join('\n')}

**Uploads in detail.** Wall time is the upload workflow run in WorkflowExecute (ours, oursReusing,
httpNode) or the whole curl process. Growth is the process's peak RSS over its RSS just before the
upload (the mark reset via /proc/self/clear_refs). Sink MiB/s: the sink's own time from a request's
arrival to its last byte.

| size | runner | wall s | MiB/s | peak RSS MiB | RSS growth MiB | major GCs | loop p99 ms | sink MiB/s |
|---|---|---|---|---|---|---|---|---|
${detail.join('\n')}

**Trigger in the harness** (express on loopback and n8n-core's WebhookContext, a client in the same
process; 8 senders; no database, so n8n's own cost of a call is not in it — the real-n8n rows above are
the measure):

| node | requests | concurrency | requests/s | p50 ms | p95 ms | executions started |
|---|---|---|---|---|---|---|
${triggerRows.join('\n') || `| ${typeof trigger === 'string' ? trigger.replace(/\|/g, '/') : 'skipped: BENCH_TRIGGER=0'} | | | | | | |`}
`
		: '';
	return `# Benchmarks

Produced by \`${env} npm run bench\` (one run of the script for every table) on ${new Date().toISOString().slice(0, 10)}, in ${fmt((Date.now() - T0) / 60_000, 0)} minutes.
Machine: ${machine}. Load average (1 min) ${fmt(load[0], 1)} at the start, ${fmt(load[1], 1)} at the end.${process.env.BENCH_NOTE ? `\n**${process.env.BENCH_NOTE}**` : ''}
Files and n8n's binary store on ${scratchRoot}. Sink: the Symbl emulator in a process of its own, on 127.0.0.1 (counts and
discards while streaming; its SHA-256 of each body is off here: it cost the sink ~0.55 s of CPU per GiB). ${PIN ? 'Sink pinned to CPU 1; n8n and every measured client (curl, Node, python3, the harness) to CPU 0 (taskset), as if the sink were a remote server.' : 'No CPU pinning.'}
No V8 flags anywhere: n8n's default heap.

## Targets

| target | measured | |
|---|---|---|
${targetRows.join('\n')}

${sections || '## Real n8n\n\nNot measured in this run (BENCH_REAL_N8N=0).'}

${METHOD_NOTES}

${harness}`;
}

main().then(
	() => process.exit(0),
	(error) => {
		console.error(error);
		process.exit(1);
	},
);
