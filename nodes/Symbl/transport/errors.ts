/**
 * Symbl's failures as NodeApiError, built from plain facts only. The request errors n8n and axios
 * raise are never passed on: they hold the request headers (bearer token) and body (app secret).
 * Secrets in URLs (the Symbl Trigger's ?token=…) are redacted from every text (shared/redact.ts).
 */
import type { IDataObject, INode, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { redactSecrets } from '../../shared/redact';
import { MAX_ERROR_BYTES, readText, symblMessage } from './body';
import { parseRetryAfter } from './retry';

const STATUS_MEANINGS: Record<number, string> = {
	400: 'Symbl rejected the request as invalid',
	401: 'Symbl did not accept the credential (missing, wrong or expired token)',
	403: 'Symbl refused access to this resource',
	404: 'Symbl could not find the conversation or job',
	413: 'Symbl refused the upload as too large',
	429: 'Symbl is busy with too many jobs for this account; wait and retry',
	500: 'Symbl had an internal error',
	502: 'Symbl is unreachable behind its gateway',
	503: 'Symbl is temporarily unavailable',
	504: 'Symbl did not answer its gateway in time',
};

export const CODE_MEANINGS: Record<string, string> = {
	ECONNABORTED: 'the connection stayed silent past the timeout',
	ETIMEDOUT: 'the connection stayed silent past the timeout',
	EPIPE: 'Symbl closed the connection while the request was being sent',
	ECONNRESET: 'the connection was reset',
	ECONNREFUSED: 'nothing answered at that address',
	ENOTFOUND: 'the host name is unknown',
};

/** What the node knows of an upload's body when its request failed. */
export interface UploadProgress {
	/** "file" (a recording) or "request" (a JSON body: a URL or text messages). */
	what: 'file' | 'request';
	/**
	 * Whether every byte of it went out: known for a streamed file; a JSON body is taken as sent;
	 * undefined for a file n8n keeps in memory (handed to the HTTP client whole, unobserved).
	 */
	whole?: boolean;
	/** Bytes that went out, of `size`, when known (a streamed file). */
	sentBytes?: number;
	size?: number;
	/** Symbl answered before the whole file had gone out: it refused it without reading it. */
	answeredEarlyAfter?: number;
}

export interface HttpFailure {
	status?: number;
	/** The response body: a stream (read at most MAX_ERROR_BYTES of it) or parsed data. */
	data?: unknown;
	headers?: IDataObject;
	code?: string;
	message?: string;
	/** The request carried a body that starts a job (an upload). */
	upload?: UploadProgress;
	/** The upload may have started a Symbl job, so it was not sent again. */
	mayHaveStartedJob?: boolean;
	/** What the token-renewal read after this failure got, when that matters. */
	renewal?: string;
}

/**
 * What went wrong with a request that got no HTTP answer. n8n wraps the request error in a
 * NodeApiError whose httpCode holds the network code (ECONNRESET, ECONNABORTED for a timeout, …).
 */
export function connectionFailure(error: unknown): HttpFailure {
	let current = error as IDataObject | undefined;
	for (let depth = 0; current && depth < 4; depth++) {
		for (const code of [current.code, current.httpCode]) {
			if (typeof code === 'string' && /^E[A-Z_]+$/.test(code)) {
				return { code, message: String(current.message ?? '') };
			}
		}
		current = (current.cause ?? current.errorResponse) as IDataObject | undefined;
	}
	return { message: (error as Error)?.message };
}

/** An answer that is a failure: its status, headers and (unread) body, or a problem found in it. */
export function answerFailure(
	status: number,
	details: { headers?: IDataObject; data?: unknown; message?: string } = {},
): HttpFailure {
	return { status, ...details };
}

/** Symbl's own message in a failed answer, read now (at most MAX_ERROR_BYTES): the body is freed. */
export async function readDetail(failure: HttpFailure): Promise<string | undefined> {
	const { data } = failure;
	failure.data = undefined;
	if (failure.message === undefined && data !== undefined) {
		try {
			failure.message = symblMessage((await readText(data, MAX_ERROR_BYTES)).text);
		} catch {
			// The answer broke off while its body was read: its status says enough.
		}
	}
	return failure.message;
}

/** 1,048,576 */
export function withThousands(bytes: number): string {
	return bytes.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function bytesOf(sent: number, size: number | undefined): string {
	return size === undefined
		? `${withThousands(sent)} bytes`
		: `${withThousands(sent)} of ${withThousands(size)} bytes`;
}

/** "Symbl asked to retry after 30 s", from a 429's or 503's Retry-After. */
function retryAfterNote(failure: HttpFailure): string | undefined {
	if (failure.status !== 429 && failure.status !== 503) return undefined;
	const ms = parseRetryAfter(failure.headers?.['retry-after']);
	return ms === undefined ? undefined : `Symbl asked to retry after ${Math.ceil(ms / 1000)} s`;
}

/** What a connection failure was, in words, for an upload whose progress is known. */
function connectionMeaning(failure: HttpFailure): string {
	const { code, upload } = failure;
	const hungUp = code === 'ECONNRESET' && /socket hang up/i.test(failure.message ?? '');
	const cut =
		code === 'EPIPE' || hungUp
			? 'Symbl closed the connection'
			: code === 'ECONNRESET'
				? 'the connection was reset'
				: undefined;
	if (failure.mayHaveStartedJob) {
		if (code === 'ETIMEDOUT' || code === 'ECONNABORTED') return CODE_MEANINGS[code];
		return `${cut ?? `the connection failed (${code})`} without an answer`;
	}
	if (cut && upload?.sentBytes !== undefined) {
		return `${cut} after ${bytesOf(upload.sentBytes, upload.size)} of the ${upload.what} had been sent`;
	}
	if (cut && upload) return `${cut} while the ${upload.what} was being sent`;
	return CODE_MEANINGS[code ?? ''] ?? 'the connection failed';
}

/** Whether the whole body went out, for an upload that may have started a job. */
function sentNote(upload: UploadProgress | undefined): string {
	const what = upload?.what ?? 'request';
	return upload?.whole === undefined
		? `n8n keeps this ${what} in memory (its default binary data mode) and hands it to its HTTP client at once, so how much of it went out cannot be seen: Symbl may have read it all. In filesystem mode (N8N_DEFAULT_BINARY_DATA_MODE=filesystem) the node can tell.`
		: `The whole ${what} was sent.`;
}

/** The start of the message of an upload that got no answer and may have started a job. */
function noAnswer(baseUrl: string, upload: UploadProgress | undefined): string {
	const what = upload?.what ?? 'request';
	return upload?.whole === undefined
		? `No answer from Symbl at ${baseUrl}, which may have received the whole ${what}`
		: `No answer from Symbl at ${baseUrl} after the whole ${what} was sent`;
}

const NOT_SENT_AGAIN =
	'Symbl may have received it and started a job, so the node did not send it again: that could start a second job, charged twice. Check the conversation in Symbl before running this item again.';

/** Errors of uploads Symbl may have received whole (see mayHaveStartedJob in index.ts). */
const mayHaveStarted = new WeakSet<object>();

/** Whether this error ended an upload that Symbl may be processing all the same. */
export function uploadMayHaveStartedJob(error: unknown): boolean {
	return typeof error === 'object' && error !== null && mayHaveStarted.has(error);
}

export async function toSymblApiError(
	ctx: { getNode(): INode },
	failure: HttpFailure,
	itemIndex: number,
	baseUrl: string,
	attempts: number,
	secrets: readonly string[] = [],
): Promise<NodeApiError> {
	const error = await describeFailure(ctx, failure, itemIndex, baseUrl, attempts, secrets);
	if (failure.mayHaveStartedJob) mayHaveStarted.add(error);
	return error;
}

async function describeFailure(
	ctx: { getNode(): INode },
	failure: HttpFailure,
	itemIndex: number,
	baseUrl: string,
	attempts: number,
	secrets: readonly string[],
): Promise<NodeApiError> {
	const redact = (text: string) => redactSecrets(text, secrets);
	const tries = attempts > 1 ? ` (after ${attempts} attempts)` : '';
	const notes: string[] = [];
	const { upload } = failure;
	if (failure.status) {
		const read = await readDetail(failure);
		const detail = read === undefined ? undefined : redact(read);
		const meaning =
			failure.status >= 300 && failure.status < 400
				? `Symbl answered with a redirect${redirectTarget(failure.headers)}, which is not followed: the credential is sent only to the Base URL`
				: (STATUS_MEANINGS[failure.status] ?? `Symbl answered HTTP ${failure.status}`);
		const retryAfter = retryAfterNote(failure);
		const message = redact(
			`${meaning} (HTTP ${failure.status})${detail ? `: ${detail}` : ''}${retryAfter ? `; ${retryAfter}` : ''}${failure.renewal ? `; ${failure.renewal}` : ''}${tries}`,
		);
		if (upload?.answeredEarlyAfter !== undefined) {
			notes.push(
				`Symbl answered before it had read the whole ${upload.what} (${bytesOf(upload.answeredEarlyAfter, upload.size)} sent): it refused the upload without reading it.`,
			);
		}
		if (failure.mayHaveStartedJob) notes.push(`${sentNote(upload)} ${NOT_SENT_AGAIN}`);
		const description = redact([detail, ...notes].filter(Boolean).join(' — ')) || undefined;
		return new NodeApiError(
			ctx.getNode(),
			{ message, httpCode: String(failure.status), symblMessage: detail ?? null } as JsonObject,
			{ httpCode: String(failure.status), message, description, itemIndex },
		);
	}
	// n8n rewrites a message that names a network code (ECONNRESET, …) into its own generic
	// text, so the code goes into the description.
	const meaning = connectionMeaning(failure);
	const message = redact(
		failure.mayHaveStartedJob
			? `${noAnswer(baseUrl, upload)}: ${meaning}${tries}`
			: failure.code
				? `Could not reach Symbl at ${baseUrl}: ${meaning}${failure.renewal ? `; ${failure.renewal}` : ''}${tries}`
				: `Symbl request failed: ${failure.message ?? 'unknown error'}${failure.renewal ? `; ${failure.renewal}` : ''}${tries}`,
	);
	if (failure.mayHaveStartedJob) notes.unshift(`${sentNote(upload)} ${NOT_SENT_AGAIN}`);
	const description =
		redact(
			[...notes, failure.code ? `Network error ${failure.code}` : ''].filter(Boolean).join(' '),
		) || undefined;
	return new NodeApiError(ctx.getNode(), { message } as JsonObject, {
		message,
		description,
		itemIndex,
	});
}

function redirectTarget(headers: IDataObject | undefined): string {
	const location = headers?.location;
	if (typeof location !== 'string') return '';
	try {
		return ` to ${new URL(location).origin}`;
	} catch {
		return '';
	}
}
