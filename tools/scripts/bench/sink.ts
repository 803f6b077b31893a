/**
 * The benchmark's sink in a process of its own: the Symbl emulator (counting and discarding while
 * streaming, no hashing) and nothing else, so that its speed is not that of the benchmark's own
 * process (which loads n8n-core for the harness: every body chunk the sink reads is a fresh buffer,
 * and a bigger heap makes the full collections those bring dearer). Run by remote-sink.ts, plain
 * JavaScript (transpiled once per run), on its own CPU. Protocol, one JSON object per line:
 *   stdin:  {"id", "op": "create"}                      → {"id", "conversationId"}
 *           {"id", "op": "failNext", "failure", "pathSource"} → {"id"}
 *   stdout: {"ready": baseUrl, "appId", "appSecret"} once, then every answered upload as
 *           {"upload": {path, status, bodyBytes, arrivedAt, bodyFirstAt, bodyLastAt, bodyMs}}
 */
import { createInterface } from 'node:readline';

import { SymblEmulator } from '../../emulator';
import type { InjectedFailure } from '../../emulator/faults';

async function main() {
	const emulator = new SymblEmulator({
		port: Number(process.argv[2] ?? 0),
		jobStepMs: 60_000,
		concurrentJobLimit: Infinity,
		hashBodies: false,
	});
	const write = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`);
	emulator.onRecorded = (record) => {
		if (!record.path.startsWith('/v1/process/')) return;
		const { path, status, bodyBytes, arrivedAt, bodyFirstAt, bodyLastAt, bodyMs } = record;
		write({ upload: { path, status, bodyBytes, arrivedAt, bodyFirstAt, bodyLastAt, bodyMs } });
		// The sink keeps nothing of a request it has answered (a long run would grow its heap).
		emulator.requests.length = 0;
	};
	await emulator.start();
	createInterface({ input: process.stdin }).on('line', (line) => {
		const command = JSON.parse(line) as {
			id: number;
			op: string;
			failure?: InjectedFailure;
			pathSource?: string;
		};
		if (command.op === 'create')
			write({ id: command.id, conversationId: emulator.createConversation().id });
		else if (command.op === 'failNext') {
			emulator.failNext({ ...command.failure!, path: new RegExp(command.pathSource!) });
			write({ id: command.id });
		}
	});
	process.stdin.on('end', () => void emulator.stop().then(() => process.exit(0)));
	write({ ready: emulator.baseUrl, appId: emulator.appId, appSecret: emulator.appSecret });
}

void main();
