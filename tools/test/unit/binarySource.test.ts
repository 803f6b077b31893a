/**
 * resolveBinarySource with a fake n8n context, for what the engine harness cannot run: n8n's
 * database binary mode (it needs n8n's database) and a store that fails in other ways. And peek(),
 * which the MP4 check uses on the upload stream, on the kinds of streams n8n's stores return.
 */
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import type { IExecuteFunctions, INode } from 'n8n-workflow';

import {
	DATABASE_MODE_MAX_BYTES,
	peek,
	resolveBinarySource,
} from '../../../nodes/Symbl/transport/upload';

const NODE = { name: 'Append', type: 'n8n-nodes-symbl.symbl' } as INode;

function context(id: string, metadata: () => Promise<{ fileSize: number }>) {
	const getBinaryStream = jest.fn(async () => Readable.from(Buffer.alloc(16)));
	const getBinaryMetadata = jest.fn(metadata);
	const ctx = {
		getNode: () => NODE,
		getInputData: () => [
			{ json: {}, binary: { data: { id, data: 'database', mimeType: 'video/mp4' } } },
		],
		helpers: { getBinaryStream, getBinaryMetadata },
	} as unknown as IExecuteFunctions;
	return { ctx, getBinaryStream, getBinaryMetadata };
}

type Failure = { message: string; description?: string; context?: { itemIndex?: number } };

/** The error a promise rejected with; a resolved one fails the test. */
const failure = async (promise: Promise<unknown>): Promise<Failure> =>
	await promise.then(
		() => {
			throw new Error('expected a rejection');
		},
		(error: Failure) => error,
	);

const named = (name: string, message: string) => Object.assign(new Error(message), { name });

