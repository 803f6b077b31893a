/**
 * A filesystem-mode upload hands each chunk's memory back (detaches its ArrayBuffer) once the
 * socket has written it, so V8 need not collect a recording's worth of buffers (BENCHMARKS.md).
 * Detaching too early would send a hole instead of the bytes: the hash received is the proof.
 * Node 20 has no ArrayBuffer.prototype.transfer; the tests give it one that detaches the same way
 * (structuredClone with the buffer transferred), and count what it was asked to release.
 */
import { randomBytes } from 'node:crypto';
import type { ReadStream } from 'node:fs';
import { BinaryDataService } from 'n8n-core';

import { UPLOAD_CHUNK_BYTES } from '../../../nodes/Symbl/transport/upload';
import { ReusingFileReadStream } from '../../scripts/bench/reusing-read-stream';
import { runError } from '../../harness';
import { bedPerTest, loadNode, sha256, symblNode } from '../support';

const MiB = 1024 * 1024;
/** An 'ftyp' box, then random bytes. */
const mp4 = (bytes: number) =>
	Buffer.concat([
		Buffer.from('00000018' + '66747970' + '69736f6d' + '00000200' + '69736f6d69736f32', 'hex'),
		randomBytes(bytes - 24),
	]);

type Transfer = (this: ArrayBuffer, length?: number) => ArrayBuffer;
const prototype = ArrayBuffer.prototype as unknown as { transfer?: Transfer };
const nativeTransfer = prototype.transfer;
/** Byte lengths of the buffers released, in order. */
let released: number[] = [];

beforeEach(() => {
	released = [];
	prototype.transfer = function (this: ArrayBuffer, length?: number) {
		released.push(this.byteLength);
		if (nativeTransfer) return nativeTransfer.call(this, length);
		const moved = structuredClone(this, { transfer: [this] });
		return length === 0 ? new ArrayBuffer(0) : moved;
	};
});
afterEach(() => {
	if (nativeTransfer) prototype.transfer = nativeTransfer;
	else delete prototype.transfer;
});

describe.each(['filesystem', 'default'] as const)('an upload in %s binary mode', (mode) => {
	const bed = bedPerTest(mode, ['5555']);
	const append = () =>
		symblNode('Append', bed().credential, { operation: 'append', conversationId: '5555' });

	it('arrives whole; only a file stream has its chunks released, each once written', async () => {
		const file = bed().file('big.mp4', mp4(5 * MiB + 7));

		const run = await bed().run(loadNode([{ path: file }]), append());

		expect(runError(run)).toBeUndefined();
		const [upload] = bed().emulator.uploads();
		expect(upload.bodyBytes).toBe(5 * MiB + 7);
		expect(upload.bodySha256).toBe(sha256(file));
		if (mode === 'filesystem') {
			// Five 1 MiB reads and the 7-byte rest, each released after the socket took it.
			expect(released).toEqual([MiB, MiB, MiB, MiB, MiB, 7]);
		} else {
			// In-memory binaries are one buffer n8n may keep using: never released.
			expect(released).toEqual([]);
		}
	});

	it('through a slow link (the socket holds each chunk a while), arrives whole', async () => {
		// More than loopback's socket buffers take: the socket writes the later chunks as the reader frees room.
		const file = bed().file('big.mp4', mp4(16 * MiB));
		bed().emulator.failNext({ path: /^\/v1\/process\/video\//, pauseAfterEachChunkMs: 2 });

		const run = await bed().run(loadNode([{ path: file }]), append());

		expect(runError(run)).toBeUndefined();
		expect(bed().emulator.uploads()[0].bodySha256).toBe(sha256(file));
		expect(released).toHaveLength(mode === 'filesystem' ? 16 : 0);
	});

	if (mode === 'filesystem') {
		it('sent again after a reset halfway, arrives whole from a fresh stream', async () => {
			// Larger than loopback's socket buffers hold (about 10 MiB): with a smaller file the whole
			// body can leave the client before the reset, and then it is rightly not sent again.
			const file = bed().file('big.mp4', mp4(24 * MiB));
			bed().emulator.failNext({ path: /^\/v1\/process\/video\//, resetAfterBytes: 2 * MiB });

			const run = await bed().run(loadNode([{ path: file }]), append());

			expect(runError(run)).toBeUndefined();
			const uploads = bed().emulator.uploads();
			expect(uploads).toHaveLength(2);
			expect(uploads[1].bodySha256).toBe(sha256(file));
			expect(released.length).toBeGreaterThanOrEqual(4);
		});
	} else {
		// An in-memory binary goes to the HTTP client as one buffer: how much of it went out
		// before the reset cannot be seen, and Symbl may have read it all.
		it('not sent again after a reset: it may have reached Symbl whole', async () => {
			const file = bed().file('big.mp4', mp4(4 * MiB));
			bed().emulator.failNext({ path: /^\/v1\/process\/video\//, resetAfterBytes: 2 * MiB });

			const run = await bed().run(loadNode([{ path: file }]), append());

			expect(runError(run)?.message).toMatch(
				/^No answer from Symbl at .*, which may have received the whole file: /,
			);
			expect(bed().emulator.uploads()).toHaveLength(1);
			expect(released).toEqual([]);
		});
	}
});

describe('a store stream that reads into buffers it reuses', () => {
	const bed = bedPerTest('filesystem', ['5555']);

	it('is left alone (its buffers are not released) and the file arrives whole', async () => {
		// What n8n-core could hand out one day to spare the collector (the benchmark's oursReusing).
		const original = BinaryDataService.prototype.getAsStream;
		jest.spyOn(BinaryDataService.prototype, 'getAsStream').mockImplementation(async function (
			this: BinaryDataService,
			id,
			chunkSize,
		) {
			const stream = (await original.call(this, id, chunkSize)) as ReadStream;
			if (chunkSize !== UPLOAD_CHUNK_BYTES) return stream;
			stream.on('error', () => undefined).destroy();
			return new ReusingFileReadStream(String(stream.path), chunkSize);
		});
		const file = bed().file('big.mp4', mp4(6 * MiB + 3));

		const run = await bed().run(
			loadNode([{ path: file }]),
			symblNode('Append', bed().credential, { operation: 'append', conversationId: '5555' }),
		);

		expect(runError(run)).toBeUndefined();
		expect(bed().emulator.uploads()[0].bodySha256).toBe(sha256(file));
		expect(released).toEqual([]);
	});
});
