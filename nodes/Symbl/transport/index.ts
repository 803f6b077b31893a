/**
 * Every HTTP call to Symbl goes through here: the credential's base URL, bearer
 * authentication (n8n fetches and refreshes the token through the credential's
 * preAuthentication), and Symbl's errors turned into NodeApiError without any
 * secret in them.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { CREDENTIAL_TYPE, symblBaseUrl } from '../../shared/constants';

export async function getBaseUrl(ctx: IExecuteFunctions, itemIndex: number): Promise<string> {
	return symblBaseUrl(await ctx.getCredentials(CREDENTIAL_TYPE, itemIndex));
}

/**
 * Sends a request with the credential's bearer token. n8n fetches the token when the credential
 * has none, and fetches a new one and resends once when Symbl answers 401.
 */
export async function sendAuthenticated(
	ctx: IExecuteFunctions,
	options: IHttpRequestOptions,
): Promise<unknown> {
	return await ctx.helpers.httpRequestWithAuthentication.call(ctx, CREDENTIAL_TYPE, options);
}

/** A JSON request to the Symbl API. `path` starts with a slash and is already encoded. */
export async function symblApiRequest(
	ctx: IExecuteFunctions,
	itemIndex: number,
	method: IHttpRequestMethods,
	path: string,
): Promise<IDataObject> {
	const baseUrl = await getBaseUrl(ctx, itemIndex);
	try {
		return (await sendAuthenticated(ctx, {
			method,
			url: `${baseUrl}${path}`,
			json: true,
		})) as IDataObject;
	} catch (error) {
		throw toSymblApiError(ctx, error, itemIndex, baseUrl);
	}
}

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
};

interface HttpFailure {
	status?: number;
	data?: unknown;
	code?: string;
	message?: string;
}

/** Finds the HTTP status and response body wherever the layers of wrapping put them. */
function findHttpFailure(error: unknown): HttpFailure {
	let current = error as IDataObject | undefined;
	for (let depth = 0; current && depth < 4; depth++) {
		const response = current.response as { status?: number; data?: unknown } | undefined;
		if (response?.status) return { status: response.status, data: response.data };
		// n8n's own NodeApiError keeps the status and the response body here.
		const httpCode = Number(current.httpCode);
		if (Number.isInteger(httpCode) && httpCode >= 100) {
			return { status: httpCode, data: (current.context as IDataObject | undefined)?.data };
		}
		if (typeof current.code === 'string' && /^E[A-Z]/.test(current.code)) {
			return { code: current.code, message: String(current.message ?? '') };
		}
		current = current.cause as IDataObject | undefined;
	}
	return { message: (error as Error)?.message };
}

function symblMessage(data: unknown): string | undefined {
	if (typeof data === 'string') return data.slice(0, 500) || undefined;
	if (data && typeof data === 'object') {
		const record = data as IDataObject;
		const message = record.message ?? record.error ?? record.detail;
		if (typeof message === 'string') return message;
		if (message && typeof message === 'object') return JSON.stringify(message).slice(0, 500);
	}
	return undefined;
}

/**
 * A NodeApiError built from plain, sanitized facts. The original request error
 * is dropped on purpose: it holds the request headers (bearer token).
 */
export function toSymblApiError(
	ctx: IExecuteFunctions,
	error: unknown,
	itemIndex: number,
	baseUrl: string,
): NodeApiError {
	const failure = findHttpFailure(error);
	if (failure.status) {
		const detail = symblMessage(failure.data);
		const meaning = STATUS_MEANINGS[failure.status] ?? `Symbl answered HTTP ${failure.status}`;
		const message = `${meaning} (HTTP ${failure.status})${detail ? `: ${detail}` : ''}`;
		return new NodeApiError(
			ctx.getNode(),
			{ message, httpCode: String(failure.status), symblMessage: detail ?? null } as JsonObject,
			{ httpCode: String(failure.status), message, description: detail, itemIndex },
		);
	}
	const message = failure.code
		? `Could not reach Symbl at ${baseUrl}: ${failure.code}`
		: `Symbl request failed: ${failure.message ?? 'unknown error'}`;
	return new NodeApiError(ctx.getNode(), { message } as JsonObject, { message, itemIndex });
}
