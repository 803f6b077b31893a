/**
 * What n8n's filesystem binary store could hand out instead of fs.createReadStream, to show what
 * removes the GC work of a large upload (BENCHMARKS.md, "What stands in the way"). Not used by the
 * package, which cannot read files itself (community nodes may not import fs).
 *
 * fs.ReadStream allocates a fresh ArrayBuffer for every read (Buffer.allocUnsafeSlow). V8 counts
 * those bytes as external memory and answers every few dozen MiB of them with a collection: a
 * scavenge, and on an n8n-sized heap a full mark of it. This stream reads into a few buffers and
 * reuses each one once the socket has written it (the write callback), so a 1 GiB upload allocates
 * 4 MiB. It sends only through pipe(), which is what axios uses to send a stream body.
 */
import { once } from 'node:events';
import { open } from 'node:fs/promises';
import { Readable, type Writable } from 'node:stream';

export class ReusingFileReadStream extends Readable {
	private piped = false;

	constructor(
		private readonly path: string,
		private readonly chunkSize = 1024 * 1024,
		private readonly slots = 4,
	) {
		super();
	}

	/** Bytes go to the piped socket directly; 'data' events only report them (the package's idle watch). */
	override _read(): void {}

	override pipe<T extends NodeJS.WritableStream>(destination: T): T {
		if (this.piped) throw new Error('already piped');
		this.piped = true;
		this.pump(destination as unknown as Writable).then(
			() => {
				this.emit('end');
				this.destroy();
			},
			(error: Error) => {
				this.destroy(error);
				(destination as unknown as Writable).destroy(error);
			},
		);
		return destination;
	}

	private async pump(destination: Writable): Promise<void> {
		const file = await open(this.path);
		try {
			const free = Array.from({ length: this.slots }, () => Buffer.allocUnsafeSlow(this.chunkSize));
			let wake: (() => void) | undefined;
			let failure: Error | undefined;
			let position = 0;
			for (;;) {
				while (free.length === 0 && !failure)
					await new Promise<void>((resolve) => (wake = resolve));
				if (failure) throw failure;
				if (this.destroyed || destination.destroyed) throw new Error('upload aborted');
				const buffer = free.pop()!;
				const { bytesRead } = await file.read(buffer, 0, buffer.length, position);
				if (bytesRead === 0) break;
				position += bytesRead;
				this.emit('data', buffer.subarray(0, bytesRead));
				// The buffer goes back to the pool only once the socket is done with it.
				destination.write(
					bytesRead === buffer.length ? buffer : buffer.subarray(0, bytesRead),
					(error) => {
						if (error) failure = error;
						else free.push(buffer);
						wake?.();
						wake = undefined;
					},
				);
			}
			destination.end();
			if (!destination.writableFinished) await once(destination, 'finish');
		} finally {
			await file.close();
		}
	}
}
