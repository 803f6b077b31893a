/** Builds the workflows the integration tests run: Load Files → Symbl node(s). */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IDataObject, INode, INodeCredentialsDetails, IRun } from 'n8n-workflow';

import type { EmulatorOptions } from '../emulator';
import { PAID_JOB_LIMIT, SymblEmulator } from '../emulator';
import type { BinaryMode, FileToLoad } from '../harness';
import { chain, EngineHarness, nodeOutput, runError } from '../harness';
import { node } from '../workflow';

export { chain };

export const FIXTURES = join(__dirname, 'fixtures');
export const PART1 = join(FIXTURES, 'meeting-part1.mp4');
export const PART2 = join(FIXTURES, 'meeting-part2.mp4');

export function sha256(path: string): string {
	return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** A node of the harness's own (tools/harness/testNodes.ts) that starts a test workflow. */
function harnessNode(type: string, name: string, parameters: INode['parameters']): INode {
	return node(name, type, parameters);
}

/** A node that loads these files as binary data, one item per file. */
export function loadNode(files: FileToLoad[], name = 'Load Files'): INode {
	return harnessNode('harness.loadFiles', name, { files: JSON.stringify(files) });
}

/** A node that emits these JSON items (no binary). */
export function itemsNode(items: IDataObject[], name = 'Items'): INode {
	return harnessNode('harness.emitItems', name, { items: JSON.stringify(items) });
}

/** Small audio files whose first bytes are what their format's files start with. */
export const AUDIO = {
	/** A mono 16-bit PCM WAV of 0.1 s of silence at 16 kHz. */
	wav: (() => {
		const data = Buffer.alloc(3200);
		const header = Buffer.alloc(44);
		header.write('RIFF', 0, 'latin1');
		header.writeUInt32LE(36 + data.length, 4);
		header.write('WAVEfmt ', 8, 'latin1');
		header.writeUInt32LE(16, 16);
		header.writeUInt16LE(1, 20); // PCM
		header.writeUInt16LE(1, 22); // mono
		header.writeUInt32LE(16000, 24);
		header.writeUInt32LE(32000, 28);
		header.writeUInt16LE(2, 32);
		header.writeUInt16LE(16, 34);
		header.write('data', 36, 'latin1');
		header.writeUInt32LE(data.length, 40);
		return Buffer.concat([header, data]);
	})(),
	/** An ID3v2 tag, then one MPEG-1 Layer III frame header and padding. */
	mp3: Buffer.concat([
		Buffer.from('ID3\x03\x00\x00\x00\x00\x00\x00', 'latin1'),
		Buffer.from([0xff, 0xfb, 0x90, 0x64]),
		Buffer.alloc(413),
	]),
	flac: Buffer.concat([Buffer.from('fLaC\x00\x00\x00\x22', 'latin1'), Buffer.alloc(64)]),
	ogg: Buffer.concat([Buffer.from('OggS\x00\x02', 'latin1'), Buffer.alloc(64)]),
	m4a: Buffer.concat([
		Buffer.from([0, 0, 0, 24]),
		Buffer.from('ftypM4A \0\0\0\0M4A isom', 'latin1'),
		Buffer.alloc(64),
	]),
	/** An .m4a some encoders write: the generic MP4 brand; only its MIME type says it is audio. */
	m4aGeneric: Buffer.concat([
		Buffer.from([0, 0, 0, 24]),
		Buffer.from('ftypisom\0\0\0\0isomM4A ', 'latin1'),
		Buffer.alloc(64),
	]),
};

export function symblNode(
	name: string,
	credential: INodeCredentialsDetails,
	parameters: IDataObject,
	settings: Partial<INode> = {},
): INode {
	return node(
		name,
		'n8n-nodes-symbl.symbl',
		{ resource: 'video', ...parameters },
		{ position: [200, 0], credentials: { symblApi: credential }, ...settings },
	);
}

/**
 * A fresh TestBed for every test of the enclosing describe (these conversations already in its
 * emulator), stopped after the test with every Jest spy restored. Tests read it as `bed()`.
 */
export function bedPerTest(mode: BinaryMode, conversations: string[] = []): () => TestBed {
	let bed: TestBed | undefined;
	beforeEach(async () => {
		bed = await new TestBed().start(mode);
		for (const id of conversations) bed.emulator.createConversation(id);
	});
	afterEach(async () => {
		jest.restoreAllMocks();
		await bed?.stop();
	});
	return () => bed!;
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

/**
 * A run of Submit, then Append to the conversation Submit started: checks it ran cleanly, that
 * Submit output Symbl's {conversationId, jobId} and that Append extended the same conversation,
 * paired to its item. Returns both outputs.
 */
export function submittedThenAppended(run: IRun, submit = 'Submit', append = 'Append') {
	expect(runError(run)).toBeUndefined();
	const [submitted] = nodeOutput(run, submit);
	const [appended] = nodeOutput(run, append);
	expect(submitted.json).toEqual({ conversationId: expect.any(String), jobId: expect.any(String) });
	expect(appended.json.conversationId).toBe(submitted.json.conversationId);
	expect(appended.pairedItem).toEqual({ item: 0 });
	return { submitted, appended };
}
