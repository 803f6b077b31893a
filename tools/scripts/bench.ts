/**
 * npm run bench — constant-memory streaming and near-wire-speed uploads, measured.
 * For MP4 files of 16 MiB, 256 MiB and 1 GiB (made on the fly: an ftyp box and
 * filler, deleted afterwards), in n8n's filesystem binary mode, against the same
 * emulator (which hashes and discards while streaming):
 *   ours     — Symbl: Append Video, in WorkflowExecute
 *   oursSemi64 — the same, in a process started with --max-semi-space-size=64 (an operator's NODE_OPTIONS)
 *   httpNode — n8n's HTTP Request node (n8n-nodes-base 1.x), same PUT, same binary property
 *   curl     — curl --data-binary @file -X PUT (reads the whole file into memory first)
 *   curlT    — curl -T file -X PUT (curl's streaming upload)
 * Each run is a fresh process; runners rotate order; medians and min–max over RUNS runs.
 * Then the trigger: requests/s and latency of Symbl Trigger vs n8n's Webhook node.
 * On a machine with 2+ cores the sink is pinned to CPU 1 and every measured client to CPU 0
 * (taskset), as if the sink were a remote server: unpinned, the uploader's V8 GC threads and
 * the sink fight over the same two cores and the figures swing 2x between runs.
 * Writes BENCHMARKS.md. Env: BENCH_SIZES_MIB (e.g. "16,256"), BENCH_RUNS (default 3), BENCH_PIN=0.
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
import { cpus, totalmem, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import { SymblEmulator } from '../emulator';
import { benchTrigger, type TriggerFigures } from './bench/trigger';

const MiB = 1024 * 1024;
const SIZES_MIB = (process.env.BENCH_SIZES_MIB ?? '16,256,1024').split(',').map(Number);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const RUNNERS = ['ours', 'oursSemi64', 'httpNode', 'curl', 'curlT'] as const;
const PIN = process.env.BENCH_PIN !== '0' && cpus().length >= 2 && existsSync('/usr/bin/taskset');
/** Prefix for every measured client's command line. */
const onClientCpu = (command: string, args: string[]): [string, string[]] =>
	PIN ? ['taskset', ['-c', '0', command, ...args]] : [command, args];
type Runner = (typeof RUNNERS)[number];

