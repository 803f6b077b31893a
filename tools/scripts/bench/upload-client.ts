/**
 * One measured upload, in its own process so its memory figures are its own:
 *   upload-client.ts <ours|oursReusing|httpNode> <file> <baseUrl> <conversationId[,…]> <token> [scratchDir]
 * Loads the file into n8n's filesystem binary store (once per conversation ID), resets the peak-RSS
 * mark, then runs one upload workflow per conversation ID in WorkflowExecute, all at once (parallel
 * executions in one process), and prints one JSON line: wall time, RSS, V8's collections during the
 * uploads, and the event loop's delay (p99, max) during the uploads and, with BENCH_IDLE_MS, for that
 * long with nothing running just before them.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { constants, monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import type { INode, INodeExecutionData } from 'n8n-workflow';

import { UPLOAD_CHUNK_BYTES } from '../../../nodes/Symbl/transport/upload';
import { ReusingFileReadStream } from './reusing-read-stream';
import { EMULATOR_APP_ID, EMULATOR_APP_SECRET } from '../../emulator';
import { EngineHarness, nodeOutput, runError } from '../../harness';
import { node } from '../../workflow';
import { appendVideoNode, httpRequestPutNode } from './upload-nodes';

/** n8n's own nodes, for comparison (tools/scripts/bench-deps.sh installs them). */
const NODES_BASE = '../../bench-deps/node_modules/n8n-nodes-base/dist/nodes';

const [runner, file, baseUrl, conversationIds, token, scratchDir] = process.argv.slice(2);

/** monitorEventLoopDelay's sampling interval. */
const LOOP_RESOLUTION_MS = 5;

function memoryKiB(field: 'VmRSS' | 'VmHWM'): number {
	const match = new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync('/proc/self/status', 'utf8'));
	return Number(match?.[1] ?? NaN);
}

/**
 * oursReusing: our node, with n8n-core's filesystem binary store patched to hand out
 * ReusingFileReadStream for the upload (what would fix the GC work; see BENCHMARKS.md).
 */
function patchBinaryStore(): void {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { FileSystemManager } = require('n8n-core/dist/binary-data/file-system.manager');
	const original = FileSystemManager.prototype.getAsStream;
	FileSystemManager.prototype.getAsStream = async function (fileId: string, chunkSize?: number) {
		if (chunkSize !== UPLOAD_CHUNK_BYTES) return await original.call(this, fileId, chunkSize);
		return new ReusingFileReadStream(this.resolvePath(fileId), chunkSize);
	};
}

function uploadNode(conversationId: string): INode {
	if (runner === 'ours' || runner === 'oursReusing')
		return appendVideoNode(conversationId, { id: 'bench', name: 'bench' });
	return httpRequestPutNode(`${baseUrl}/v1/process/video/${conversationId}`, `Bearer ${token}`);
}

async function main() {
	if (runner === 'oursReusing') patchBinaryStore();
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { HttpRequest } = require(`${NODES_BASE}/HttpRequest/HttpRequest.node`);
	const binaryStoragePath = scratchDir ? mkdtempSync(join(scratchDir, 'n8n-binary-')) : undefined;
	if (binaryStoragePath)
		process.once('exit', () => rmSync(binaryStoragePath, { recursive: true, force: true }));
	const harness = new EngineHarness({
		binaryMode: 'filesystem',
		binaryStoragePath,
		nodeTypes: { 'n8n-nodes-base.httpRequest': new HttpRequest() },
	});
	harness.credentials.save('bench', 'symblApi', {
		appId: EMULATOR_APP_ID,
		appSecret: EMULATOR_APP_SECRET,
		baseUrl,
		accessToken: token,
	});

	const load = node('Load', 'harness.loadFiles', { files: JSON.stringify([{ path: file }]) });
	const uploads: Array<{ conversationId: string; items: INodeExecutionData[] }> = [];
	for (const conversationId of conversationIds.split(',')) {
		const items = nodeOutput(await harness.run({ nodes: [load], connections: {} }), 'Load');
		if (!items[0]?.binary?.data?.id)
			throw new Error('The file did not land in the filesystem binary store');
		uploads.push({ conversationId, items });
	}

	// Flush the copy into the binary store so disk writeback does not compete with the upload.
	execFileSync('sync');
	// The load run has already warmed the engine; growth is measured from here. A full collection
	// first, as a long-running n8n has had (and as every earlier run of this benchmark did): V8
	// then sizes the old generation tightly, which decides how it answers the upload's buffers.
	global.gc?.();
	writeFileSync('/proc/self/clear_refs', '5');
	const baselineKiB = memoryKiB('VmRSS');
	const idleMs = Number(process.env.BENCH_IDLE_MS ?? 0);
	let idleLoopDelayMs: { p99: number; max: number } | undefined;
	if (idleMs > 0) {
		const idle = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
		idle.enable();
		await new Promise((resolve) => setTimeout(resolve, idleMs));
		idle.disable();
		idleLoopDelayMs = { p99: idle.percentile(99) / 1e6, max: idle.max / 1e6 };
	}
	// What the upload costs the rest of the process: V8's collections and the event loop's delay.
	const gc = { minor: 0, major: 0, majorMs: 0, maxPauseMs: 0 };
	const gcObserver = new PerformanceObserver((list) => {
		for (const entry of list.getEntries()) {
			const kind = (entry as unknown as { detail?: { kind: number } }).detail?.kind;
			if (kind === constants.NODE_PERFORMANCE_GC_MAJOR) {
				gc.major++;
				gc.majorMs += entry.duration;
			} else if (kind === constants.NODE_PERFORMANCE_GC_MINOR) gc.minor++;
			gc.maxPauseMs = Math.max(gc.maxPauseMs, entry.duration);
		}
	});
	gcObserver.observe({ entryTypes: ['gc'] });
	const loopDelay = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
	loopDelay.enable();
	const started = performance.now();
	const runs = await Promise.all(
		uploads.map(
			async ({ conversationId, items }) =>
				await harness.run(
					{ nodes: [uploadNode(conversationId)], connections: {} },
					{ input: items },
				),
		),
	);
	const seconds = (performance.now() - started) / 1000;
	loopDelay.disable();
	const peakKiB = memoryKiB('VmHWM');
	await new Promise((resolve) => setImmediate(resolve));
	gcObserver.disconnect();
	for (const run of runs) {
		const error = runError(run);
		if (error) throw new Error(error.message);
	}
	console.log(
		JSON.stringify({
			runner,
			seconds,
			baselineKiB,
			peakKiB,
			gc,
			loopDelayMs: { p99: loopDelay.percentile(99) / 1e6, max: loopDelay.max / 1e6 },
			idleLoopDelayMs,
			response: nodeOutput(runs[0], 'Upload')[0]?.json,
		}),
	);
}

main().then(
	() => process.exit(0),
	(error) => {
		console.error(String(error?.stack ?? error));
		process.exit(1);
	},
);
