/**
 * The benchmark's handle on its sink (sink.ts), which runs in a process of its own: start it
 * (transpiled to plain JavaScript once, so the sink's heap holds no TypeScript compiler), create
 * conversations, inject a failure, and read what it recorded of each upload.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { createInterface } from 'node:readline';

import type { InjectedFailure } from '../../emulator/faults';

const TOOLS = join(__dirname, '..', '..');

/** What the sink recorded of one upload (epoch ms, fractional). */
export interface SinkUpload {
	path: string;
	status: number;
	bodyBytes: number;
	arrivedAt: number;
	bodyFirstAt: number;
	bodyLastAt: number;
	bodyMs: number;
}

/** tools/emulator and sink.ts as CommonJS in `dir` (type-stripping only: typecheck checks them). */
function transpile(dir: string): string {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const ts = require('typescript') as typeof import('typescript');
	const files = [
		...readdirSync(join(TOOLS, 'emulator'))
			.filter((name) => name.endsWith('.ts'))
			.map((name) => join(TOOLS, 'emulator', name)),
		join(__dirname, 'sink.ts'),
	];
	for (const file of files) {
		const out = join(dir, relative(TOOLS, file)).replace(/\.ts$/, '.js');
		mkdirSync(dirname(out), { recursive: true });
		const { outputText } = ts.transpileModule(readFileSync(file, 'utf8'), {
			compilerOptions: {
				module: ts.ModuleKind.CommonJS,
				target: ts.ScriptTarget.ES2022,
				esModuleInterop: true,
			},
		});
		writeFileSync(out, outputText);
	}
	return join(dir, 'scripts', 'bench', 'sink.js');
}

export class RemoteSink {
	baseUrl = '';
	appId = '';
	appSecret = '';
	private child?: ChildProcess;
	private readonly records: SinkUpload[] = [];
	private readonly pending = new Map<number, (value: Record<string, unknown>) => void>();
	private nextId = 0;
	private waiters: Array<() => void> = [];

	constructor(
		/** A scratch folder for the transpiled sink. */
		private readonly dir: string,
		private readonly port: number,
		/** Prefix for the sink's command line (its CPU). */
		private readonly onCpu: (command: string, args: string[]) => [string, string[]],
		private readonly node = process.execPath,
	) {}

	async start(): Promise<void> {
		const script = transpile(join(this.dir, 'sink'));
		const child = spawn(...this.onCpu(this.node, [script, String(this.port)]), {
			stdio: ['pipe', 'pipe', 'inherit'],
		});
		this.child = child;
		const ready = new Promise<void>((resolve, reject) => {
			child.once('exit', (code) => reject(new Error(`the sink exited ${code}`)));
			createInterface({ input: child.stdout! }).on('line', (line) => {
				const message = JSON.parse(line) as Record<string, unknown>;
				if (typeof message.ready === 'string') {
					this.baseUrl = message.ready;
					this.appId = message.appId as string;
					this.appSecret = message.appSecret as string;
					resolve();
				} else if (message.upload) {
					this.records.push(message.upload as SinkUpload);
					for (const wake of this.waiters.splice(0)) wake();
				} else {
					this.pending.get(message.id as number)?.(message);
					this.pending.delete(message.id as number);
				}
			});
		});
		await ready;
	}

	private ask(command: Record<string, unknown>): Promise<Record<string, unknown>> {
		const id = this.nextId++;
		return new Promise((resolve) => {
			this.pending.set(id, resolve);
			this.child!.stdin!.write(`${JSON.stringify({ id, ...command })}\n`);
		});
	}

	/** A bearer token for the emulator's account, as the clients send it. */
	async token(): Promise<string> {
		const response = await fetch(`${this.baseUrl}/oauth2/token:generate`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ type: 'application', appId: this.appId, appSecret: this.appSecret }),
		});
		return ((await response.json()) as { accessToken: string }).accessToken;
	}

	async createConversation(): Promise<string> {
		return (await this.ask({ op: 'create' })).conversationId as string;
	}

	async failNext(failure: InjectedFailure): Promise<void> {
		await this.ask({
			op: 'failNext',
			failure: { ...failure, path: undefined },
			pathSource: failure.path.source,
		});
	}

	/** How many uploads the sink has answered so far. */
	get count(): number {
		return this.records.length;
	}

	/** The uploads answered after the first `from`, once there are at least `count` (10 s at most). */
	async uploadsSince(from: number, count: number, timeoutMs = 10_000): Promise<SinkUpload[]> {
		const deadline = Date.now() + timeoutMs;
		while (this.records.length - from < count && Date.now() < deadline)
			await new Promise<void>((resolve) => {
				this.waiters.push(resolve);
				setTimeout(resolve, 50);
			});
		return this.records.slice(from);
	}

	async stop(): Promise<void> {
		const child = this.child;
		if (!child || child.exitCode !== null) return;
		const exited = new Promise((resolve) => child.once('exit', resolve));
		child.stdin!.end();
		await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
		if (child.exitCode === null) child.kill('SIGKILL');
	}
}
