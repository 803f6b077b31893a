/**
 * Wait by polling: ask Symbl's Job API for every started job, every interval, until each has
 * ended or the time limit passes. Used by "Poll the Job Status" (the execution, and in queue mode
 * its worker, stays busy meanwhile), and by a callback wait where n8n's engine does not let the
 * node wait (see callback.ts). Waits with n8n's sleep; a cancelled execution stops waiting.
 */

import type { JobStatus } from '../../../shared/constants';
import type { SymblContext } from '../../transport';
import { pause } from '../../transport/idle';
import type { JobOutcome, StartedJob } from './jobs';
import { ENDED, jobStatus, outcome } from './jobs';

export interface PollTiming {
	startedAt: number;
	deadline: number;
	intervalMs: number;
	signal?: AbortSignal;
}

export async function pollUntilEnded(
	ctx: SymblContext,
	jobs: StartedJob[],
	{ startedAt, deadline, intervalMs, signal }: PollTiming,
): Promise<JobOutcome[]> {
	const last = new Map<StartedJob, JobStatus | undefined>();
	// A job whose status cannot be read (after the transport's retries) stops being waited for:
	// its item says why, and the others are still waited for.
	const unreadable = new Map<StartedJob, string>();
	let pending = jobs;
	for (;;) {
		for (const job of pending) {
			try {
				last.set(job, await jobStatus(ctx, job));
			} catch (error) {
				unreadable.set(job, (error as Error).message);
			}
		}
		pending = pending.filter(
			(job) => !unreadable.has(job) && !ENDED.includes(last.get(job) as JobStatus),
		);
		if (pending.length === 0 || Date.now() + intervalMs > deadline) break;
		await pause(ctx.getNode(), intervalMs, signal);
	}
	return jobs.map((job) =>
		outcome(job, last.get(job), Date.now() - startedAt, unreadable.get(job)),
	);
}
