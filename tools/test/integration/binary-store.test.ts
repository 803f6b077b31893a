/**
 * How Submit/Append read the video from n8n's binary store: once per attempt (the MP4 check reads
 * the upload stream's own first chunk), and with an error naming the item, the field and the
 * likely cause when the store cannot give the file (a queue-mode process that does not share it).
 * Database binary mode's read-back limit is checked at unit level (binarySource.test.ts): the
 * harness runs n8n-core without a database.
 */
import { randomBytes } from 'node:crypto';
import { close, createReadStream, open, read, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { BinaryDataService } from 'n8n-core';

import { UPLOAD_CHUNK_BYTES } from '../../../nodes/Symbl/transport/upload';
import { chain, nodeOutput, runError } from '../../harness';
import { bedPerTest, loadNode, PART1, PART2, sha256, symblNode, TestBed } from '../support';

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
/** An 'ftyp' box, then random bytes: several 1 MiB chunks of the upload stream. */
const bigMp4 = (bytes: number) =>
	Buffer.concat([
		Buffer.from('00000018' + '66747970' + '69736f6d' + '00000200' + '69736f6d69736f32', 'hex'),
		randomBytes(bytes - 24),
	]);

describe.each(['default', 'filesystem'] as const)('reading the video in %s binary mode', (mode) => {
	let bed: TestBed;
	beforeEach(async () => {
		bed = await new TestBed().start(mode);
	});
	afterEach(async () => {
		jest.restoreAllMocks();
		await bed.stop();
	});
	const append = (settings = {}) =>
		symblNode('Append', bed.credential, { operation: 'append', conversationId: '5555' }, settings);

	it('opens the stored file once per attempt, after one 16-byte read for the check', async () => {
		bed.emulator.createConversation('5555');
		const big = bed.file('big.mp4', bigMp4(3 * 1024 * 1024 + 5));
		const opened = jest.spyOn(BinaryDataService.prototype, 'getAsStream');
		const loaded = jest.spyOn(BinaryDataService.prototype, 'getAsBuffer');
		bed.emulator.failNext({ method: 'PUT', path: /^\/v1\/process\/video\//, status: 429 });

		const run = await bed.run(loadNode([{ path: big }]), append());

		expect(runError(run)).toBeUndefined();
		const uploads = bed.emulator.uploads();
		expect(uploads.map((upload) => upload.status)).toEqual([429, 201]);
		expect(uploads[1].bodySha256).toBe(sha256(big));
		// The check reads 16 bytes before any upload (every item is checked first); each attempt
		// then streams the file. (In database mode, where any read loads the whole file, the check
		// reads the upload stream itself: see binarySource.test.ts.)
		expect(opened).toHaveBeenCalledTimes(mode === 'filesystem' ? 3 : 0);
		expect(loaded).not.toHaveBeenCalled();
	});

	it('refuses a non-MP4 with nothing of it sent, naming its item', async () => {
		bed.emulator.createConversation('5555');
		const png = bed.file('png.mp4', PNG);

		const run = await bed.run(loadNode([{ path: PART1 }, { path: png }]), append());

		expect(runError(run)?.message).toMatch(
			/^Item 1: the binary field "data" is not an MP4 video; found PNG image/,
		);
		// Checked with every other item, before the first upload: nothing went out.
		expect(bed.emulator.uploads()).toEqual([]);
	});

	it('with Continue On Fail, a non-MP4 becomes an error item and the others upload', async () => {
		bed.emulator.createConversation('5555');
		const png = bed.file('png.mp4', PNG);

		const run = await bed.run(
			loadNode([{ path: png }, { path: PART2 }]),
			append({ onError: 'continueRegularOutput' }),
		);

		const output = nodeOutput(run, 'Append');
		expect(output[0].json.error).toMatch(/^Item 0: .* is not an MP4 video; found PNG image/);
		expect(output[1].json.conversationId).toBe('5555');
		expect(bed.emulator.uploads().map((upload) => upload.bodySha256)).toEqual([sha256(PART2)]);
	});
});

describe('a binary the binary store cannot give', () => {
	let bed: TestBed;
	beforeEach(async () => {
		bed = await new TestBed().start('filesystem');
	});
	afterEach(async () => await bed.stop());

	it('names the item and field, and says every queue-mode process must share the store', async () => {
		// Another process stored the file (in queue mode: a webhook processor or another worker);
		// this one does not see that folder.
		const loaded = nodeOutput(
			await bed.run(loadNode([{ path: PART1 }, { path: PART2 }], 'Load Files')),
			'Load Files',
		);
		const store = bed.harness.binaryStoragePath;
		for (const entry of readdirSync(store)) rmSync(join(store, entry), { recursive: true });

		const run = await bed.harness.run(
			chain(
				symblNode('Append', bed.credential, {
					operation: 'append',
					conversationId: '6666',
					binaryPropertyName: 'data',
				}),
			),
			{ input: loaded },
		);

		const error = runError(run) as Error & { description?: string; context?: IDataObjectLike };
		expect(error.message).toBe(
			'Item 0: the binary field "data" cannot be found in n8n\'s binary data store (filesystem mode)',
		);
		expect(error.context?.itemIndex).toBe(0);
		expect(error.description).toMatch(
			/In queue mode every n8n process \(main, workers, webhook processors\) must use the same binary data store/,
		);
		expect(error.description).toMatch(/N8N_BINARY_DATA_STORAGE_PATH/);
		expect(bed.emulator.requests).toHaveLength(0);
	});
});

describe('a file stream the node gives up before it opened', () => {
	const bed = bedPerTest('filesystem', ['5555']);

	/**
	 * n8n-core's FileSystemManager.getAsStream, except that an upload stream (read in upload-size
	 * chunks) opens its file only on release(), as behind a busy thread pool. `opens`: their results.
	 */
	function holdUploadOpens() {
		let release!: () => void;
		const released = new Promise<void>((resolve) => (release = resolve));
		const opens: Array<Promise<NodeJS.ErrnoException | null>> = [];
		const heldOpen = (
			path: string,
			flags: string,
			mode: number,
			callback: (error: NodeJS.ErrnoException | null, fd?: number) => void,
		) => {
			const opened = released.then(
				() =>
					new Promise<NodeJS.ErrnoException | null>((settled) =>
						open(path, flags, mode, (error, fd) => {
							callback(error, fd);
							settled(error);
						}),
					),
			);
			opens.push(opened);
		};
		jest.spyOn(BinaryDataService.prototype, 'getAsStream').mockImplementation(async function (
			this: BinaryDataService,
			id,
			chunkSize,
		) {
			const held = chunkSize === UPLOAD_CHUNK_BYTES;
			return createReadStream(this.getPath(id), {
				highWaterMark: chunkSize,
				...(held ? { fs: { open: heldOpen, read, close } } : {}),
			});
		});
		return { opens, release };
	}

	// A file stream opens its file on libuv's thread pool, which a busy machine runs late. A stream
	// destroyed before then still reports the open's failure if the file is gone by then: n8n
	// deletes an execution's binary data as the execution ends when it is not saved, the harness
	// when a test ends. Unheard, that error is an uncaught exception, which Jest blames on whatever
	// test runs then: the rare ENOENT seen after "a wrong app secret" and "token endpoint down".
	it('reports nothing when the store is deleted right after a refused token', async () => {
		const { opens, release } = holdUploadOpens();
		bed().harness.credentials.save('cred-1', 'symblApi', {
			appId: bed().emulator.appId,
			appSecret: 'not-the-secret',
			baseUrl: bed().emulator.baseUrl,
		});

		const run = await bed().run(
			loadNode([{ path: PART1 }]),
			symblNode('Append', bed().credential, { operation: 'append', conversationId: '5555' }),
		);
		expect(runError(run)?.message).toMatch(/Symbl rejected the App ID or App Secret/);
		bed().harness.dispose();
		release();
		const results = await Promise.all(opens);
		// Time for the stream to report its failed open: unheard, the report fails this test.
		await new Promise((resolve) => setTimeout(resolve, 20));

		// The upload stream the node gave up opened its file after the file was gone.
		expect(results.map((error) => error?.code)).toEqual(['ENOENT']);
		expect(bed().emulator.uploads()).toHaveLength(0);
	});
});

type IDataObjectLike = { itemIndex?: number };
