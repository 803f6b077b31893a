import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import * as conversation from './conversation/Conversation.resource';
import * as job from './job/Job.resource';
import * as video from './video/Video.resource';

/** An operation reads one item's parameters and returns plain data, or throws. */
type Operation = {
	execute: (this: IExecuteFunctions, itemIndex: number) => Promise<IDataObject | IDataObject[]>;
};

const operations: Record<string, Record<string, Operation>> = {
	video: { append: video.append, submit: video.submit },
	job: { get: job.get },
	conversation: { getResults: conversation.getResults },
};

/**
 * Runs the chosen operation once per input item and owns everything items share: each result
 * is paired to its input item; one item's failure never loses or reorders the others — with
 * "Continue On Fail" it becomes an error item in its place, otherwise the run stops on it,
 * naming the item.
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

	const output: INodeExecutionData[] = [];
	const itemCount = this.getInputData().length;
	for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
		const pairedItem = { item: itemIndex };
		try {
			const result = await handler.execute.call(this, itemIndex);
			for (const json of Array.isArray(result) ? result : [result]) {
				output.push({ json, pairedItem });
			}
		} catch (error) {
			if (!this.continueOnFail()) throw asNodeError(this, error, itemIndex);
			output.push({ json: { error: (error as Error).message }, pairedItem });
		}
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
