/**
 * What the node can see of an upload's HTTP request once its body stream is piped into it: how
 * many bytes of the body the socket took, whether all of them went out, and an answer Symbl sent
 * before it had read the whole body.
 *
 * A server that refuses an upload without reading it (413, 429, 503, an expired token) answers at
 * once and closes the connection. The client is then still writing the body, and its next write
 * fails (EPIPE, ECONNRESET) while the answer waits, unread, in the socket: Node destroys the
 * socket on that write error, and the answer was lost in 8 of 10 runs of a 4 MiB upload over
 * plain HTTP on loopback (over TLS, 0 of 30). So a write error here stops the writing only: the
 * socket is destroyed once its reading side has ended (the answer read, or the connection gone),
 * or after a few seconds at most. Only a streamed body is watched: a file n8n keeps in memory, or
 * a JSON body, goes to the HTTP client whole, and its request is never in sight.
 */
import type { IDataObject } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import type { Readable } from './release';

/** Node's own request: the body goes out through it and the answer comes in on it. */
interface ClientRequest extends NodeJS.WritableStream {
	socket?: Socket | null;
	once(event: 'socket', listener: (socket: Socket) => void): this;
	once(event: 'finish' | 'close', listener: () => void): this;
	once(event: 'response', listener: (response: IncomingAnswer) => void): this;
}

interface Socket {
	destroyed: boolean;
	readable: boolean;
	/** Node's own state of the reading side (its `errored` can be cleared). */
	_readableState?: { errored: unknown };
	destroy(error?: Error): Socket;
	once(event: 'end', listener: () => void): Socket;
}

interface IncomingAnswer {
	statusCode?: number;
	headers: IDataObject;
}

/** How long a socket whose write failed stays open for an answer Symbl already sent. */
const ANSWER_GRACE_MS = 5000;

/**
 * Calls `found` with the request the body ends up in: n8n 2.x's HTTP client pipes it through a
 * pass-through of its own first (a body-size counter), 1.x's straight into the request. Only
 * Node's own request qualifies (a redirect follower would keep every chunk to send it again;
 * redirects are never followed here anyway).
 */
export function inRequest(
	destination: NodeJS.WritableStream,
	found: (request: NodeJS.WritableStream) => void,
): void {
	if (destination.constructor?.name === 'ClientRequest') {
		found(destination);
		return;
	}
	const through = destination as unknown as Partial<Readable>;
	if (typeof through.pipe !== 'function') return;
	const pipe = through.pipe.bind(through);
	through.pipe = (<T extends NodeJS.WritableStream>(next: T, options?: { end?: boolean }) => {
		inRequest(next, found);
		return pipe(next, options);
	}) as typeof through.pipe;
}

/**
 * Wraps the request's write so that `written` hears of each chunk once the socket has taken it
 * (the write's callback, without an error), with its length when it was written (another
 * listener may free the chunk's memory first).
 */
export function onceWritten(
	request: NodeJS.WritableStream,
	written: (chunk: unknown, bytes: number) => void,
): void {
	const write = request.write;
	request.write = function (this: NodeJS.WritableStream, chunk: unknown, ...rest: unknown[]) {
		const callback = rest.find((arg) => typeof arg === 'function') as
			| ((error?: Error | null) => void)
			| undefined;
		const encoding = typeof rest[0] === 'string' ? rest[0] : undefined;
		const bytes = (chunk as { length?: number } | undefined)?.length ?? 0;
		return write.call(this, chunk as string, encoding as BufferEncoding, (error) => {
			if (!error) written(chunk, bytes);
			callback?.(error);
		});
	} as typeof request.write;
}

/** What Symbl answered, as seen on the request itself. */
export interface SeenAnswer {
	status: number;
	headers: IDataObject;
	/** The response stream (its body). */
	body: unknown;
	/** Body bytes the socket had taken when the answer came. */
	sentBytes: number;
}

export interface RequestWatch {
	/** Whether the request was found (else nothing below is known). */
	found(): boolean;
	/** Body bytes the socket has taken so far. */
	sentBytes(): number;
	/** Whether the whole body was handed to the operating system. */
	sentWhole(): boolean;
	answer(): SeenAnswer | undefined;
}

const isWriteError = (error: unknown) =>
	(error as { syscall?: unknown } | undefined)?.syscall === 'write';

/**
 * Holds off destroying the socket after a write error until its reading side is done, while
 * `request` uses it (a socket kept alive for other requests gets its own destroy back). Node also
 * marks the reading side failed on a write error, and then drops whatever it reads: that mark is
 * lifted, so an answer already on its way is read and handed to the HTTP client.
 */
function keepReadingAfterWriteError(request: ClientRequest, socket: Socket): void {
	const { destroy } = socket;
	let deferred = false;
	const finish = (error?: Error) => {
		if (!socket.destroyed) destroy.call(socket, error);
	};
	socket.destroy = (error?: Error) => {
		if (deferred || socket.destroyed || !isWriteError(error) || !socket.readable) {
			return destroy.call(socket, error);
		}
		const state = socket._readableState;
		try {
			if (state) state.errored = null;
		} catch {
			return destroy.call(socket, error);
		}
		deferred = true;
		// Once the connection is gone the reading side ends (the answer read, or nothing came);
		// a connection that somehow stays open is destroyed after the grace period.
		socket.once('end', () => finish(error));
		void sleep(ANSWER_GRACE_MS).then(() => finish(error));
		return socket;
	};
	request.once('close', () => {
		if (!deferred) socket.destroy = destroy;
	});
}

/**
 * Watches the request a body stream is piped into (see inRequest); `size` is the body's length.
 */
export function watchRequest(destination: NodeJS.WritableStream, size: number): RequestWatch {
	let request: ClientRequest | undefined;
	let sent = 0;
	let finished = false;
	let answer: SeenAnswer | undefined;
	inRequest(destination, (found) => {
		request = found as ClientRequest;
		onceWritten(found, (_chunk, bytes) => (sent += bytes));
		request.once('finish', () => (finished = true));
		request.once('response', (response) => {
			answer = {
				status: response.statusCode ?? 0,
				headers: response.headers,
				body: response,
				sentBytes: sent,
			};
		});
		const keepReading = (socket: Socket) => keepReadingAfterWriteError(request!, socket);
		if (request.socket) keepReading(request.socket);
		else request.once('socket', keepReading);
	});
	return {
		found: () => request !== undefined,
		sentBytes: () => sent,
		sentWhole: () => finished || sent >= size,
		answer: () => answer,
	};
}
