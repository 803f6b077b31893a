/**
 * A focused probe (not part of npm run bench) for the old real-n8n table's 2.22× at 256 MiB: that
 * benchmark rotated [ours, HTTP Request node, curl -T], so curl -T always ran right after the HTTP
 * Request node's upload, on the CPU that n8n shares with every measured client. Here curl -T (as
 * it ran then: with Expect: 100-continue) runs right after the HTTP Request node and right after
 * ours, alternately, with the n8n process's CPU time during curl's upload.
 *   npx ts-node --transpile-only tools/scripts/bench/position-probe.ts [SPEC] [SIZE_MIB] [REPS]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

import { makeMp4, rawPut } from './raw-clients';
import { RealN8n, type RealRunner } from './real-n8n';
import { realUpload, type SeriesContext } from './real-series';
import { RemoteSink } from './remote-sink';
import { runMain } from './run-main';

const on =
	(cpu: string) =>
	(command: string, args: string[]): [string, string[]] => [
		'taskset',
		['-c', cpu, command, ...args],
	];

/** utime + stime of a process, in ms (clock ticks of 10 ms). */
function cpuMs(pid: number): number {
	const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
	return (Number(fields[11]) + Number(fields[12])) * 10;
}

async function main() {
	const [spec = '2.40.7', size = '256', reps = '4'] = process.argv.slice(2);
	execFileSync('taskset', ['-acp', '1', String(process.pid)], { stdio: 'ignore' });
	const dir = mkdtempSync('/dev/shm/symbl-position-probe-');
	const sink = new RemoteSink(dir, Number(process.env.BENCH_SINK_PORT ?? 18795), on('1'));
	const real = new RealN8n(spec, dir, Number(process.env.BENCH_N8N_PORT ?? 5980), on('0'));
	try {
		await sink.start();
		const token = await sink.token();
		const tarball = execFileSync('bash', [
			join(__dirname, '..', '..', 'test', 'e2e', 'pack.sh'),
			dir,
		])
			.toString()
			.trim()
			.split('\n')
			.pop()!;
		await real.start(sink.baseUrl, tarball);
		const file = join(dir, 'probe.mp4');
		const sizeMiB = Number(size);
		makeMp4(file, sizeMiB * 1024 * 1024);
		const ctx = {
			sink,
			token,
			onClientCpu: on('0'),
			node: real.nodeBinary,
			log: () => undefined,
		} as SeriesContext;
		const n8nPid = Number(
			execFileSync('bash', [
				'-c',
				`ss -ltnp | grep ':${real.baseUrl.split(':')[2]} ' | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2`,
			])
				.toString()
				.trim(),
		);
		for (let rep = 0; rep < Number(reps); rep++) {
			for (const before of (rep % 2
				? ['ours', 'httpNode']
				: ['httpNode', 'ours']) as RealRunner[]) {
				const { upload } = await realUpload(real, before, file, sizeMiB, ctx);
				const cpu0 = cpuMs(n8nPid);
				const curl = await rawPut('curlTOld', file, sink, token, on('0'));
				const cpu = cpuMs(n8nPid) - cpu0;
				console.log(
					`${sizeMiB} MiB: after ${before.padEnd(8)} (${(sizeMiB / upload.seconds).toFixed(0)} MiB/s): curl -T ${(sizeMiB / (curl.clientMs / 1000)).toFixed(0)} MiB/s (sink ${(sizeMiB / (curl.sinkMs / 1000)).toFixed(0)}), n8n used ${cpu} ms of CPU during curl's ${curl.clientMs.toFixed(0)} ms`,
				);
			}
		}
	} finally {
		await real.stop();
		await sink.stop();
		rmSync(dir, { recursive: true, force: true });
	}
}

runMain(main);
