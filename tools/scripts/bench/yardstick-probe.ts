/**
 * A focused probe (not part of npm run bench): the yardstick's raw clients, and curl -T as the
 * benchmark ran it before (with its Expect: 100-continue), against the sink alone, each timed by
 * itself and by the sink (first body byte → last body byte). Sink on CPU 1, clients on CPU 0.
 *   npx ts-node --transpile-only tools/scripts/bench/yardstick-probe.ts SIZES_MIB ROUNDS
 * BENCH_PROBE_NODE: the Node binary for the Node client (default: this one).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';

import { makeMp4, RAW_CLIENTS, rawPut, type RawClient } from './raw-clients';
import { RemoteSink } from './remote-sink';
import { runMain } from './run-main';

const CLIENTS: Array<RawClient | 'curlTOld'> = [...RAW_CLIENTS, 'curlTOld'];
const NODE = process.env.BENCH_PROBE_NODE ?? process.execPath;
const on =
	(cpu: string) =>
	(command: string, args: string[]): [string, string[]] => [
		'taskset',
		['-c', cpu, command, ...args],
	];

async function main() {
	const [sizes = '256', rounds = '3'] = process.argv.slice(2);
	const dir = mkdtempSync('/dev/shm/symbl-probe-');
	const sink = new RemoteSink(dir, Number(process.env.BENCH_SINK_PORT ?? 18790), on('1'));
	await sink.start();
	const token = await sink.token();
	try {
		for (const size of sizes.split(',').map(Number)) {
			const file = join(dir, `probe-${size}.mp4`);
			makeMp4(file, size * 1024 * 1024);
			for (let round = 0; round < Number(rounds); round++) {
				const order = [
					...CLIENTS.slice(round % CLIENTS.length),
					...CLIENTS.slice(0, round % CLIENTS.length),
				];
				for (const client of order) {
					const r = await rawPut(client, file, sink, token, on('0'), NODE);
					const mibps = (ms: number) => (size / (ms / 1000)).toFixed(0).padStart(5);
					console.log(
						`${size} MiB ${client.padEnd(9)} client ${mibps(r.clientMs)} MiB/s  sink ${mibps(r.sinkMs)} MiB/s  (client ${r.clientMs.toFixed(0)} ms, sink ${r.sinkMs.toFixed(0)} ms, headers→first byte ${r.waitMs.toFixed(1)} ms)`,
					);
				}
			}
			rmSync(file);
		}
	} finally {
		await sink.stop();
		rmSync(dir, { recursive: true, force: true });
	}
}

runMain(main);
