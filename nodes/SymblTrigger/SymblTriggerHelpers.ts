/** How the Symbl Trigger reads a callback request: query values, the shared secret, the body. */
import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';
import { createHash, timingSafeEqual } from 'node:crypto';

import type { JobStatus } from '../shared/constants';
import { JOB_STATUSES } from '../shared/constants';

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

/** A conversation ID as Symbl issues them (digits, letters, . _ ~ -), short enough to be one. */
export function isSymblId(value: unknown): value is string {
	return (
		typeof value === 'string' && /^[A-Za-z0-9._~-]{1,128}$/.test(value) && !value.includes('..')
	);
}

/** How many jobs the trigger remembers, per workflow, to spot repeated callbacks. */
const REMEMBERED_JOBS = 500;

/**
 * Whether this callback is news: the first with this status for this job, and not older than a
 * status already seen. Kept in the workflow's static data, which n8n saves after each production
 * webhook call, so it holds across callbacks (and across webhook processors in queue mode).
 */
export function firstNews(ctx: IWebhookFunctions, jobId: string, status: JobStatus): boolean {
	const memory = ctx.getWorkflowStaticData('node');
	const seen = (memory.seenJobs ?? {}) as Record<string, number>;
	const rank = JOB_STATUSES.indexOf(status);
	if ((seen[jobId] ?? -1) >= rank) return false;
	delete seen[jobId];
	seen[jobId] = rank;
	const jobs = Object.keys(seen);
	for (const old of jobs.slice(0, Math.max(0, jobs.length - REMEMBERED_JOBS))) delete seen[old];
	memory.seenJobs = seen;
	return true;
}
