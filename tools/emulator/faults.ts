/**
 * Faults tests inject: answers and network behaviour Symbl (or a proxy in front of it) shows under
 * conditions the emulator cannot reach by itself — a busy account, a failing gateway, a reset or
 * stalled connection, a redirect, a huge non-JSON error page. Each is set per test and used up.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

import { drain, hashBody } from './http';
import type { JobInput, RecordedRequest } from './model';

export interface InjectedFailure {
	method?: string;
	/** Matches the request path. */
	path: RegExp;
	/** How many matching requests fail; then the failure is gone (default 1). */
	times?: number;
	/** How many matching requests pass untouched before the first failure (default 0). */
	after?: number;
	/** An HTTP answer: Symbl's error shape `{statusCode, message}` unless `rawBody` is given. */
	status?: number;
	message?: string;
	/** Extra answer headers, e.g. Retry-After or Location. */
	headers?: Record<string, string>;
	/** Answered as is (an HTML page, a huge text), with `contentType`. */
	rawBody?: string | Buffer;
	contentType?: string;
	/** Answer at once, without reading the body, and close: the client's upload breaks (EPIPE). */
	answerBeforeBody?: boolean;
	/** Drop the connection after this many request-body bytes, without answering. */
	resetAfterBytes?: number;
	/**
	 * With resetAfterBytes: drop it with a TCP reset (RST), as a crashing server or a proxy does,
	 * rather than by closing it (FIN, which the client sees as a hang-up once it has sent all).
	 */
	withTcpReset?: boolean;
	/** Read the whole body, then never answer (the connection stays open until the client gives up). */
	stall?: boolean;
	/** Read the body slowly (a pause after each chunk), then answer as Symbl does: a slow link. */
	pauseAfterEachChunkMs?: number;
}

/** What the emulator recorded for a request it did not answer. */
export const NO_ANSWER = { reset: -1, stalled: -2 } as const;

export class Faults {
	/** Decides which accepted uploads end as a failed job (none by default). */
	failJobs: (job: JobInput) => boolean = () => false;

	private failures: Array<InjectedFailure & { seen: number }> = [];

	failNext(failure: InjectedFailure): void {
		this.failures.push({ times: 1, after: 0, ...failure, seen: 0 });
	}

	/** The injected failure this request meets, if any (used up as it is taken). */
	take(record: RecordedRequest): InjectedFailure | undefined {
		const index = this.failures.findIndex(
			(failure) =>
				(!failure.method || failure.method === record.method) && failure.path.test(record.path),
		);
		if (index === -1) return undefined;
		const failure = this.failures[index];
		failure.seen += 1;
		if (failure.seen <= (failure.after ?? 0)) return undefined;
		failure.times = (failure.times ?? 1) - 1;
		if (failure.times <= 0) this.failures.splice(index, 1);
		return failure;
	}

	/** Slows the reading of this request's body; the request is then handled as usual. */
	throttle(failure: InjectedFailure, req: IncomingMessage): boolean {
		const pauseMs = failure.pauseAfterEachChunkMs;
		if (pauseMs === undefined) return false;
		const chunks = req[Symbol.asyncIterator].bind(req);
		req[Symbol.asyncIterator] = async function* () {
			for await (const chunk of chunks()) {
				await new Promise((resolve) => setTimeout(resolve, pauseMs));
				yield chunk;
			}
		} as (typeof req)[typeof Symbol.asyncIterator];
		return true;
	}

	/** Plays the fault on this request; `record.status` says what the client got. */
	async apply(
		failure: InjectedFailure,
		req: IncomingMessage,
		res: ServerResponse,
		record: RecordedRequest,
	): Promise<void> {
		if (failure.resetAfterBytes !== undefined) {
			record.status = NO_ANSWER.reset;
			const { socket } = req;
			for await (const chunk of req) {
				record.bodyBytes += (chunk as Buffer).length;
				if (record.bodyBytes >= failure.resetAfterBytes) break;
			}
			if (failure.withTcpReset) socket.resetAndDestroy();
			else socket.destroy();
			return;
		}
		if (failure.stall) {
			record.status = NO_ANSWER.stalled;
			await hashBody(req, record);
			return; // never answered; stop() closes the connection
		}
		if (!failure.answerBeforeBody) await drain(req);
		const status = failure.status ?? 500;
		const body =
			failure.rawBody ??
			JSON.stringify({ statusCode: status, message: failure.message ?? 'Injected failure' });
		record.status = status;
		res.writeHead(status, {
			'Content-Type': failure.rawBody ? (failure.contentType ?? 'text/html') : 'application/json',
			'Content-Length': Buffer.byteLength(body),
			...(failure.answerBeforeBody ? { Connection: 'close' } : {}),
			...failure.headers,
		});
		res.end(body, () => {
			if (failure.answerBeforeBody) req.socket.destroy();
		});
	}

	reset(): void {
		this.failures = [];
	}
}
