import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import * as audio from './audio/Audio.resource';
import { completedItems, keepForRetry } from './completedItems';
import * as conversation from './conversation/Conversation.resource';
import * as job from './job/Job.resource';
import * as text from './text/Text.resource';
import * as video from './video/Video.resource';

/**
 * An operation reads one item's parameters and returns plain data, or throws. One that sends
 * something also has `prepare`: it reads and validates the item, sending nothing, and what it
 * returns is handed to `execute`.
 */
type Operation = {
	prepare?: (this: IExecuteFunctions, itemIndex: number) => Promise<unknown>;
	execute: (
		this: IExecuteFunctions,
		itemIndex: number,
		prepared: never,
	) => Promise<IDataObject | IDataObject[]>;
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
	conversation: { getResults: conversation.getResults },
};

/**
 * Runs the chosen operation for every input item and owns everything items share:
 * - every item is prepared (validated) before the first is sent, so a bad item 7 of 50 stops the
 *   run before anything reached Symbl, rather than after items 0–6 were uploaded;
 * - items go out one at a time, in item order (appends to one conversation stay in order);
 * - results are paired to their items; with "Continue On Fail" a failing item becomes an error
 *   item in its place, otherwise the run stops on it, naming the item;
 * - after a failure, n8n's "Retry On Fail" does not send again what already succeeded.
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
	const outcomes: Array<{ prepared?: unknown; error?: Error }> = [];
	for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
		try {
			outcomes.push({ prepared: await handler.prepare?.call(this, itemIndex) });
		} catch (error) {
			if (!this.continueOnFail()) throw asNodeError(this, error, itemIndex);
			outcomes.push({ error: error as Error });
		}
	}

	const done = completedItems(this);
	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
		const pairedItem = { item: itemIndex };
		let error = outcomes[itemIndex].error;
		if (!error && !done.has(itemIndex)) {
			try {
				const prepared = outcomes[itemIndex].prepared as never;
				const result = await handler.execute.call(this, itemIndex, prepared);
				done.set(itemIndex, Array.isArray(result) ? result : [result]);
			} catch (caught) {
				if (!this.continueOnFail()) {
					keepForRetry(this, done);
					throw asNodeError(this, caught, itemIndex);
				}
				error = caught as Error;
			}
		}
		if (error) output.push({ json: { error: error.message }, pairedItem });
		else for (const json of done.get(itemIndex) ?? []) output.push({ json, pairedItem });
	}
	return [output];
}

/** n8n shows NodeApiError/NodeOperationError with their item; anything else is wrapped to name it. */
function asNodeError(ctx: IExecuteFunctions, error: unknown, itemIndex: number) {
	if (error instanceof NodeApiError) {
		error.context.itemIndex ??= itemIndex;
		return error;
	}
	return new NodeOperationError(ctx.getNode(), error as Error, { itemIndex });
}
