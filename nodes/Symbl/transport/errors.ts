/**
 * Symbl's failures as NodeApiError, built from plain facts only. The request errors n8n and axios
 * raise are never passed on: they hold the request headers (bearer token) and body (app secret).
 * Secrets in URLs (the Symbl Trigger's ?token=…) are redacted from every text (shared/redact.ts).
 */
import type { IDataObject, INode, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { redactSecrets } from '../../shared/redact';
import { MAX_ERROR_BYTES, readText, symblMessage } from './body';

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

const CODE_MEANINGS: Record<string, string> = {
	ECONNABORTED: 'the connection stayed silent past the timeout',
	ETIMEDOUT: 'the connection stayed silent past the timeout',
	EPIPE: 'Symbl closed the connection while the request was being sent',
	ECONNRESET: 'the connection was reset',
	ECONNREFUSED: 'nothing answered at that address',
	ENOTFOUND: 'the host name is unknown',
};

export interface HttpFailure {
	status?: number;
	/** The response body: a stream (read at most MAX_ERROR_BYTES of it) or parsed data. */
	data?: unknown;
	headers?: IDataObject;
	code?: string;
	message?: string;
	/** The request had a body (an upload): a reset then means what a broken pipe means. */
	sendingBody?: boolean;
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

export async function toSymblApiError(
	ctx: { getNode(): INode },
	failure: HttpFailure,
	itemIndex: number,
	baseUrl: string,
	attempts: number,
	secrets: readonly string[] = [],
): Promise<NodeApiError> {
	const redact = (text: string) => redactSecrets(text, secrets);
	const tries = attempts > 1 ? ` (after ${attempts} attempts)` : '';
	if (failure.status) {
		const read =
			failure.message ?? symblMessage((await readText(failure.data, MAX_ERROR_BYTES)).text);
		const detail = read === undefined ? undefined : redact(read);
		const meaning =
			failure.status >= 300 && failure.status < 400
				? `Symbl answered with a redirect${redirectTarget(failure.headers)}, which is not followed: the credential is sent only to the Base URL`
				: (STATUS_MEANINGS[failure.status] ?? `Symbl answered HTTP ${failure.status}`);
		const message = redact(
			`${meaning} (HTTP ${failure.status})${detail ? `: ${detail}` : ''}${tries}`,
		);
		return new NodeApiError(
			ctx.getNode(),
			{ message, httpCode: String(failure.status), symblMessage: detail ?? null } as JsonObject,
			{ httpCode: String(failure.status), message, description: detail, itemIndex },
		);
	}
	// n8n rewrites a message that names a network code (ECONNRESET, …) into its own generic
	// text, so the code goes into the description.
	const cutOff = failure.sendingBody && (failure.code === 'EPIPE' || failure.code === 'ECONNRESET');
	const meaning = cutOff
		? 'Symbl closed the connection while the file was being sent (a server does this when it refuses an upload before reading it: too large, too many jobs, or an expired token)'
		: (CODE_MEANINGS[failure.code ?? ''] ?? 'the connection failed');
	const message = redact(
		failure.code
			? `Could not reach Symbl at ${baseUrl}: ${meaning}${tries}`
			: `Symbl request failed: ${failure.message ?? 'unknown error'}${tries}`,
	);
	const description = failure.code ? `Network error ${failure.code}` : undefined;
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
