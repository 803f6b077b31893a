/** Builds the workflows the integration tests run: Load Files → Symbl node(s). */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IDataObject, INode, INodeCredentialsDetails, IRun } from 'n8n-workflow';

import type { EmulatorOptions } from '../emulator';
import { PAID_JOB_LIMIT, SymblEmulator } from '../emulator';
import type { BinaryMode, FileToLoad } from '../harness';
import { chain, EngineHarness } from '../harness';

export { chain };

export const FIXTURES = join(__dirname, 'fixtures');
export const PART1 = join(FIXTURES, 'meeting-part1.mp4');
export const PART2 = join(FIXTURES, 'meeting-part2.mp4');

export function sha256(path: string): string {
	return createHash('sha256').update(readFileSync(path)).digest('hex');
}

export function loadNode(files: FileToLoad[], name = 'Load Files'): INode {
	return {
		id: name,
		name,
		type: 'harness.loadFiles',
		typeVersion: 1,
		position: [0, 0],
		parameters: { files: JSON.stringify(files) },
	};
}

export function symblNode(
	name: string,
	credential: INodeCredentialsDetails,
	parameters: IDataObject,
	settings: Partial<INode> = {},
): INode {
	return {
		id: name,
		name,
		type: 'n8n-nodes-symbl.symbl',
		typeVersion: 1,
		position: [200, 0],
		credentials: { symblApi: credential },
		parameters: { resource: 'video', ...parameters } as INode['parameters'],
		...settings,
	};
}

/**
 * An emulator plus an engine harness with a saved Symbl credential pointing at it. The
 * emulator follows the documented contract; by default it is a paid account (50 concurrent
 * jobs), because several tests upload more files at once than a trial account's 2 allow.
 */
export class TestBed {
	emulator: SymblEmulator;

	harness!: EngineHarness;

	credential!: INodeCredentialsDetails;

	private scratch = mkdtempSync(join(tmpdir(), 'symbl-test-'));

	constructor(options: EmulatorOptions = {}) {
		this.emulator = new SymblEmulator({
			jobStepMs: 20,
			concurrentJobLimit: PAID_JOB_LIMIT,
			...options,
		});
	}

	async start(binaryMode: BinaryMode = 'filesystem'): Promise<this> {
		const baseUrl = await this.emulator.start();
		this.harness?.dispose();
		this.harness = new EngineHarness({ binaryMode });
		this.credential = this.harness.credentials.save('cred-1', 'symblApi', {
			appId: this.emulator.appId,
			appSecret: this.emulator.appSecret,
			baseUrl: `${baseUrl}/`,
		});
		return this;
	}

	async stop(): Promise<void> {
		await this.emulator.stop();
		this.harness?.dispose();
		rmSync(this.scratch, { recursive: true, force: true });
	}

	/** Writes a scratch file and returns its path. */
	file(name: string, content: Buffer | string): string {
		const path = join(this.scratch, name);
		writeFileSync(path, content);
		return path;
	}

	async run(...nodes: INode[]): Promise<IRun> {
		return await this.harness.run(chain(...nodes));
	}

	/** Resolves once every job the emulator accepted has finished (completed or failed). */
	async jobsDone(timeoutMs = 5000): Promise<void> {
		const started = Date.now();
		const unfinished = () =>
			[...this.emulator.jobs.values()].some(
				(job) => job.status === 'scheduled' || job.status === 'in_progress',
			);
		while (unfinished()) {
			if (Date.now() - started > timeoutMs) throw new Error('Jobs still unfinished');
			await new Promise((resolve) => setTimeout(resolve, 10));
		}
	}

	/** Every secret the run must never reveal: the app secret and every token issued. */
	secrets(): string[] {
		return [this.emulator.appSecret, ...this.emulator.tokens.keys()];
	}
}

/** The whole run as text: output items, errors and all, for secret scanning. */
export function serializeRun(run: IRun): string {
	return JSON.stringify(run.data, (_key, value) =>
		value instanceof Error ? { ...value, message: value.message, stack: value.stack } : value,
	);
}
