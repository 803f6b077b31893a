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
 * The static data's memory is one string, `seen`: per job "\n<jobId, URI-encoded> <rank>", oldest
 * first. n8n reads a workflow's static data twice per production webhook call (the call, then the
 * execution it starts), wraps it in change-tracking proxies and writes it back whole after every
 * change: kept as an object of 500 properties, that cost about 0.5 ms of n8n's main thread per
 * callback (JSON parse twice, the proxies, a stringify through them), more than the node itself;
 * one string is a single property to parse, wrap and write. The old object (`seenJobs`) is read
 * too, and moved into the string at the next change.
 */
interface Memory {
	seen?: string;
	seenJobs?: Record<string, number>;
}

/** The line of a job in `seen` starts with this (encoded: a job ID may hold any character). */
const lineStart = (jobId: string) => `\n${encodeURIComponent(jobId)} `;

/** The rank remembered for a job, -1 if none. */
function rankIn(seen: string, jobId: string): number {
	const start = lineStart(jobId);
	const at = seen.indexOf(start);
	return at < 0 ? -1 : Number(seen.charAt(at + start.length));
}

/** `seen` without the job's line, with a new last line for it, and only the newest `limit` lines. */
function withJob(seen: string, jobId: string, rank: number, limit: number): string {
	const start = lineStart(jobId);
	const at = seen.indexOf(start);
	let next = at < 0 ? seen : seen.slice(0, at) + seen.slice(at + start.length + 1);
	next += `${start}${rank}`;
	let lines = 0;
	for (let i = next.indexOf('\n'); i >= 0; i = next.indexOf('\n', i + 1)) lines++;
	for (; lines > limit; lines--) next = next.slice(next.indexOf('\n', 1));
	return next;
}

/** The memory of an older version (an object, oldest first) as `seen`. */
function fromOldMemory(jobs: Record<string, number> | undefined): string {
	let seen = '';
	for (const [jobId, rank] of Object.entries(jobs ?? {}))
		if (typeof rank === 'number') seen = withJob(seen, jobId, rank, REMEMBERED_JOBS);
	return seen;
}

/**
 * Whether this callback is news: the first with this status for this job, and not older than a
 * status already seen. Kept in the workflow's static data, which n8n saves after each production
 * webhook call, so it holds across callbacks, restarts and webhook processors; and, for
 * production calls, in this process's memory too. Test events ("Listen for test event") are
 * checked against the static data only, so the same test callback can be sent again.
 */
export function firstNews(ctx: IWebhookFunctions, jobId: string, status: JobStatus): boolean {
	const memory = ctx.getWorkflowStaticData('node') as Memory;
	const local = ctx.getMode() === 'manual' ? undefined : processMemoryOf(ctx);
	const rank = JOB_STATUSES.indexOf(status);
	const seen = typeof memory.seen === 'string' ? memory.seen : fromOldMemory(memory.seenJobs);
	const oldRank = memory.seenJobs?.[jobId];
	const known = Math.max(
		rankIn(seen, jobId),
		typeof oldRank === 'number' ? oldRank : -1,
		local?.get(jobId) ?? -1,
	);
	if (known >= rank) return false;
	remember(local, jobId, rank);
	memory.seen = withJob(seen, jobId, rank, REMEMBERED_JOBS);
	if (memory.seenJobs !== undefined) delete memory.seenJobs;
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
