/**
 * npm run bench — streaming uploads measured against curl and n8n's HTTP Request node, in one run
 * so the ratios are comparable. MP4 files (an ftyp box and random filler, made on the fly on tmpfs,
 * deleted afterwards) of BENCH_SIZES MiB (default 16,256,1024,4096), n8n's filesystem binary mode,
 * the Symbl emulator as the sink (counts and discards while streaming, no hashing). Runners:
 *   ours        — Symbl: Append Video, in WorkflowExecute
 *   oursReusing — the same, with n8n-core's binary store patched to read into reused buffers
 *                 (bench/reusing-read-stream.ts): what n8n-core would have to change; not shipped
 *   httpNode    — n8n's HTTP Request node (n8n-nodes-base 1.x), same PUT, same binary property
 *   curl        — curl --data-binary @file -X PUT (reads the whole file into memory first)
 *   curlT       — curl -T file -X PUT (curl's streaming upload)
 * Each upload runs in a fresh process; runners rotate order; medians and min–max over BENCH_RUNS.
 * Also: the event loop's delay during 1 GiB uploads against the same process idle; 4 uploads of
 * 256 MiB in parallel executions of one process; a 256 MiB upload that fails once (503, or a
 * connection reset halfway) and is sent again; with Node 24 from tools/test/e2e/install-n8n.sh, the
 * 1 GiB uploads again on Node 24 (n8n 2.x's runtime); then the trigger against n8n's Webhook node.
 * And the same sizes in a real n8n (bench/real-n8n.ts): ours, the HTTP Request node and curl -T,
 * with the n8n process's RSS and /healthz round trips (installed by tools/test/e2e/install-n8n.sh).
 * On a machine with 2+ cores the sink is pinned to CPU 1 and every measured client to CPU 0
 * (taskset), as if the sink were a remote server: unpinned, the uploader's V8 GC threads and
 * the sink fight over the same two cores and the figures swing 2x between runs.
 * Writes BENCHMARKS.md. Env: BENCH_SIZES (e.g. "16,256"), BENCH_RUNS (default 5), BENCH_PIN=0,
 * BENCH_TRIGGER=0 (skip the trigger), BENCH_DIR (scratch folder), BENCH_NODE24 (a node binary),
 * BENCH_REAL_N8N (n8n versions, default 2.40.7; 0: none), BENCH_HARNESS=0 (real n8n only, a quick
 * look), BENCH_N8N_NODE_FLAGS (e.g. --trace-gc, to diagnose; measured runs pass none), BENCH_N8N_LOG
 * (a file for n8n's whole output).
 * Quick try: BENCH_RUNS=1 BENCH_SIZES=16,256 npm run bench
 */
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
	closeSync,
	existsSync,
	mkdtempSync,
	openSync,
	rmSync,
	writeFileSync,
	writeSync,
} from 'node:fs';
import { cpus, homedir, totalmem, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import { SymblEmulator } from '../emulator';
import type { InjectedFailure } from '../emulator/faults';
import { PING_GAP_MS, RealN8n, type RealRunner } from './bench/real-n8n';
import { benchTrigger, type TriggerFigures } from './bench/trigger';

const MiB = 1024 * 1024;
const SIZES_MIB = (process.env.BENCH_SIZES ?? process.env.BENCH_SIZES_MIB ?? '16,256,1024,4096')
	.split(',')
	.map(Number);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const RUNNERS = ['ours', 'oursReusing', 'httpNode', 'curl', 'curlT'] as const;
type Runner = (typeof RUNNERS)[number];
const PIN = process.env.BENCH_PIN !== '0' && cpus().length >= 2 && existsSync('/usr/bin/taskset');
/** Node 24 (n8n 2.x's runtime), as tools/test/e2e/install-n8n.sh leaves it, for the 1 GiB re-run. */
const NODE24 =
	process.env.BENCH_NODE24 ??
	join(homedir(), '.cache', 'n8n-nodes-symbl', 'node-24', 'bin', 'node');
/** Real n8n versions the uploads are measured in too (BENCH_REAL_N8N="0" skips them). */
const REAL_N8N_VERSIONS = (process.env.BENCH_REAL_N8N ?? '2.40.7')
	.split(',')
	.filter((v) => v && v !== '0');
const REAL_N8N_PORT = 5990;
/** BENCH_HARNESS=0: only the real-n8n rows (a quick look; the report then lacks the harness tables). */
const HARNESS = process.env.BENCH_HARNESS !== '0';
/** Sizes at which the event loop is also measured idle, for comparison. */
const IDLE_MS = 1000;
const PARALLEL = 4;
const PARALLEL_MIB = 256;
/** Prefix for every measured client's command line. */
const onClientCpu = (command: string, args: string[]): [string, string[]] =>
	PIN ? ['taskset', ['-c', '0', command, ...args]] : [command, args];

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

function makeMp4(path: string, bytes: number): void {
	const ftyp = Buffer.from('00000018667479706d703432000000006d7034326973366f6d', 'hex').subarray(
		0,
		24,
	);
	const filler = randomBytes(MiB);
	const fd = openSync(path, 'w');
	try {
		writeSync(fd, ftyp);
		let written = ftyp.length;
		while (written < bytes)
			written += writeSync(fd, filler, 0, Math.min(filler.length, bytes - written));
	} finally {
		closeSync(fd);
	}
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
	/** Upload through this real n8n process instead of the harness (ours, httpNode). */
	real?: RealN8n;
	/** With `real`: time /healthz round trips of that n8n meanwhile (a load of its own). */
	ping?: boolean;
}

async function measure(
	runner: Runner,
	file: string,
	sizeMiB: number,
	emulator: SymblEmulator,
	token: string,
	{ parallel = 1, fault, node, real, ping = false }: MeasureOptions = {},
): Promise<Sample> {
	const conversations = Array.from({ length: parallel }, () => emulator.createConversation().id);
	const before = emulator.uploads().length;
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
		const url = `${emulator.baseUrl}/v1/process/video/${conversations[0]}?languageCode=en-US`;
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
		const upload = emulator.uploads()[before];
		// time's %e has 10 ms resolution; the emulator's own body time is finer for small files.
		sample = {
			seconds: Math.max(Number(elapsed), upload.bodyMs / 1000),
			peakMiB: Number(maxKiB) / 1024,
			growthMiB: NaN,
			...none,
		};
	} else if (real) {
		let upload;
		try {
			upload = await real.upload(runner as RealRunner, file, conversations, token, {
				idleMs: IDLE_MS,
				ping,
			});
		} catch (error) {
			return {
				failed: (error as Error).message.split('\n')[0].slice(0, 200),
				seconds: NaN,
				peakMiB: NaN,
				growthMiB: NaN,
				emulatorMBps: NaN,
				attempts: NaN,
				...none,
			};
		}
		// The event-loop columns hold /healthz round trips here (see real-n8n.ts).
		sample = {
			seconds: upload.seconds,
			peakMiB: upload.peakKiB / 1024,
			growthMiB: (upload.peakKiB - upload.baselineKiB) / 1024,
			...none,
			loopP99Ms: upload.pingP99Ms,
			loopMaxMs: upload.pingMaxMs,
			idleP99Ms: upload.idlePingP99Ms,
			idleMaxMs: upload.idlePingMaxMs,
		};
	} else {
		if (fault) emulator.failNext(fault);
		let out: string;
		try {
			out = await runChild(
				[
					'scripts/bench/upload-client.ts',
					runner,
					file,
					emulator.baseUrl,
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
	const uploads = emulator.uploads().slice(before);
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

const median = (values: number[]) => {
	const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
	if (!sorted.length) return NaN;
	const mid = sorted.length >> 1;
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
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
	// The sink (this process: emulator) on CPU 1, all its threads.
	if (PIN) execFileSync('taskset', ['-acp', '1', String(process.pid)], { stdio: 'ignore' });
	// Files and binary stores on tmpfs when there is one: this VM reclaims page cache eagerly, so on
	// disk a 1 GiB file and its binary-store copy are read back from the disk and every runner
	// measures the disk. BENCH_DIR overrides.
	const scratchRoot = process.env.BENCH_DIR ?? (existsSync('/dev/shm') ? '/dev/shm' : tmpdir());
	const dir = mkdtempSync(join(scratchRoot, 'symbl-bench-'));
	const stopOnSignal = () => {
		rmSync(dir, { recursive: true, force: true });
		process.exit(130);
	};
	process.once('SIGINT', stopOnSignal);
	process.once('SIGTERM', stopOnSignal);
	// A sink for many uploads in a row, not an account: no concurrent-job limit (429).
	const emulator = new SymblEmulator({
		jobStepMs: 60_000,
		concurrentJobLimit: Infinity,
		hashBodies: false,
	});
	await emulator.start();
	const token = (
		(await (
			await fetch(`${emulator.baseUrl}/oauth2/token:generate`, {
				method: 'POST',
				headers: { 'Content-Type': 'application/json' },
				body: JSON.stringify({
					type: 'application',
					appId: emulator.appId,
					appSecret: emulator.appSecret,
				}),
			})
		).json()) as { accessToken: string }
	).accessToken;

	const bySize = new Map<number, Record<string, Sample[]>>();
	let parallel: Record<string, Sample[]> | undefined;
	let retried: Record<string, Sample[]> | undefined;
	let node24: Record<string, Sample[]> | undefined;
	const node24Version = existsSync(NODE24)
		? execFileSync(NODE24, ['--version']).toString().trim()
		: undefined;
	const video = /^\/v1\/process\/video\//;
	const reals: RealN8n[] = [];
	const realFigures = new Map<string, RealFigures>();
	try {
		if (REAL_N8N_VERSIONS.length) {
			const tarball = execFileSync('bash', [join(__dirname, '..', 'test', 'e2e', 'pack.sh'), dir])
				.toString()
				.trim()
				.split('\n')
				.pop()!;
			for (const [i, version] of REAL_N8N_VERSIONS.entries()) {
				process.stderr.write(`starting n8n ${version} with the packed package…\n`);
				const real = new RealN8n(version, dir, REAL_N8N_PORT + 10 * i, onClientCpu);
				reals.push(real);
				await real.start(emulator.baseUrl, tarball);
				realFigures.set(version, { version, nodeVersion: real.nodeVersion, bySize: new Map() });
			}
		}
		const sizes = SIZES_MIB;
		for (const sizeMiB of sizes) {
			const file = join(dir, `bench-${sizeMiB}MiB.mp4`);
			makeMp4(file, sizeMiB * MiB);
			execFileSync('sync');
			if (sizeMiB === sizes[0]) await measure('curlT', file, sizeMiB, emulator, token); // warms the sink
			const take = (runner: Runner) => measure(runner, file, sizeMiB, emulator, token);
			if (HARNESS) bySize.set(sizeMiB, await series(sizeName(sizeMiB), RUNNERS, take));
			if (HARNESS && sizeMiB === PARALLEL_MIB) {
				parallel = await series(
					`${PARALLEL} × ${sizeName(sizeMiB)}`,
					['ours', 'oursReusing', 'httpNode'] as Runner[],
					(runner) => measure(runner, file, sizeMiB, emulator, token, { parallel: PARALLEL }),
				);
				// Ours, sent again after a 503 (the whole body read first) or a reset halfway through.
				retried = await series(`${sizeName(sizeMiB)} retried`, ['status503', 'reset'], (kind) =>
					measure('ours', file, sizeMiB, emulator, token, {
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
					(runner) => measure(runner, file, sizeMiB, emulator, token, { node: NODE24 }),
				);
			for (const real of reals) {
				const inReal = (options: MeasureOptions) => (runner: Runner) =>
					measure(runner, file, sizeMiB, emulator, token, {
						...options,
						real: runner === 'curlT' ? undefined : real,
					});
				const figures = realFigures.get(real.version)!;
				figures.bySize.set(
					sizeMiB,
					await series(
						`${sizeName(sizeMiB)} in n8n ${real.version}`,
						['ours', 'httpNode', 'curlT'] as Runner[],
						inReal({}),
					),
				);
				if (sizeMiB === 1024)
					figures.pinged = await series(
						`${sizeName(sizeMiB)} in n8n ${real.version}, /healthz timed`,
						['ours', 'httpNode'] as Runner[],
						inReal({ ping: true }),
					);
				if (sizeMiB === PARALLEL_MIB)
					figures.parallel = await series(
						`${PARALLEL} × ${sizeName(sizeMiB)} in n8n ${real.version}`,
						['ours', 'httpNode'] as Runner[],
						inReal({ parallel: PARALLEL }),
					);
			}
			rmSync(file);
		}
	} finally {
		for (const real of reals) await real.stop();
		await emulator.stop();
		rmSync(dir, { recursive: true, force: true });
	}

	// The uploads took minutes: a failing trigger benchmark is reported, not allowed to lose them.
	let trigger: TriggerFigures[] | string = [];
	if (process.env.BENCH_TRIGGER !== '0')
		trigger = await benchTrigger().catch((error: Error) => `failed: ${error.message}`);
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
			real: [...realFigures.values()],
		}),
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
	/** Uploads inside real n8n processes, one entry per version. */
	real: RealFigures[];
}

interface RealFigures {
	version: string;
	nodeVersion: string;
	/** Throughput and RSS, nothing else asking n8n meanwhile. */
	bySize: Map<number, Record<string, Sample[]>>;
	/** 1 GiB with /healthz timed throughout (responsiveness). */
	pinged?: Record<string, Sample[]>;
	/** PARALLEL uploads of PARALLEL_MIB at once, each in its own execution. */
	parallel?: Record<string, Sample[]>;
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
	// Speed of a over b, run by run: each run has every runner upload within seconds of the others,
	// while this VM's speed drifts 2–3× over minutes (see the last note below), so per-run ratios
	// compare like with like where a ratio of two medians may pair a fast run with a slow one.
	const runRatios = (a: Sample[], b: Sample[]) => a.map((x, run) => b[run]?.seconds / x.seconds);
	const ratioOf = (a: Sample[], b: Sample[]) => median(runRatios(a, b));
	const ratio = (a: Sample[], b: Sample[]) =>
		`${fmt(ratioOf(a, b), 2)} (${range(runRatios(a, b), 2)})`;
	const growth = (samples: Sample[]) => fmt(median(samples.map((x) => x.growthMiB)));
	const worstGrowth = (samples: Sample[]) =>
		Math.max(...samples.map((x) => x.growthMiB).filter(Number.isFinite));

	const headline = [...bySize].map(
		([size, s]) =>
			`| ${sizeName(size)} | ${throughput(size, s.ours)} | ${throughput(size, s.curlT)} | ${throughput(size, s.curl)} | ${throughput(size, s.httpNode)} | **${ratio(s.ours, s.curlT)}** | ${growth(s.ours)} | ${growth(s.httpNode)} | ${throughput(size, s.oursReusing)} | ${ratio(s.oursReusing, s.curlT)} |`,
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

	// Targets, from this run's medians.
	const targets: string[] = [];
	for (const [size, s] of bySize) {
		if (size < 256) continue;
		const r = ratioOf(s.ours, s.curlT);
		targets.push(
			`| harness, Node 20: ≥ 0.9× curl -T at ${sizeName(size)} | ${fmt(r, 2)}× | ${r >= 0.9 ? 'met' : 'not met'} |`,
		);
	}
	for (const [size, s] of bySize) {
		const g = worstGrowth(s.ours);
		targets.push(
			`| harness: RSS growth ≤ 32 MiB at ${sizeName(size)} (worst run) | ${fmt(g)} MiB | ${g <= 32 ? 'met' : 'not met'} |`,
		);
	}
	if (parallel) {
		const g = worstGrowth(parallel.ours);
		targets.push(
			`| harness: RSS growth ≤ ${PARALLEL}×32 MiB with ${PARALLEL} parallel (worst run) | ${fmt(g)} MiB | ${g <= PARALLEL * 32 ? 'met' : 'not met'} |`,
		);
	}
	if (gib) {
		const p = median(gib.ours.map((x) => x.loopP99Ms));
		targets.push(
			`| harness, Node 20: event-loop p99 ≤ 20 ms during a 1 GiB upload | ${fmt(p)} ms | ${p <= 20 ? 'met' : 'not met'} |`,
		);
	}

	const pingCells = (x: Sample[]) =>
		`${cell(x, (y) => y.idleP99Ms)} | ${cell(x, (y) => y.loopP99Ms)} | ${cell(x, (y) => y.loopMaxMs)}`;
	const realSections = real.map(
		({ version, nodeVersion, bySize: sizes, pinged, parallel: together }) => {
			const rows = [...sizes].map(
				([size, s]) =>
					`| ${sizeName(size)} | ${speed(size, s.ours)} | ${speed(size, s.curlT)} | ${speed(size, s.httpNode)} | **${ratio(s.ours, s.curlT)}** | ${cell(s.ours, (y) => y.growthMiB)} | ${cell(s.httpNode, (y) => y.growthMiB)} |`,
			);
			const pingRows = pinged
				? rowsOf(
						[
							['ours', pinged.ours],
							['HTTP Request node', pinged.httpNode],
						],
						(name, x) => `| ${name} | ${pingCells(x)} | ${throughput(1024, x)} |`,
					)
				: [];
			const parallelRows = together
				? rowsOf(
						[
							['ours', together.ours],
							['HTTP Request node', together.httpNode],
						],
						(name, x) =>
							`| ${name} | ${speed(PARALLEL * PARALLEL_MIB, x)} | ${cell(x, (y) => y.seconds, 2)} | ${cell(x, (y) => y.growthMiB)} |`,
					)
				: [];
			return `## Real n8n ${version} on Node ${nodeVersion.replace(/^v/, '')} (throughput in MiB/s, medians with min–max)

\`n8n start\` with the packed package installed as a community package, n8n's filesystem binary mode
(2.x's default) and no V8 flags; one webhook-started workflow per runner: Webhook → Read Files (the file
into n8n's binary store) → Wait 1 s (see below) → Symbl: Append Video (ours) or the HTTP Request node
doing the same PUT.
Throughput is the upload node's own run as n8n stored it (its executionTime), so reading the file into
the binary store is not counted; curl -T runs beside it in the same rotation. ours ÷ curl -T is the
median of each run's own ratio (min–max beside it): within a run the runners upload seconds apart, while
this machine's speed drifts between runs (below). RSS is the n8n process's, sampled every 20 ms: growth
is its peak during the upload node over its value when the node started. At 16 MiB an upload takes tens
of milliseconds, so its figures are mostly noise; the targets start at 256 MiB.

| size | ours | curl -T | HTTP Request node | ours ÷ curl -T | ours RSS growth MiB | HTTP Request RSS growth MiB |
|---|---|---|---|---|---|---|
${rows.join('\n')}
${
	pingRows.length
		? `
**Responsiveness, 1 GiB.** How long another webhook or UI request waits on the same n8n process: a
separate process asks n8n's \`/healthz\` every ${PING_GAP_MS} ms and times the round trip, for 1 s with
nothing running (idle) and then throughout the upload. These runs are separate from the throughput rows
above because the ~200 requests a second are work for n8n's main thread too: they slow the upload itself
(its speed under that load is in the last column).

| runner | /healthz p99 ms, idle | p99 during the upload | max during the upload | MiB/s under the load |
|---|---|---|---|---|
${pingRows.join('\n')}
`
		: ''
}${
				parallelRows.length
					? `
**${PARALLEL} uploads of ${sizeName(PARALLEL_MIB)} at once**, each its own execution (${PARALLEL} webhook calls): total
MiB/s from the first upload node's start to the last one's end, and the n8n process's RSS growth.

| runner | total MiB/s | seconds | RSS growth MiB |
|---|---|---|---|
${parallelRows.join('\n')}
`
					: ''
			}`;
		},
	);
	for (const { version, bySize: sizes, pinged, parallel: together } of real) {
		for (const [size, s] of sizes) {
			if (size < 256) continue;
			const r = ratioOf(s.ours, s.curlT);
			targets.push(
				`| n8n ${version}: ≥ 0.9× curl -T at ${sizeName(size)} | ${fmt(r, 2)}× | ${r >= 0.9 ? 'met' : 'not met'} |`,
			);
		}
		for (const [size, s] of sizes) {
			const g = worstGrowth(s.ours);
			targets.push(
				`| n8n ${version}: RSS growth ≤ 32 MiB at ${sizeName(size)} (worst run) | ${fmt(g)} MiB | ${g <= 32 ? 'met' : 'not met'} |`,
			);
		}
		if (together) {
			const g = worstGrowth(together.ours);
			targets.push(
				`| n8n ${version}: RSS growth ≤ ${PARALLEL}×32 MiB with ${PARALLEL} parallel (worst run) | ${fmt(g)} MiB | ${g <= PARALLEL * 32 ? 'met' : 'not met'} |`,
			);
		}
		if (pinged) {
			const p = median(pinged.ours.map((x) => x.loopP99Ms));
			targets.push(
				`| n8n ${version}: /healthz p99 ≤ 20 ms during a 1 GiB upload (HTTP Request node: ${fmt(median(pinged.httpNode.map((x) => x.loopP99Ms)))} ms) | ${fmt(p)} ms | ${p <= 20 ? 'met' : 'not met'} |`,
			);
		}
	}

	const curlDrift = [1024, 4096]
		.filter((size) => real[0]?.bySize.get(size)?.curlT)
		.map(
			(size) =>
				`${sizeName(size)} at ${range(mbps(size, real[0].bySize.get(size)!.curlT), 0)} MiB/s`,
		)
		.join(' and ');
	const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${fmt(totalmem() / 1024 ** 3, 0)} GiB, Node ${process.version}, curl ${execFileSync('curl', ['--version']).toString().split(' ')[1]}, n8n-core 1.122.28 / n8n-nodes-base 1.121.32`;
	const triggerRows = (typeof trigger === 'string' ? [] : trigger).map(
		(t) =>
			`| ${t.name} | ${t.requests} | ${t.concurrency} | ${fmt(t.requestsPerSecond, 0)} | ${fmt(t.p50Ms, 2)} | ${fmt(t.p95Ms, 2)} | ${t.executions} |`,
	);
	return `# Benchmarks

Produced by \`BENCH_RUNS=${RUNS} BENCH_SIZES=${SIZES_MIB.join(',')} npm run bench\` (one run of the script for every table; ${RUNS} runs per cell, median with min–max) on ${new Date().toISOString().slice(0, 10)}.
Machine: ${machine}. Files and n8n's binary store on ${scratchRoot}. Sink: the Symbl emulator on 127.0.0.1 (counts and
discards while streaming; its SHA-256 of each body is off here: it cost the sink ~0.55 s of CPU per GiB and made the sink, not
the client, the limit for curl -T; the tests keep it). ${PIN ? 'Sink pinned to CPU 1, every measured client (n8n, the harness, curl) to CPU 0 (taskset), as if the sink were a remote server.' : 'No CPU pinning.'}
No V8 flags anywhere: n8n's default heap.

${realSections.join('\n\n') || '## Real n8n\n\nNot measured in this run (BENCH_REAL_N8N=0).'}

## Targets (this run)

| target | measured | |
|---|---|---|
${targets.join('\n')}

## What made large uploads slow, and what the package does about it

- n8n's filesystem binary store hands nodes \`fs.createReadStream\`, and Node's ReadStream reads every
  chunk into a **fresh ArrayBuffer** (\`Buffer.allocUnsafeSlow\`). V8 counts those bytes as external
  memory and frees them only by collecting garbage: a full mark of n8n's whole heap (~180 MiB in a
  running n8n 2.x, ~90 MiB in the harness) for about every 35–60 MiB sent — 150–200 ms of marking work
  each in n8n 2.x, on the main thread that also answers every other webhook and execution (\`--trace-gc\`
  through \`BENCH_N8N_NODE_FLAGS\`, below). Holding fewer references or other read sizes do not change it
  (64 KiB to 8 MiB measured): the bytes themselves bring the collections.
- **What the package does** (\`nodes/Symbl/transport/release.ts\`): a chunk of a filesystem-mode binary is
  the only user of its ArrayBuffer, so once the request has written it to the socket (the write's
  callback) the node detaches it with \`ArrayBuffer.prototype.transfer(0)\`, which frees the memory at
  once. No full mark runs during the upload any more (\`--trace-gc\` shows none in the node's time
  window), RSS stays flat, and the main thread is mostly idle. n8n 2.x's HTTP client pipes the body
  through a pass-through of its own; the node follows the pipes to Node's request and frees only what
  that request has written.
- **Node 20 has no \`transfer()\`** (it came with Node 21/V8 11.4): n8n 1.x on Node 20 (an end-of-life
  runtime since April 2026) keeps the collections, as the harness rows below (Node 20) show; the same
  harness on Node 24 runs without them. Detaching the buffers another way
  (\`structuredClone(buffer, { transfer })\`, which Node 20 has) moves the memory to a clone the
  collector must still find: 33 full collections per GiB, as before. oursReusing (n8n-core's store
  patched to read into reused buffers, not shipped) shows what n8n-core itself could do for every
  runtime. n8n's own Docker images of 1.x run Node 22 (n8n-io/n8n#16037: 1.97.0 on 22.15), where the
  fix works.
- **What stands between the node and curl -T in a real n8n: n8n's own event loop.** n8n's main
  thread refills the socket, and whenever it is busy for longer than the socket's buffers take to drain
  (a few ms at 1 GB/s) the socket idles; curl has a loop of its own. Measured from inside n8n
  (\`BENCH_N8N_NODE_FLAGS="--require tools/scripts/bench/loop-monitor.cjs"\`, 1 ms resolution, per
  100 ms window), the loop's delay during a 1 GiB upload has a p99 of 1.3–4.6 ms and a max of up to
  ~10 ms once the node is under way (its first 100 ms: p99 up to 9 ms, max up to 22 ms), against
  1.1–1.7 ms idle. Load on that thread costs the upload directly: timing \`/healthz\`
  every 5 ms (~200 requests a second) took the node from 0.92–0.96× to ~0.8× curl -T in probes at
  1 GiB, which is why throughput is measured without it and responsiveness in separate runs (their last
  column). In this VM's fast phases the node keeps up with curl -T (probes, runner pairs after the
  first: 0.95–1.19× at 256 MiB, 0.95–1.22× at 1 GiB); in its slow phases it falls to ~0.85×.
- **The previous node's garbage.** Read Files copying the file into the binary store produces the
  same fresh-buffer garbage, and the full marks it starts run on for a while after it ends: timed right
  after it, the upload node lost up to ~200 ms to them (\`--trace-gc\`), for either runner, which
  halved the 256 MiB figures. The benchmark workflows wait 1 s (Wait node) before the upload so that the
  upload node is timed on its own; a workflow without a pause pays that once per file.
- **This VM's speed drifts 2–3× from one minute to the next**: in this run curl -T alone sent
  ${curlDrift || '(no real-n8n rows at 1 or 4 GiB)'}, and every runner's min–max shows the same. A median
  of each runner's speeds can then pair a fast curl with a slow node or the reverse (an earlier run put
  the node at 0.51× curl -T at 256 MiB and 1.73× at 4 GiB that way), so the ratios here are taken run by
  run, each run's runners uploading within seconds of each other. Even so, the 1 GiB ratio in a real n8n
  moved between 0.84× and 0.90× from one full run of this script to the next.

## In the engine harness: n8n-core 1.x on Node ${process.version.replace(/^v/, '')} (throughput in MiB/s, medians)

The node in n8n-core's WorkflowExecute in a process of its own (\`tools/scripts/bench/upload-client.ts\`),
beside the HTTP Request node and curl. Before each measured upload the process has run a workflow (the
load) and one full collection, as a long-running n8n has. Ratios are per run, as above.

| size | ours | curl -T | curl --data-binary | HTTP Request node | ours ÷ curl -T | ours RSS growth (MiB) | HTTP Request RSS growth (MiB) | oursReusing¹ | oursReusing ÷ curl -T |
|---|---|---|---|---|---|---|---|---|---|
${headline.join('\n')}

¹ oursReusing is not shipped: it is our node with n8n-core's filesystem binary store patched to read into
four reused buffers instead of a fresh one per read (\`tools/scripts/bench/reusing-read-stream.ts\`).

## Responsiveness: event-loop delay of the uploading process (1 GiB upload, ms)

perf_hooks.monitorEventLoopDelay (${5} ms resolution) in the process running the upload: for ${IDLE_MS / 1000} s idle just before the upload, then during it.

| process | idle p99 | idle max | upload p99 | upload max | major GCs | major GC ms |
|---|---|---|---|---|---|---|
${responsiveness.join('\n')}

## Concurrency: ${PARALLEL} uploads of ${PARALLEL_MIB} MiB in parallel executions of one process

| runner | total MiB/s | wall s | RSS growth MiB | major GCs | loop p99 ms |
|---|---|---|---|---|---|
${parallelRows.join('\n')}

## An upload sent again (${PARALLEL_MIB} MiB)

The emulator fails the first request once; the node sends the file again from a fresh stream.

| failure | requests | wall s (incl. backoff) | RSS growth MiB |
|---|---|---|---|
${retriedRows.join('\n')}

## 1 GiB on ${node24Version ?? 'Node 24 (not installed: tools/test/e2e/install-n8n.sh 2.40.7)'} (n8n 2.x's runtime), same harness

| runner | MiB/s | RSS growth MiB | major GCs | loop p99 ms |
|---|---|---|---|---|
${node24Rows.join('\n')}


## Uploads in detail

Runners: see the headline. Wall time is the upload workflow run in WorkflowExecute (ours, oursReusing,
httpNode) or the whole curl process. Peak RSS is the uploading process's high-water mark; growth is
that peak over the process's RSS just before the upload (the file already in the binary store, the
mark reset via /proc/self/clear_refs). curl's growth is not measured (its peak is its whole
footprint). Emulator MiB/s is what the sink itself measured from a request's arrival to its last
byte — it has to exceed every client's figure.

| size | runner | wall s | MiB/s | peak RSS MiB | RSS growth MiB | major GCs | loop p99 ms | emulator MiB/s |
|---|---|---|---|---|---|---|---|---|
${detail.join('\n')}

## Trigger webhook handling

The same harness listener (express on loopback, n8n-core's WebhookContext) in front of a one-node
workflow: the Symbl Trigger vs n8n's Webhook node (n8n-nodes-base, respond immediately). Each request
is a valid Symbl callback; latency is the HTTP round trip from a client in the same process.

| node | requests | concurrency | requests/s | p50 ms | p95 ms | executions started |
|---|---|---|---|---|---|---|
${triggerRows.join('\n') || `| ${typeof trigger === 'string' ? trigger.replace(/\|/g, '/') : 'skipped: BENCH_TRIGGER=0'} | | | | | | |`}
`;
}

main().then(
	() => process.exit(0),
	(error) => {
		console.error(error);
		process.exit(1);
	},
);
