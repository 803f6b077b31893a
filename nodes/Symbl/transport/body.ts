/**
 * Responses are read as streams with a ceiling, never buffered whole by the HTTP client: a proxy's
 * 300 MB error page or a runaway answer must not become 300 MB of memory or of error text.
 */
import type { IDataObject } from 'n8n-workflow';

import { watchIdle } from './idle';

/** Symbl's results for a 4-hour meeting are a few megabytes; far beyond is not a Symbl answer. */
export const MAX_JSON_BYTES = 64 * 1024 * 1024;
/** What an error body may contribute to an error message. */
export const MAX_ERROR_BYTES = 64 * 1024;

interface ResponseStream extends AsyncIterable<unknown> {
	destroy(error?: Error): void;
}

export function isResponseStream(value: unknown): value is ResponseStream {
	return (
		typeof value === 'object' &&
		value !== null &&
		typeof (value as ResponseStream)[Symbol.asyncIterator] === 'function' &&
		typeof (value as ResponseStream).destroy === 'function'
	);
}

/** Up to `maxBytes` of the body as text; the rest is never read. */
export async function readText(
	body: unknown,
	maxBytes: number,
	idleMs?: number,
): Promise<{ text: string; complete: boolean }> {
	if (!isResponseStream(body)) {
		const text = typeof body === 'string' ? body : body === undefined ? '' : JSON.stringify(body);
		return { text: text.slice(0, maxBytes), complete: text.length <= maxBytes };
	}
	const chunks: Buffer[] = [];
	let length = 0;
	let complete = true;
	// An answer whose bytes stop coming ends the request, as a silent connection does.
	const watch = idleMs ? watchIdle(idleMs, (error) => body.destroy(error)) : undefined;
	try {
		for await (const chunk of body) {
			watch?.touch();
			const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
			chunks.push(bytes);
			length += bytes.length;
			if (length > maxBytes) {
				complete = false;
				break;
			}
		}
	} finally {
		watch?.stop();
		body.destroy();
	}
	return { text: Buffer.concat(chunks).subarray(0, maxBytes).toString('utf8'), complete };
}

/** The JSON a successful response carried, or a reason it carried none. */
export async function readJson(
	body: unknown,
	idleMs?: number,
): Promise<{ value: unknown } | { problem: string }> {
	const { text, complete } = await readText(body, MAX_JSON_BYTES, idleMs);
	if (!complete) return { problem: `an answer larger than ${MAX_JSON_BYTES / 1024 / 1024} MiB` };
	if (text.trim() === '') return { problem: 'an empty answer' };
	try {
		return { value: JSON.parse(text) };
	} catch {
		return { problem: `an answer that is not JSON (${describeText(text)})` };
	}
}

/** A short, single-line excerpt of untrusted text, fit for an error message. */
export function describeText(text: string, maxChars = 200): string {
	const line = text.replace(/\p{Cc}+/gu, ' ').trim();
	return line.length > maxChars ? `${line.slice(0, maxChars)}…` : line;
}

/** Symbl's own message in an error body ({message}, {error}, {detail}), shortened. */
export function symblMessage(text: string): string | undefined {
	let message: unknown = text;
	try {
		const record = JSON.parse(text) as IDataObject;
		message = record?.message ?? record?.error ?? record?.detail ?? text;
		if (message !== null && typeof message === 'object') message = JSON.stringify(message);
	} catch {
		// Not JSON: an HTML page (a proxy's, usually) is named by its title; plain text by its start.
		const title = /^\s*<[\s\S]*?<title[^>]*>([\s\S]*?)<\/title>/i.exec(text)?.[1];
		if (title !== undefined || /^\s*</.test(text)) message = `an HTML page "${title ?? ''}"`;
	}
	const excerpt = describeText(String(message ?? ''));
	return excerpt === '' ? undefined : excerpt;
}