describe("n8n's database binary mode", () => {
	it('is limited to 268,435,443 bytes (Postgres hex text, V8 string limit)', () => {
		expect(DATABASE_MODE_MAX_BYTES).toBe(268_435_443);
	});

	it('refuses a larger file from its metadata, before n8n loads it', async () => {
		const { ctx, getBinaryStream, getBinaryMetadata } = context('database:0f1e', async () => ({
			fileSize: DATABASE_MODE_MAX_BYTES + 1,
		}));

		const refused = resolveBinarySource(ctx, 0, 'data');

		await expect(refused).rejects.toThrow(
			'Item 0: the binary field "data" holds 268,435,444 bytes in n8n\'s database binary mode, which can read back at most 268,435,443 bytes (256 MiB minus 13 bytes)',
		);
		const error = await failure(refused);
		expect(error.description).toMatch(/filesystem mode \(N8N_DEFAULT_BINARY_DATA_MODE=filesystem/);
		expect(error.description).toMatch(/S3 mode/);
		expect(error.description).toMatch(/from a URL/);
		expect(getBinaryMetadata).toHaveBeenCalledWith('database:0f1e');
		expect(getBinaryStream).not.toHaveBeenCalled();
	});

	it('accepts a file of exactly the limit, and reads nothing before the upload', async () => {
		const { ctx, getBinaryStream } = context('database:0f1e', async () => ({
			fileSize: DATABASE_MODE_MAX_BYTES,
		}));
		const source = await resolveBinarySource(ctx, 0, 'data');
		expect(source).toMatchObject({ size: DATABASE_MODE_MAX_BYTES, store: 'database' });
		// Its format is checked from the upload stream itself (any read loads the whole file).
		expect(source.headAtSend).toBe(true);
		expect(getBinaryStream).not.toHaveBeenCalled();
	});

	it('does not apply the limit to the filesystem store', async () => {
		const { ctx } = context('filesystem-v2:workflows/w/executions/1/binary_data/b', async () => ({
			fileSize: 2 * DATABASE_MODE_MAX_BYTES,
		}));
		await expect(resolveBinarySource(ctx, 0, 'data')).resolves.toMatchObject({
			store: 'filesystem',
		});
	});
});

describe('a store that cannot give the file', () => {
	it.each([
		[
			'database (TypeORM)',
			'database:0f1e',
			named('EntityNotFoundError', 'Could not find any entity of type "BinaryDataFile"'),
			'database',
		],
		[
			'filesystem (n8n-core)',
			'filesystem-v2:w/b',
			named('FileNotFoundError', 'File not found'),
			'filesystem',
		],
		[
			'filesystem metadata (ENOENT)',
			'filesystem-v2:w/b',
			Object.assign(new Error("ENOENT: no such file or directory, open '/x.metadata'"), {
				code: 'ENOENT',
			}),
			'filesystem',
		],
	])(
		'%s: names the item, the field and the queue-mode cause',
		async (_case, id, storeError, store) => {
			const { ctx } = context(id, async () => {
				throw storeError;
			});
			const refused = resolveBinarySource(ctx, 0, 'data');
			await expect(refused).rejects.toThrow(
				`Item 0: the binary field "data" cannot be found in n8n's binary data store (${store} mode)`,
			);
			const error = await failure(refused);
			expect(error.description).toMatch(/In queue mode every n8n process/);
		},
	);

	it('says so when this process has no manager for the mode the file was stored in', async () => {
		const { ctx } = context('database:0f1e', async () => {
			throw named('InvalidManagerError', 'No binary data manager found for: database');
		});
		await expect(resolveBinarySource(ctx, 0, 'data')).rejects.toThrow(
			'Item 0: the binary field "data" is kept in n8n\'s database binary data mode, which this n8n process is not set up for',
		);
	});

	it('passes other failures on, with their own message and the item', async () => {
		const { ctx } = context('database:0f1e', async () => {
			throw new Error('connection terminated');
		});
		const failed = await failure(resolveBinarySource(ctx, 0, 'data'));
		expect(failed.message).toBe('connection terminated');
		expect(failed.context?.itemIndex).toBe(0);
	});

	it('names the item and field when the file is gone by the time it is sent', async () => {
		const { ctx, getBinaryStream } = context('filesystem-v2:w/b', async () => ({ fileSize: 100 }));
		getBinaryStream.mockRejectedValueOnce(named('FileNotFoundError', 'File not found'));
		const source = await resolveBinarySource(ctx, 0, 'data');
		await expect(source.open()).rejects.toThrow(
			'Item 0: the binary field "data" cannot be found in n8n\'s binary data store (filesystem mode)',
		);
	});
});

describe('peek', () => {
	const folder = mkdtempSync(join(tmpdir(), 'symbl-peek-'));
	afterAll(() => rmSync(folder, { recursive: true, force: true }));

	async function drain(body: Readable | Buffer): Promise<Buffer> {
		if (Buffer.isBuffer(body)) return body;
		const sink = new PassThrough();
		const chunks: Buffer[] = [];
		sink.on('data', (chunk: Buffer) => chunks.push(chunk));
		const ended = new Promise((resolve) => sink.on('end', resolve));
		body.pipe(sink);
		await ended;
		return Buffer.concat(chunks);
	}

	it('gives the head of a file stream and the whole file after it (piped)', async () => {
		const content = Buffer.from(Array.from({ length: 3_000_000 }, (_, i) => i % 251));
		const path = join(folder, 'big');
		writeFileSync(path, content);
		const { head, body } = await peek(createReadStream(path, { highWaterMark: 1 << 20 }), 16);
		expect(head).toEqual(content.subarray(0, 16));
		expect((await drain(body)).equals(content)).toBe(true);
	});

	it('gathers the head from many small chunks', async () => {
		const content = Buffer.from('0123456789abcdefghijklmnopqrstuvwxyz');
		const stream = new PassThrough();
		const peeked = peek(stream as unknown as Readable, 16);
		for (let i = 0; i < content.length; i += 3) {
			stream.write(content.subarray(i, i + 3));
			await new Promise((resolve) => setImmediate(resolve));
		}
		stream.end();
		const { head, body } = await peeked;
		expect(head.toString()).toBe('0123456789abcdef');
		expect((await drain(body)).toString()).toBe(content.toString());
	});

	it('works on the object-mode stream of a database-stored file', async () => {
		const content = Buffer.from('ftyp and then the rest of the recording');
		const { head, body } = await peek(Readable.from(content), 16);
		expect(head).toEqual(content.subarray(0, 16));
		expect((await drain(body)).equals(content)).toBe(true);
	});

	it('returns a file shorter than the head as a Buffer', async () => {
		const path = join(folder, 'tiny');
		writeFileSync(path, 'tiny');
		const { head, body } = await peek(createReadStream(path), 16);
		expect(head.toString()).toBe('tiny');
		expect(Buffer.isBuffer(body) ? body.toString() : 'a stream').toBe('tiny');
	});

	it('passes a read error on', async () => {
		await expect(peek(createReadStream(join(folder, 'missing')), 16)).rejects.toThrow(/ENOENT/);
	});
});
