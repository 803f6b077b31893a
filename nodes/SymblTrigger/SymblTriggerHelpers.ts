/** What the Symbl Trigger checks beyond the callback itself: the shared secret, IDs, repeats. */
import type { IWebhookFunctions } from 'n8n-workflow';
import { createHash, timingSafeEqual } from 'node:crypto';

import type { JobStatus } from '../shared/constants';
import { JOB_STATUSES } from '../shared/constants';

/** Compares secrets in constant time, whatever their lengths. */
export function sameSecret(given: string, expected: string): boolean {
	const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
	return timingSafeEqual(digest(given), digest(expected));
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
