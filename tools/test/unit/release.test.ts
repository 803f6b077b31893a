/**
 * Which store streams the upload may free chunk by chunk (release.ts): Node's file stream, opened
 * by path (n8n 1.x's store) or from a file handle (n8n 2.x's), and nothing else.
 */
import { once } from 'node:events';
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';

import { ownsEveryChunk } from '../../../nodes/Symbl/transport/release';
import { ReusingFileReadStream } from '../../scripts/bench/reusing-read-stream';

const dir = mkdtempSync(join(tmpdir(), 'release-'));
const file = join(dir, 'f.bin');
writeFileSync(file, Buffer.alloc(10));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ownsEveryChunk', () => {
	it("is true for Node's file stream opened by path (n8n 1.x)", async () => {
		const stream = createReadStream(file);
		expect(ownsEveryChunk(stream)).toBe(true);
		// Closed before the folder goes: a late open would fail unheard in another test.
		stream.destroy();
		await once(stream, 'close');
	});

	it("is true for Node's file stream from a file handle (n8n 2.x)", async () => {
		const handle = await open(file, 'r');
		const stream = handle.createReadStream();
		expect(ownsEveryChunk(stream)).toBe(true);
		stream.destroy();
		await once(stream, 'close');
	});

	it('is false for a stream that reuses its buffers, or any other stream', () => {
		expect(ownsEveryChunk(new ReusingFileReadStream(file))).toBe(false);
		expect(ownsEveryChunk(Readable.from([Buffer.alloc(4)]))).toBe(false);
	});
});
