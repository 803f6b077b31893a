import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import * as audio from './audio/Audio.resource';
import { completedItems, keepForRetry, uploadsNotToResend } from './completedItems';
import * as conversation from './conversation/Conversation.resource';
import * as job from './job/Job.resource';
import * as text from './text/Text.resource';
import * as video from './video/Video.resource';
import { checkOrWait, jobWaiter } from './wait';
import type { WaitState } from './wait/callback';
import { resumedWait } from './wait/callback';
import type { JobOutcome, StartedJob } from './wait/jobs';
import { uploadMayHaveStartedJob } from '../transport/errors';

/**
 * An operation reads one item's parameters and returns plain data, or throws. One that sends
 * something also has `prepare`: it reads and validates the item, sending nothing, and what it
 * returns is handed to `execute`. One that starts a Symbl job (`startsJob`) returns Symbl's
 * {conversationId, jobId} and takes the webhook URL a wait for completion needs.
 */
type Operation = {
	prepare?: (this: IExecuteFunctions, itemIndex: number) => Promise<unknown>;
	execute: (
		this: IExecuteFunctions,
		itemIndex: number,
		prepared: never,
		job: { webhookUrl?: string },
	) => Promise<IDataObject | IDataObject[]>;
	startsJob?: boolean;
};

const operations: Record<string, Record<string, Operation>> = {
	video: {
		append: video.append,
		appendUrl: video.appendUrl,
		submit: video.submit,
		submitUrl: video.submitUrl,
	},
	audio: {
		append: audio.append,
		appendUrl: audio.appendUrl,
		submit: audio.submit,
		submitUrl: audio.submitUrl,
	},
	text: { append: text.append, submit: text.submit },
	job: { get: job.get },
	conversation: conversation.operations,
};

/**
 * Runs the chosen operation for every input item and owns everything items share:
 * - every item is prepared (validated) before the first is sent, so a bad item 7 of 50 stops the
 *   run before anything reached Symbl, rather than after items 0–6 were uploaded;
 * - items go out one at a time, in item order (appends to one conversation stay in order);
 * - results are paired to their items; with "Continue On Fail" a failing item becomes an error
 *   item in its place, otherwise the run stops on it, naming the item;
 * - after a failure, n8n's "Retry On Fail" does not send again what already succeeded, nor an
 *   upload Symbl may have received whole (that item's error is reported again);
 * - for job-starting operations, "Wait for Completion" once every item was sent. An execution
 *   that waits for Symbl's callback runs this node again when it wakes: that run sends nothing,
 *   it reads the jobs' statuses and outputs the items (or waits again).
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const handler = operations[resource]?.[operation];
	if (!handler) {
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${operation}" of "${resource}" is not supported`,
		);
	}

	const itemCount = this.getInputData().length;
	const resumed = resumedWait(this);
	const { done, errors, outcomes } = resumed
		? await continueWaiting(this, resumed)
		: await sendItems(this, handler, itemCount);
	if (outcomes !== 'waiting') {
		for (const ended of outcomes) {
			if ('error' in ended && !this.continueOnFail()) {
				keepForRetry(this, done);
				throw new NodeOperationError(this.getNode(), ended.error, { itemIndex: ended.itemIndex });
			}
			done.set(ended.itemIndex, [{ ...done.get(ended.itemIndex)?.[0], ...ended.json }]);
		}
	}

	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
		const pairedItem = { item: itemIndex };
		const error = errors.get(itemIndex);
		if (error !== undefined) output.push({ json: { error }, pairedItem });
		else for (const json of done.get(itemIndex) ?? []) output.push({ json, pairedItem });
	}
	return [output];
}

interface Sent {
	/** What each item's operation returned, and the items that failed (with Continue On Fail). */
	done: Map<number, IDataObject[]>;
	errors: Map<number, string>;
	/** Wait for Completion's outcome per item, or 'waiting' when the execution waits for Symbl. */
	outcomes: JobOutcome[] | 'waiting';
}

async function sendItems(ctx: IExecuteFunctions, handler: Operation, itemCount: number) {
	const prepared: unknown[] = [];
	const errors = new Map<number, string>();
	for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
		try {
			prepared.push(await handler.prepare?.call(ctx, itemIndex));
		} catch (error) {
			if (!ctx.continueOnFail()) throw asNodeError(ctx, error, itemIndex);
			prepared.push(undefined);
			errors.set(itemIndex, (error as Error).message);
		}
	}

	const done = completedItems(ctx);
	const notToResend = uploadsNotToResend(ctx);
	const toSend = [...Array(itemCount).keys()].filter((index) => !errors.has(index));
	const waiter = handler.startsJob ? jobWaiter(ctx) : undefined;
	const started: StartedJob[] = [];
	for (const itemIndex of toSend) {
		if (!done.has(itemIndex)) {
			try {
				// An earlier try's upload of this item may be a Symbl job already: say so again.
				const unsent = notToResend.get(itemIndex);
				if (unsent) throw unsent;
				const result = await handler.execute.call(ctx, itemIndex, prepared[itemIndex] as never, {
					webhookUrl: waiter?.webhookUrl,
				});
				done.set(itemIndex, Array.isArray(result) ? result : [result]);
			} catch (caught) {
				if (uploadMayHaveStartedJob(caught)) notToResend.set(itemIndex, caught as Error);
				if (!ctx.continueOnFail()) {
					keepForRetry(ctx, done);
					throw asNodeError(ctx, caught, itemIndex);
				}
				errors.set(itemIndex, (caught as Error).message);
				continue;
			}
		}
		// An item may start no job of its own (Text sends all items as one upload, from item 0).
		const [answer] = (done.get(itemIndex) ?? []) as Array<Partial<StartedJob>>;
		if (handler.startsJob && answer?.conversationId && answer.jobId) {
			started.push({ itemIndex, conversationId: answer.conversationId, jobId: answer.jobId });
		}
	}

	let outcomes: Sent['outcomes'] = [];
	if (waiter && started.length > 0) {
		try {
			outcomes = await waiter.finish(started, done, errors);
		} catch (error) {
			keepForRetry(ctx, done);
			throw asNodeError(ctx, error, started[0].itemIndex);
		}
	}
	return { done, errors, outcomes } satisfies Sent;
}

/** The run of a waiting execution that woke (its callback, or its next check): no item is sent. */
async function continueWaiting(ctx: IExecuteFunctions, state: WaitState) {
	state.wakes += 1;
	let outcomes: Sent['outcomes'];
	try {
		outcomes = await checkOrWait(ctx, state);
	} catch (error) {
		throw asNodeError(ctx, error, state.jobs[0]?.itemIndex ?? 0);
	}
	return { done: new Map(state.done), errors: new Map(state.errors), outcomes } satisfies Sent;
}

/** n8n shows NodeApiError/NodeOperationError with their item; anything else is wrapped to name it. */
function asNodeError(ctx: IExecuteFunctions, error: unknown, itemIndex: number) {
	if (error instanceof NodeApiError) {
		error.context.itemIndex ??= itemIndex;
		return error;
	}
	return new NodeOperationError(ctx.getNode(), error as Error, { itemIndex });
}
