/**
 * Wait for Completion, for operations that start Symbl jobs: the router hands each upload the
 * webhook URL to use and, once every item was sent, the jobs that started; this decides how the
 * node waits for them (see poll.ts and callback.ts).
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import { readWaitSettings } from '../waitForCompletion';
import { CallbackWait, entriesOf } from './callback';
import type { JobOutcome, StartedJob } from './jobs';
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

export function jobWaiter(ctx: IExecuteFunctions, lastItemToSend: number): JobWaiter | undefined {
	const settings = readWaitSettings(ctx);
	if (!settings) return undefined;
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
			// The upload that was to carry the state failed: nobody would resume; poll instead.
			if (!stateSent || last.itemIndex !== lastItemToSend) return await poll(started);
			await callback.putToWait(last.conversationId);
			return 'waiting';
		},
	};
}
