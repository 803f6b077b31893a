/**
 * When to try a request again, and how long to wait first. Symbl answers 429 while the account
 * runs as many jobs as it may (trial 2, paid 50), gateways answer 5xx, networks reset: those are
 * tried again, after the server's Retry-After or an exponential, jittered, capped backoff. Every
 * other answer is final. Waiting uses n8n's sleep, which a cancelled execution interrupts.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

export interface RequestPolicy {
	/** Attempts in all, the first included. */
	maxAttempts: number;
	/** The connection may stay silent this long (nothing sent, nothing received) before it fails. */
	idleTimeoutMs: number;
}

const BACKOFF_BASE_MS = 500;
const BACKOFF_CAP_MS = 30_000;
/** A server asking for a longer pause than this is asked again after it. */
const RETRY_AFTER_CAP_MS = 5 * 60_000;

const RETRYABLE_CODES = new Set([
	'ECONNRESET',
	'ECONNREFUSED',
	'ECONNABORTED',
	'EPIPE',
	'ETIMEDOUT',
	'EAI_AGAIN',
	'ENETUNREACH',
	'EHOSTUNREACH',
]);

export function isRetryable(failure: { status?: number; code?: string }): boolean {
	if (failure.status) return failure.status === 429 || failure.status >= 500;
	return failure.code !== undefined && RETRYABLE_CODES.has(failure.code);
}

/** Retry-After as seconds or as an HTTP date, in milliseconds; undefined when absent or unreadable. */
export function parseRetryAfter(value: unknown, now = Date.now()): number | undefined {
	if (typeof value !== 'string' || value.trim() === '') return undefined;
	const seconds = Number(value);
	if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
	const date = Date.parse(value);
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** How long to wait before attempt `attempt + 1`. */
export function retryDelayMs(attempt: number, retryAfterMs: number | undefined): number {
	if (retryAfterMs !== undefined) return Math.min(retryAfterMs, RETRY_AFTER_CAP_MS);
	const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (attempt - 1));
	return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
}

/** What a request is, for its default timeout: an upload (a long body) or a small read. */
export type RequestKind = 'upload' | 'read';

const maxAttemptsField: INodeProperties = {
	displayName: 'Max Attempts',
	name: 'maxAttempts',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: 10, numberPrecision: 0 },
	default: 3,
	description:
		'How many times to send a request in all when Symbl is busy (429), fails (5xx) or the connection breaks. Other errors are not retried.',
};

/**
 * How long a connection may stay silent by default. An upload's answer may take a while once a
 * large file is in (Symbl stores it first); a read of a job status or a transcript is answered in
 * seconds, so a silent server fails it after 30 s rather than 5 minutes (times Max Attempts).
 */
const timeoutFields: Record<RequestKind, INodeProperties> = {
	upload: {
		displayName: 'Timeout (Seconds)',
		name: 'timeoutSeconds',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 3600, numberPrecision: 0 },
		// A stall, not a duration: a 4-hour recording on a slow link keeps the connection busy.
		default: 300,
		description:
			'How long the connection may stay silent before the request fails (default 300). A long upload that keeps sending never times out. When set, it also applies to the job-status reads of Wait for Completion, which otherwise time out after 30 s.',
	},
	read: {
		displayName: 'Timeout (Seconds)',
		name: 'timeoutSeconds',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 3600, numberPrecision: 0 },
		default: 30,
		description: 'How long the connection may stay silent before the request fails (default 30)',
	},
};

/** The request options every operation offers, inside its Options collection: uploads… */
export const uploadPolicyFields: INodeProperties[] = [maxAttemptsField, timeoutFields.upload];
/** …and the operations that only read (or delete). */
export const readPolicyFields: INodeProperties[] = [maxAttemptsField, timeoutFields.read];

export function defaultPolicy(kind: RequestKind): RequestPolicy {
	return {
		maxAttempts: maxAttemptsField.default as number,
		idleTimeoutMs: (timeoutFields[kind].default as number) * 1000,
	};
}

/** The timeout of a small read made on the side of another request (a token renewal). */
export const READ_TIMEOUT_MS = (timeoutFields.read.default as number) * 1000;

/**
 * Max Attempts and Timeout as the user set them in the item's Options; a Timeout left unset is
 * the default of the kind of request.
 */
export function readRequestPolicy(
	ctx: IExecuteFunctions,
	itemIndex: number,
	kind: RequestKind,
): RequestPolicy {
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const fallback = defaultPolicy(kind);
	const whole = (name: string, label: string, min: number, max: number, unset: number) => {
		const value = options[name] ?? unset;
		if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
			throw new NodeOperationError(
				ctx.getNode(),
				`Item ${itemIndex}: "${label}" must be a whole number from ${min} to ${max}, got ${JSON.stringify(value)}`,
				{ itemIndex },
			);
		}
		return value;
	};
	return {
		maxAttempts: whole('maxAttempts', 'Max Attempts', 1, 10, fallback.maxAttempts),
		idleTimeoutMs:
			whole('timeoutSeconds', 'Timeout (Seconds)', 1, 3600, fallback.idleTimeoutMs / 1000) * 1000,
	};
}
