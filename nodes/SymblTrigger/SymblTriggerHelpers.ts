/** What the Symbl Trigger checks beyond the callback itself: the shared secret, IDs, repeats. */
import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';
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
 * How long this process puts back what it saw into the stored memory when another call's save
 * dropped it: repeats (Symbl's, a proxy's) come within minutes of the first callback.
 */
const RESTORE_WITHIN_MS = 10 * 60_000;

/** A job's highest status seen (its index in JOB_STATUSES) and when this process saw it. */
type Seen = { rank: number; at: number };

/** This process's record for one trigger node, and the stored memory as this process last wrote it. */
type ProcessRecord = { jobs: Map<string, Seen>; written?: string };

/**
 * The callbacks this process let through, per workflow and trigger node. n8n loads a workflow's
 * static data for each production webhook call and saves the whole of it after: two calls at the
 * same moment both see a memory without the other's job, and the later save drops the earlier
 * one's entry. This process's own record covers both within one process, and puts what it saw
 * lately back into the stored memory, for the other webhook processors (see the README's
 * Reliability section for what that guarantees).
 */
const processRecords = new Map<string, ProcessRecord>();

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

/** Every job's rank in `seen`, keyed by the encoded job ID. */
function ranksIn(seen: string): Map<string, number> {
	const ranks = new Map<string, number>();
	for (const line of seen.split('\n')) {
		const space = line.lastIndexOf(' ');
		if (space > 0) ranks.set(line.slice(0, space), Number(line.slice(space + 1)));
	}
	return ranks;
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
 * webhook call, before the trigger answers (answerOnceSaved), so it holds across callbacks,
 * restarts and webhook processors; and, for production calls, in this process's memory too. Test
 * events ("Listen for test event") are checked against the static data only, so the same test
 * callback can be sent again.
 */
export function firstNews(ctx: IWebhookFunctions, jobId: string, status: JobStatus): boolean {
	const memory = ctx.getWorkflowStaticData('node') as Memory;
	const record = ctx.getMode() === 'manual' ? undefined : processRecordOf(ctx);
	const rank = JOB_STATUSES.indexOf(status);
	let seen = typeof memory.seen === 'string' ? memory.seen : fromOldMemory(memory.seenJobs);
	const oldRank = memory.seenJobs?.[jobId];
	const known = Math.max(
		rankIn(seen, jobId),
		typeof oldRank === 'number' ? oldRank : -1,
		record?.jobs.get(jobId)?.rank ?? -1,
	);
	const news = known < rank;
	const now = Date.now();
	if (news && record) {
		record.jobs.delete(jobId);
		record.jobs.set(jobId, { rank, at: now });
		if (record.jobs.size > PROCESS_REMEMBERED_JOBS) {
			record.jobs.delete(record.jobs.keys().next().value as string);
		}
	}
	// What this process saw lately and another call's save dropped from the stored memory; only
	// looked for when the stored memory is not what this process last wrote.
	let restored = false;
	if (record && seen !== record.written) {
		const stored = ranksIn(seen);
		for (const [id, lately] of record.jobs) {
			if (now - lately.at >= RESTORE_WITHIN_MS) continue;
			if ((stored.get(encodeURIComponent(id)) ?? -1) < lately.rank) {
				seen = withJob(seen, id, lately.rank, REMEMBERED_JOBS);
				restored = true;
			}
		}
	}
	if (!news && !restored) return false;
	if (news) seen = withJob(seen, jobId, rank, REMEMBERED_JOBS);
	memory.seen = seen;
	if (memory.seenJobs !== undefined) delete memory.seenJobs;
	if (record) record.written = seen;
	return news;
}

function processRecordOf(ctx: IWebhookFunctions): ProcessRecord {
	const key = `${ctx.getWorkflow().id ?? ''}/${ctx.getNode().id}`;
	let record = processRecords.get(key);
	if (!record) processRecords.set(key, (record = { jobs: new Map() }));
	return record;
}

/** How long an answer waits for n8n to save the trigger's memory, at most. */
const SAVE_WAIT_MS = 2000;

/**
 * Answers the callback once n8n has saved the workflow's static data (it does right after this
 * webhook returns, and clears its "changed" mark then), so a repeat sent after the answer finds
 * this callback in the stored memory, at any webhook processor. n8n's own answer cannot be used:
 * n8n 2.x sends it only after starting the run, and a run it starts then overwrites the static
 * data with what it loaded (measured: the memory kept only the first job).
 */
export function answerOnceSaved(ctx: IWebhookFunctions, body: IDataObject): IWebhookResponseData {
	const response = ctx.getResponseObject();
	// n8n's context holds the workflow whose static data it saves; its node API does not expose it.
	const staticData = (ctx as unknown as { workflow?: { staticData?: IDataObject } }).workflow
		?.staticData;
	void (async () => {
		// n8n saves within a few milliseconds: look again after 1 ms, then less and less often.
		for (
			let waited = 0, step = 1;
			staticData?.__dataChanged === true && waited < SAVE_WAIT_MS;
			waited += step, step = Math.min(2 * step, 50)
		) {
			await sleep(step);
		}
		if (!response.headersSent) response.status(200).json(body);
	})();
	return { noWebhookResponse: true };
}
