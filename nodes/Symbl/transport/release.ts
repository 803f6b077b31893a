/**
 * Frees an upload's chunks as soon as the socket has sent them. Node's file streams read every
 * chunk into a fresh ArrayBuffer, and V8 frees those only when it collects garbage: in n8n's heap
 * (180 MiB and more in 2.x) that means a full mark, 150–200 ms of work on n8n's main thread, for
 * about every 50 MiB sent. That was most of a large upload's time, and it stalled every other
 * execution and webhook of the process meanwhile (BENCHMARKS.md). A chunk of a filesystem-mode
 * binary is the only user of its ArrayBuffer, so once the socket has written it (the write's
 * callback) the buffer is detached, which frees its memory at once. Node 20 has no
 * ArrayBuffer.prototype.transfer: there the chunks are left to the collector, as before.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import { inRequest, onceWritten } from './watch';

/** The stream type n8n's binary helpers return (community nodes may not import node:stream). */
export type Readable = Awaited<ReturnType<IExecuteFunctions['helpers']['getBinaryStream']>>;

type Chunk = { buffer: ArrayBufferLike; byteOffset: number; byteLength: number };

/** Detaches each chunk written to this request once the socket has it. */
function releaseWrittenChunks(request: NodeJS.WritableStream): void {
	onceWritten(request, (chunk) => {
		const { buffer, byteOffset, byteLength } = (chunk ?? {}) as Partial<Chunk>;
		const transfer = (buffer as { transfer?: (length: number) => unknown } | undefined)?.transfer;
		// A view over part of a buffer (a pooled or sliced one) may share it with someone else.
		if (typeof transfer !== 'function' || byteOffset !== 0 || byteLength !== buffer!.byteLength)
			return;
		try {
			transfer.call(buffer, 0);
		} catch {
			// Not detachable (a buffer Node keeps for itself): the collector frees it.
		}
	});
}

/**
 * Whether the stream is Node's own file stream, whose every chunk is a buffer of its own. n8n's
 * filesystem store hands one out today; a store that read into reused buffers (as n8n-core
 * could, to spare the collector) must keep its buffers, and is left alone.
 */
export function ownsEveryChunk(stream: Readable): boolean {
	// n8n 1.x opens it by path, 2.x from a file handle (no path): both are fs.ReadStream.
	const file = stream as Readable & { bytesRead?: unknown };
	return stream.constructor?.name === 'ReadStream' && typeof file.bytesRead === 'number';
}

/**
 * For a stream whose chunks nobody else holds (see ownsEveryChunk): each is freed once the
 * request it is piped into has written it to the socket.
 */
export function releaseChunksOnceWritten(destination: NodeJS.WritableStream): void {
	inRequest(destination, releaseWrittenChunks);
}
