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

/**
 * The callbacks this process let through, per workflow and trigger node. n8n loads a workflow's
 * static data for each production webhook call and saves the whole of it after: two calls at the
 * same moment both see a memory without the other's job, and the later save drops the earlier
 * one's entry. This process's own record covers both within one process, and puts what it saw
 * lately back into the stored memory, for the other webhook processors (see the README's
 * Reliability section for what that guarantees).
 */
const processMemory = new Map<string, Map<string, Seen>>();

/**
 * Whether this callback is news: the first with this status for this job, and not older than a
 * status already seen. Kept in the workflow's static data, which n8n saves after each production
 * webhook call, before it answers, so it holds across callbacks, restarts and webhook
 * processors; and, for production calls, in this process's memory too. Test events ("Listen for
 * test event") are checked against the static data only, so the same test callback can be sent
 * again.
 */
export function firstNews(ctx: IWebhookFunctions, jobId: string, status: JobStatus): boolean {
	const memory = ctx.getWorkflowStaticData('node');
	const stored = (memory.seenJobs ?? {}) as Record<string, number>;
	const local = ctx.getMode() === 'manual' ? undefined : processMemoryOf(ctx);
	const rank = JOB_STATUSES.indexOf(status);
	const news = Math.max(stored[jobId] ?? -1, local?.get(jobId)?.rank ?? -1) < rank;
	const now = Date.now();
	if (news) {
		local?.delete(jobId);
		local?.set(jobId, { rank, at: now });
		if (local && local.size > PROCESS_REMEMBERED_JOBS) {
			local.delete(local.keys().next().value as string);
		}
	}
	// What this process saw lately and another call's save dropped from the stored memory.
	const lost: Array<[string, Seen]> = [];
	for (const entry of local ?? []) {
		if (now - entry[1].at < RESTORE_WITHIN_MS && (stored[entry[0]] ?? -1) < entry[1].rank) {
			lost.push(entry);
		}
	}
	if (!news && lost.length === 0) return false;
	for (const [id, seen] of lost) {
		delete stored[id];
		stored[id] = seen.rank;
	}
	if (news) {
		delete stored[jobId];
		stored[jobId] = rank;
	}
	const jobs = Object.keys(stored);
	for (const old of jobs.slice(0, Math.max(0, jobs.length - REMEMBERED_JOBS))) delete stored[old];
	memory.seenJobs = stored;
	return news;
}

function processMemoryOf(ctx: IWebhookFunctions): Map<string, Seen> {
	const key = `${ctx.getWorkflow().id ?? ''}/${ctx.getNode().id}`;
	let jobs = processMemory.get(key);
	if (!jobs) processMemory.set(key, (jobs = new Map()));
	return jobs;
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
		for (let waited = 0; staticData?.__dataChanged === true && waited < SAVE_WAIT_MS; waited += 5) {
			await sleep(5);
		}
		if (!response.headersSent) response.status(200).json(body);
	})();
	return { noWebhookResponse: true };
}
