/**
 * Symbl's failures as NodeApiError, built from plain facts only. The request errors n8n and axios
 * raise are never passed on: they hold the request headers (bearer token) and body (app secret).
 */
import type { IDataObject, IExecuteFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

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
	EPIPE:
		'Symbl closed the connection while the request was being sent (a server does this when it refuses an upload before reading it: too large, too many jobs, or an expired token)',
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
}

/** Finds the HTTP status, headers and body wherever the layers of wrapping put them. */
export function findHttpFailure(error: unknown): HttpFailure {
	let current = error as IDataObject | undefined;
	for (let depth = 0; current && depth < 4; depth++) {
		const response = current.response as
			| { status?: number; data?: unknown; headers?: IDataObject }
			| undefined;
		if (response?.status) {
			return { status: response.status, data: response.data, headers: response.headers };
		}
		// n8n's NodeApiError keeps the status, and the request error as cause or errorResponse.
		const httpCode = Number(current.httpCode);
		const inner = (current.cause ?? current.errorResponse) as IDataObject | undefined;
		if (Number.isInteger(httpCode) && httpCode >= 100 && !inner?.response) {
			return { status: httpCode, data: (current.context as IDataObject | undefined)?.data };
		}
		if (typeof current.code === 'string' && /^E[A-Z]/.test(current.code)) {
			return { code: current.code, message: String(current.message ?? '') };
		}
		current = inner;
	}
	return { message: (error as Error)?.message };
}

/** A status answer that was not an error to axios (3xx with redirects off) or a bad 2xx body. */
export function answerFailure(status: number, problem: string): HttpFailure {
	return { status, message: problem };
}

export async function toSymblApiError(
	ctx: IExecuteFunctions,
	failure: HttpFailure,
	itemIndex: number,
	baseUrl: string,
	attempts: number,
): Promise<NodeApiError> {
	const tries = attempts > 1 ? ` (after ${attempts} attempts)` : '';
	if (failure.status) {
		const detail =
			failure.message ?? symblMessage((await readText(failure.data, MAX_ERROR_BYTES)).text);
		const meaning =
			failure.status >= 300 && failure.status < 400
				? `Symbl answered with a redirect${redirectTarget(failure.headers)}, which is not followed: the credential is sent only to the Base URL`
				: (STATUS_MEANINGS[failure.status] ?? `Symbl answered HTTP ${failure.status}`);
		const message = `${meaning} (HTTP ${failure.status})${detail ? `: ${detail}` : ''}${tries}`;
		return new NodeApiError(
			ctx.getNode(),
			{ message, httpCode: String(failure.status), symblMessage: detail ?? null } as JsonObject,
			{ httpCode: String(failure.status), message, description: detail, itemIndex },
		);
	}
	const message = failure.code
		? `Could not reach Symbl at ${baseUrl}: ${CODE_MEANINGS[failure.code] ?? failure.code} (${failure.code})${tries}`
		: `Symbl request failed: ${failure.message ?? 'unknown error'}${tries}`;
	return new NodeApiError(ctx.getNode(), { message } as JsonObject, { message, itemIndex });
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
