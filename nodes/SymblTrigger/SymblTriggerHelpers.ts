/** How the Symbl Trigger reads a callback request: query values, the shared secret, the body. */
import type { IDataObject } from 'n8n-workflow';
import { createHash, timingSafeEqual } from 'node:crypto';

/** A query value as one string (express gives an array when a name repeats). */
export function firstString(value: unknown): string | undefined {
	const first = Array.isArray(value) ? value[0] : value;
	return typeof first === 'string' ? first : undefined;
}

/** Compares secrets in constant time, whatever their lengths. */
export function sameSecret(given: string, expected: string): boolean {
	const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
	return timingSafeEqual(digest(given), digest(expected));
}

/** The callback body as an object, whether n8n already parsed it or left the raw bytes. */
export function parsePayload(body: unknown, rawBody: Buffer | undefined): IDataObject | undefined {
	let value = body;
	const parsedByN8n =
		value !== null &&
		typeof value === 'object' &&
		!Buffer.isBuffer(value) &&
		Object.keys(value).length > 0;
	if (!parsedByN8n) {
		const text = rawBody?.toString('utf8') ?? (typeof body === 'string' ? body : '');
		try {
			value = JSON.parse(text);
		} catch {
			return undefined;
		}
	}
	return value !== null && typeof value === 'object' && !Array.isArray(value)
		? (value as IDataObject)
		: undefined;
}