interface Sample {
	/** Set when the runner could not do the upload at all (e.g. curl out of memory). */
	failed?: string;
	seconds: number;
	/** Peak RSS of the uploading process, and its growth over the process's RSS before the upload. */
	peakMiB: number;
	growthMiB: number;
	/** What the emulator saw: body bytes per second from arrival to last byte. */
	emulatorMBps: number;
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

function runChild(args: string[], nodeFlags: string[] = []): Promise<string> {
	return new Promise((resolve, reject) => {
		const child = spawn(
			...onClientCpu(process.execPath, [
				...nodeFlags,
				'--expose-gc',
				'-r',
				'ts-node/register',
				...args,
			]),
			{
				cwd: join(__dirname, '..'),
				stdio: ['ignore', 'pipe', 'pipe'],
			},
		);
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

async function measure(
	runner: Runner,
	file: string,
	emulator: SymblEmulator,
	token: string,
): Promise<Sample> {
	const conversation = emulator.createConversation();
	const before = emulator.uploads().length;
	let sample: Omit<Sample, 'emulatorMBps'>;
	if (runner === 'curl' || runner === 'curlT') {
		const url = `${emulator.baseUrl}/v1/process/video/${conversation.id}?languageCode=en-US`;
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
			};
		}
		const upload = emulator.uploads()[before];
		// time's %e has 10 ms resolution; the emulator's own body time is finer for small files.
		sample = {
			seconds: Math.max(Number(elapsed), upload.bodyMs / 1000),
			peakMiB: Number(maxKiB) / 1024,
			growthMiB: NaN,
		};
	} else {
		const flags = runner === 'oursSemi64' ? ['--max-semi-space-size=64'] : [];
		const client = runner === 'oursSemi64' ? 'ours' : runner;
		const line = (
			await runChild(
				[
					'scripts/bench/upload-client.ts',
					client,
					file,
					emulator.baseUrl,
					conversation.id,
					token,
					dirname(file),
				],
				flags,
			)
		)
			.trim()
			.split('\n')
			.pop()!;
		const result = JSON.parse(line) as { seconds: number; baselineKiB: number; peakKiB: number };
		sample = {
			seconds: result.seconds,
			peakMiB: result.peakKiB / 1024,
			growthMiB: (result.peakKiB - result.baselineKiB) / 1024,
		};
	}
	const upload = emulator.uploads()[before];
	if (!upload || upload.status !== 201)
		throw new Error(`${runner}: the emulator did not accept the upload (${upload?.status})`);
	return { ...sample, emulatorMBps: upload.bodyBytes / MiB / (upload.bodyMs / 1000) };
}

const median = (values: number[]) => {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = sorted.length >> 1;
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const fmt = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : '–');
const range = (values: number[], digits = 1) =>
	`${fmt(Math.min(...values), digits)}–${fmt(Math.max(...values), digits)}`;

async function main() {
	// The sink (this process: emulator) on CPU 1, all its threads.
	if (PIN) execFileSync('taskset', ['-acp', '1', String(process.pid)], { stdio: 'ignore' });
	// Files and binary stores on tmpfs when there is one: this VM reclaims page cache eagerly, so on
	// disk a 1 GiB file and its binary-store copy are read back from the disk and every runner
	// measures the disk. BENCH_DIR overrides.
	const scratchRoot = process.env.BENCH_DIR ?? (existsSync('/dev/shm') ? '/dev/shm' : tmpdir());
	const dir = mkdtempSync(join(scratchRoot, 'symbl-bench-'));
	// A sink for many uploads in a row, not an account: no concurrent-job limit (429).
	const emulator = new SymblEmulator({ jobStepMs: 60_000, concurrentJobLimit: Infinity });
	await emulator.start();
	const token = (await (
		await fetch(`${emulator.baseUrl}/oauth2/token:generate`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({
				type: 'application',
				appId: emulator.appId,
				appSecret: emulator.appSecret,
			}),
		})
	).json()) as { accessToken: string };

	const rows: string[] = [];
	const headline: string[] = [];
	try {
		for (const sizeMiB of SIZES_MIB) {
			const file = join(dir, `bench-${sizeMiB}MiB.mp4`);
			makeMp4(file, sizeMiB * MiB);
			execFileSync('sync');
			if (sizeMiB === SIZES_MIB[0]) await measure('curl', file, emulator, token.accessToken); // warms the sink, not counted
			const samples: Record<Runner, Sample[]> = {
				ours: [],
				oursSemi64: [],
				httpNode: [],
				curl: [],
				curlT: [],
			};
			for (let run = 0; run < RUNS; run++) {
				// Rotate the order so no runner always goes first.
				for (const runner of [
					...RUNNERS.slice(run % RUNNERS.length),
					...RUNNERS.slice(0, run % RUNNERS.length),
				]) {
					const sample = await measure(runner, file, emulator, token.accessToken);
					samples[runner].push(sample);
					process.stderr.write(
						`${sizeMiB} MiB ${runner} run ${run + 1}: ${sample.failed ?? `${fmt(sample.seconds, 2)} s`}, peak ${fmt(sample.peakMiB)} MiB, growth ${fmt(sample.growthMiB)} MiB\n`,
					);
				}
			}
			rmSync(file);
			const mbps = (runner: Runner) => samples[runner].map((sample) => sizeMiB / sample.seconds);
			for (const runner of RUNNERS) {
				const s = samples[runner];
				const failure = s.find((sample) => sample.failed)?.failed;
				if (failure) {
					rows.push(
						`| ${sizeMiB} MiB | ${runner} | failed in ${s.filter((x) => x.failed).length} of ${s.length} runs: ${failure} | | ${fmt(median(s.map((x) => x.peakMiB)))} | | |`,
					);
					continue;
				}
				rows.push(
					`| ${sizeMiB} MiB | ${runner} | ${fmt(median(s.map((x) => x.seconds)), 2)} (${range(
						s.map((x) => x.seconds),
						2,
					)}) | ${fmt(median(mbps(runner)), 0)} (${range(mbps(runner), 0)}) | ${fmt(median(s.map((x) => x.peakMiB)))} | ${fmt(median(s.map((x) => x.growthMiB)))} (${range(s.map((x) => x.growthMiB))}) | ${fmt(median(s.map((x) => x.emulatorMBps)), 0)} |`,
				);
			}
			const ours = median(mbps('ours'));
			const curlData = samples.curl.some((x) => x.failed) ? NaN : median(mbps('curl'));
			headline.push(
				`| ${sizeMiB} MiB | ${fmt(ours, 0)} | ${fmt(median(mbps('oursSemi64')), 0)} | ${Number.isNaN(curlData) ? 'fails (out of memory)' : fmt(curlData, 0)} | ${fmt(median(mbps('curlT')), 0)} | ${fmt(median(mbps('httpNode')), 0)} | ${fmt(ours / curlData, 2)} | ${fmt(ours / median(mbps('curlT')), 2)} | ${fmt(ours / median(mbps('httpNode')), 2)} | ${fmt(median(samples.ours.map((x) => x.growthMiB)))} | ${fmt(median(samples.httpNode.map((x) => x.growthMiB)))} |`,
			);
		}
	} finally {
		await emulator.stop();
		rmSync(dir, { recursive: true, force: true });
	}

	const trigger: TriggerFigures[] = await benchTrigger();
	const triggerRows = trigger.map(
		(t) =>
			`| ${t.name} | ${t.requests} | ${t.concurrency} | ${fmt(t.requestsPerSecond, 0)} | ${fmt(t.p50Ms, 2)} | ${fmt(t.p95Ms, 2)} | ${t.executions} |`,
	);

	const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${fmt(totalmem() / 1024 ** 3, 0)} GiB, Node ${process.version}, curl ${execFileSync('curl', ['--version']).toString().split(' ')[1]}, n8n-core 1.122.28 / n8n-nodes-base 1.121.32`;
	const report = `# Benchmarks

Produced by \`npm run bench\` (runs: ${RUNS} per cell, medians with min–max) on ${new Date().toISOString().slice(0, 10)}.
Machine: ${machine}. Binary data mode: filesystem, with the files and n8n's binary store on ${scratchRoot}. Sink: the Symbl emulator on 127.0.0.1 (hashes
SHA-256 and discards while streaming). ${PIN ? 'Sink pinned to CPU 1, every measured client to CPU 0 (taskset), as if the sink were a remote server.' : 'No CPU pinning.'}

## Headline (throughput in MiB/s, medians)

| size | ours | ours, semi-space 64 MiB | curl --data-binary | curl -T | HTTP Request node | ours ÷ curl --data-binary | ours ÷ curl -T | ours ÷ HTTP Request | ours RSS growth (MiB) | HTTP Request RSS growth (MiB) |
|---|---|---|---|---|---|---|---|---|---|---|
${headline.join('\n')}

## Uploads in detail

Runners: ours = Symbl: Append Video; oursSemi64 = the same in a process started with
\`--max-semi-space-size=64\` (what an n8n operator sets through NODE_OPTIONS); httpNode = n8n's HTTP Request node (4.2, body "n8n Binary File");
curl = \`curl --data-binary @file -X PUT\` (reads the file into memory, then sends); curlT = \`curl -T file -X PUT\`
(streams from disk). Wall time is the upload workflow run in WorkflowExecute (ours, httpNode) or the whole curl process.
Peak RSS is the uploading process's high-water mark; growth is that peak over the process's RSS
just before the upload (the file already in the binary store, the mark reset via /proc/self/clear_refs).
curl's growth is not measured (its peak is its whole footprint). Emulator MiB/s is what the sink
itself measured from a request's arrival to its last byte — it has to exceed every client's figure.

| size | runner | wall s (min–max) | MiB/s (min–max) | peak RSS MiB | RSS growth MiB (min–max) | emulator MiB/s |
|---|---|---|---|---|---|---|
${rows.join('\n')}

## Trigger webhook handling

The same harness listener (express on loopback, n8n-core's WebhookContext) in front of a one-node
workflow: the Symbl Trigger vs n8n's Webhook node (n8n-nodes-base, respond immediately). Each request
is a valid Symbl callback; latency is the HTTP round trip from a client in the same process.

| node | requests | concurrency | requests/s | p50 ms | p95 ms | executions started |
|---|---|---|---|---|---|---|
${triggerRows.join('\n')}
`;
	writeFileSync(join(__dirname, '..', '..', 'BENCHMARKS.md'), report);
	console.log(report);
}

main().then(
	() => process.exit(0),
	(error) => {
		console.error(error);
		process.exit(1);
	},
);
