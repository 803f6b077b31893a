/**
 * HTTP plumbing shared by the emulator's handlers: JSON answers, Symbl-shaped errors
 * (`{statusCode, message}`), query parsing, body reading. Models no Symbl behaviour itself.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

import type { RecordedRequest } from './model';

const SECRET_HEADERS = new Set(['authorization', 'x-api-key']);
const MAX_JSON_BODY = 64 * 1024;

/** What a handler answers: an HTTP status and a JSON body. */
export interface Reply {
	status: number;
	body: unknown;
}

/** A call the emulator answers: its method, its path (captured groups are the IDs) and its handler. */
export interface Route {
	method: string;
	path: RegExp;
	/** False only for the token endpoint: every other call needs a bearer token. */
	authenticated?: false;
	handle: (req: IncomingMessage, record: RecordedRequest, params: string[]) => Promise<Reply>;
}

/** Thrown by handlers; answered as Symbl answers errors: `{"statusCode":…,"message":…}`. */
export class HttpError extends Error {
	constructor(
		readonly status: number,
		message: string,
	) {
		super(message);
	}
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
	const text = JSON.stringify(body);
	res.writeHead(status, {
		'Content-Type': 'application/json',
		'Content-Length': Buffer.byteLength(text),
	});
	res.end(text);
}

export function parseQuery(params: URLSearchParams): Record<string, string | string[]> {
	const query: Record<string, string | string[]> = {};
	for (const key of new Set(params.keys())) {
		const values = params.getAll(key);
		query[key] = values.length === 1 ? values[0] : values;
	}
	return query;
}

export function redactHeaders(headers: IncomingMessage['headers']): RecordedRequest['headers'] {
	const copy: RecordedRequest['headers'] = {};
	for (const [name, value] of Object.entries(headers)) {
		copy[name] = SECRET_HEADERS.has(name) ? '<redacted>' : value;
	}
	return copy;
}

/** Hashes (unless told not to) and counts the body as it streams in; nothing is kept in memory. */
export async function hashBody(
	req: IncomingMessage,
	record: RecordedRequest,
	hashing = true,
): Promise<void> {
	const started = performance.now();
	const hash = hashing ? createHash('sha256') : undefined;
	for await (const chunk of req) {
		record.bodyFirstAt ??= epochMs();
		hash?.update(chunk as Buffer);
		record.bodyBytes += (chunk as Buffer).length;
	}
	record.bodyLastAt = epochMs();
	record.bodySha256 = hash?.digest('hex') ?? '';
	record.bodyMs = performance.now() - started;
}

/** Wall-clock ms with sub-ms resolution, comparable with other processes' Date.now() (n8n's). */
export const epochMs = () => performance.timeOrigin + performance.now();

/** Reads what is left of the body, so an early answer does not cut off an upload mid-stream. */
export async function drain(req: IncomingMessage): Promise<void> {
	try {
		for await (const chunk of req) void chunk;
	} catch {
		// the client went away; nothing left to answer
	}
}

/** A JSON object body, counted and hashed like any body; 413 past `maxBytes`, 400 if not an object. */
export async function readJson(
	req: IncomingMessage,
	record: RecordedRequest,
	maxBytes = MAX_JSON_BODY,
): Promise<Record<string, unknown>> {
	const chunks: Buffer[] = [];
	for await (const chunk of req) {
		record.bodyBytes += (chunk as Buffer).length;
		if (record.bodyBytes > maxBytes) throw new HttpError(413, 'Body too large');
		chunks.push(chunk as Buffer);
	}
	const body = Buffer.concat(chunks);
	record.bodySha256 = createHash('sha256').update(body).digest('hex');
	try {
		const parsed = JSON.parse(body.toString('utf8'));
		if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed;
	} catch {
		// fall through
	}
	throw new HttpError(400, 'Body must be a JSON object');
}

export function isLoopback(url: string): boolean {
	const { hostname } = new URL(url);
	return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}
