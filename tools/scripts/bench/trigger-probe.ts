/**
 * A focused probe (not part of npm run bench): the trigger rows alone, in one real n8n.
 *   npx ts-node --transpile-only tools/scripts/bench/trigger-probe.ts SPEC CONCURRENCIES ROUNDS REQUESTS
 * e.g. trigger-probe.ts 2.40.7 1,8,64 3 300. n8n on BENCH_N8N_PORT (default 5970), pinned to CPU 0,
 * this process (the senders) to CPU 1.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';

import { RealN8n } from './real-n8n';
import { triggerSeries } from './real-series';
import { runMain } from './run-main';

async function main() {
	const [spec = '2.40.7', concurrencies = '1,8,64', rounds = '3', requests = '300'] =
		process.argv.slice(2);
	execFileSync('taskset', ['-acp', '1', String(process.pid)], { stdio: 'ignore' });
	const dir = mkdtempSync('/dev/shm/symbl-trigger-probe-');
	const tarball = execFileSync('bash', [join(__dirname, '..', '..', 'test', 'e2e', 'pack.sh'), dir])
		.toString()
		.trim()
		.split('\n')
		.pop()!;
	const real = new RealN8n(spec, dir, Number(process.env.BENCH_N8N_PORT ?? 5970), (c, a) => [
		'taskset',
		['-c', '0', c, ...a],
	]);
	const stop = () =>
		void real.stop().finally(() => {
			rmSync(dir, { recursive: true, force: true });
			process.exit(130);
		});
	process.once('SIGINT', stop);
	process.once('SIGTERM', stop);
	try {
		await real.start('http://127.0.0.1:18799', tarball);
		const log = (line: string) => console.log(line);
		await triggerSeries(
			real,
			concurrencies.split(',').map(Number),
			Number(rounds),
			Number(requests),
			{ log } as never,
		);
	} finally {
		await real.stop();
		rmSync(dir, { recursive: true, force: true });
	}
}

runMain(main);
