/**
 * Wait for Completion, for operations that start Symbl jobs: the router hands each upload the
 * webhook URL to use and, once every item was sent, the jobs that started; this decides how the
 * node waits for them (see poll.ts and callback.ts).
 */
import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { readWaitSettings } from '../waitForCompletion';
import type { JobStatus } from '../../../shared/constants';
import { CallbackWait, entriesOf, MAX_CALLBACK_ITEMS } from './callback';
import type { JobOutcome, StartedJob } from './jobs';
import { ENDED, jobStatus } from './jobs';
import { pollUntilEnded } from './poll';

/** What a job-starting operation's prepared item may say before its upload. */
export interface JobStart {
	/** Known before the upload when appending to a conversation. */
	conversationId?: string;
}

export interface JobWaiter {
	/** The webhook URL Symbl gets with this item's upload, when the node waits on callbacks. */
	webhookUrl(
		itemIndex: number,
		prepared: JobStart,
		started: StartedJob[],
		errors: Map<number, string>,
	): string | undefined;
	/** Outcomes per item, or 'waiting' when the execution was put to wait for Symbl's callback. */
	finish(started: StartedJob[]): Promise<JobOutcome[] | 'waiting'>;
}

export function jobWaiter(ctx: IExecuteFunctions, toSend: number[]): JobWaiter | undefined {
	const settings = readWaitSettings(ctx);
	if (!settings) return undefined;
	const lastItemToSend = toSend[toSend.length - 1] ?? -1;
	if (settings.mode === 'callback' && toSend.length > MAX_CALLBACK_ITEMS) {
		throw new NodeOperationError(
			ctx.getNode(),
			`"Resume on Symbl's Callback" waits for ${MAX_CALLBACK_ITEMS} uploads per run at most; this run has ${toSend.length}`,
			{
				description:
					'Choose "Poll the Job Status", or send the items in batches (Loop Over Items). Nothing was sent to Symbl.',
			},
		);
	}
	const startedAt = Date.now();
	const poll = async (started: StartedJob[]) =>
		await pollUntilEnded(ctx, started, {
			startedAt,
			deadline: startedAt + settings.timeLimitMs,
			intervalMs: settings.pollIntervalMs,
			signal: ctx.getExecutionCancelSignal?.(),
		});
	if (settings.mode === 'poll') {
		return { webhookUrl: () => undefined, finish: poll };
	}
	const callback = new CallbackWait(ctx, settings);
	let stateSent = false;
	return {
		webhookUrl(itemIndex, prepared, started, errors) {
			if (itemIndex !== lastItemToSend) return callback.webhookUrl();
			stateSent = true;
			return callback.webhookUrl({
				itemIndex,
				conversationId: prepared.conversationId,
				earlier: entriesOf(started, errors),
			});
		},
		async finish(started) {
			if (started.length === 0) return [];
			const last = started[started.length - 1];
			// Poll instead when nobody would resume the execution: the upload that was to carry the
			// state failed, or n8n did not keep the key; or when the last job already ended (its
			// callback may have come before the execution was saved as waiting, and been refused).
			if (!stateSent || last.itemIndex !== lastItemToSend) return await poll(started);
			if (ENDED.includes((await jobStatus(ctx, last)) as JobStatus)) return await poll(started);
			return (await callback.putToWait(last)) ? 'waiting' : await poll(started);
		},
	};
}
