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

/** How many jobs this process remembers per trigger node, besides the workflow's static data. */
const PROCESS_REMEMBERED_JOBS = 5000;

/**
 * The callbacks this process let through, per workflow and trigger node. n8n loads a workflow's
 * static data for each production webhook call and saves it after: two calls at the same moment
 * both see a memory without the other's job, and the later save drops the earlier one's entry.
 * This process's own record covers both within one process; across webhook processors only the
 * static data is shared, with that same race (see the README's Reliability section).
 */
const processMemory = new Map<string, Map<string, number>>();

/**
 * Whether this callback is news: the first with this status for this job, and not older than a
 * status already seen. Kept in the workflow's static data, which n8n saves after each production
 * webhook call, so it holds across callbacks, restarts and webhook processors; and, for
 * production calls, in this process's memory too. Test events ("Listen for test event") are
 * checked against the static data only, so the same test callback can be sent again.
 */
export function firstNews(ctx: IWebhookFunctions, jobId: string, status: JobStatus): boolean {
	const memory = ctx.getWorkflowStaticData('node');
	const seen = (memory.seenJobs ?? {}) as Record<string, number>;
	const local = ctx.getMode() === 'manual' ? undefined : processMemoryOf(ctx);
	const rank = JOB_STATUSES.indexOf(status);
	if (Math.max(seen[jobId] ?? -1, local?.get(jobId) ?? -1) >= rank) return false;
	remember(local, jobId, rank);
	delete seen[jobId];
	seen[jobId] = rank;
	const jobs = Object.keys(seen);
	for (const old of jobs.slice(0, Math.max(0, jobs.length - REMEMBERED_JOBS))) delete seen[old];
	memory.seenJobs = seen;
	return true;
}

function processMemoryOf(ctx: IWebhookFunctions): Map<string, number> {
	const key = `${ctx.getWorkflow().id ?? ''}/${ctx.getNode().id}`;
	let jobs = processMemory.get(key);
	if (!jobs) processMemory.set(key, (jobs = new Map()));
	return jobs;
}

/** Newest last; the oldest is forgotten first. */
function remember(jobs: Map<string, number> | undefined, jobId: string, rank: number): void {
	if (!jobs) return;
	jobs.delete(jobId);
	jobs.set(jobId, rank);
	if (jobs.size > PROCESS_REMEMBERED_JOBS) jobs.delete(jobs.keys().next().value as string);
}
