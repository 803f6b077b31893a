/**
 * Wait for Completion, for operations that start Symbl jobs: the router hands each upload the
 * webhook URL to use and, once every item was sent, the jobs that started; this decides how the
 * node waits for them (see poll.ts and callback.ts), and what a resumed callback wait does.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { readWaitSettings } from '../waitForCompletion';
import type { WaitState } from './callback';
import { waitForJobs } from './callback';
import type { JobOutcome, StartedJob } from './jobs';
import type { JobStatus } from '../../../shared/constants';
import { ENDED, jobStatus, outcome } from './jobs';
import { pollUntilEnded } from './poll';

export interface JobWaiter {
	/** The webhook URL Symbl gets with the uploads, when the node waits on callbacks. */
	webhookUrl: string | undefined;
	/** Outcomes per item, or 'waiting' when the execution was put to wait for Symbl. */
	finish(
		started: StartedJob[],
		done: Map<number, IDataObject[]>,
		errors: Map<number, string>,
	): Promise<JobOutcome[] | 'waiting'>;
}

export function jobWaiter(ctx: IExecuteFunctions): JobWaiter | undefined {
	const settings = readWaitSettings(ctx);
	if (!settings) return undefined;
	const startedAt = Date.now();
	const deadline = startedAt + settings.timeLimitMs;
	if (settings.mode === 'poll') {
		return {
			webhookUrl: undefined,
			finish: async (started) =>
				await pollUntilEnded(ctx, started, {
					startedAt,
					deadline,
					intervalMs: settings.checkEveryMs,
					signal: ctx.getExecutionCancelSignal?.(),
				}),
		};
	}
	const proxy = ctx.getWorkflowDataProxy(0);
	return {
		webhookUrl: `${proxy.$execution.resumeUrl}/${ctx.getNode().id}`,
		async finish(started, done, errors) {
			if (started.length === 0) return [];
			return await checkOrWait(ctx, {
				startedAt,
				deadline,
				checkEveryMs: settings.checkEveryMs,
				jobs: started.map((job) => ({ ...job })),
				done: [...done],
				errors: [...errors],
				waker: '',
				wakes: 0,
			});
		},
	};
}

/**
 * Asks Symbl about every job that has not ended. When all have, or the time limit has passed,
 * each item's outcome (its real last status); otherwise the execution waits again.
 */
/** When a callback wait first checks with Symbl on its own, at the latest. */
const FIRST_CHECK_MS = 60_000;

export async function checkOrWait(
	ctx: IExecuteFunctions,
	state: WaitState,
): Promise<JobOutcome[] | 'waiting'> {
	const waitingFor = (job: WaitState['jobs'][number]) =>
		!ENDED.includes(job.status as JobStatus) && !job.unreadable;
	for (const job of state.jobs.filter(waitingFor)) {
		try {
			job.status = await jobStatus(ctx, job);
			delete job.readError;
		} catch (error) {
			// A job Symbl does not know, or a credential it refuses, will not change by waiting;
			// anything else (a timeout, a 5xx after the transport's retries) is asked again later.
			const httpCode = Number((error as { httpCode?: unknown }).httpCode);
			job.readError = (error as Error).message;
			job.unreadable = httpCode >= 400 && httpCode < 500 && httpCode !== 408 && httpCode !== 429;
		}
	}
	const pending = state.jobs.filter(waitingFor);
	if (pending.length === 0 || Date.now() >= state.deadline) {
		return state.jobs.map((job) =>
			outcome(
				job,
				job.status,
				Date.now() - state.startedAt,
				job.unreadable || !job.status ? job.readError : undefined,
			),
		);
	}
	// The last upload's job usually ends last; its callback wakes the execution, the safety net
	// covers the others (their callbacks are acknowledged, so two never resume it at once).
	state.waker = pending[pending.length - 1].jobId;
	// A job that ends while n8n is still saving this wait has its callback refused ("running
	// already"): short jobs do. The first check therefore comes after a minute at most.
	const checkInMs =
		state.wakes === 0 ? Math.min(state.checkEveryMs, FIRST_CHECK_MS) : state.checkEveryMs;
	if (await waitForJobs(ctx, state, checkInMs)) return 'waiting';
	return await pollUntilEnded(ctx, state.jobs, {
		startedAt: state.startedAt,
		deadline: state.deadline,
		intervalMs: Math.min(state.checkEveryMs, 30_000),
		signal: ctx.getExecutionCancelSignal?.(),
	});
}
