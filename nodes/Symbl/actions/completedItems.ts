/**
 * n8n's "Retry On Fail" runs the whole node again, with the same items, when its try failed: when
 * it threw, and also when it returned items the first of which is an error (what "Continue On
 * Fail" makes of a failed item 0). An upload that already succeeded must not be sent twice (Symbl
 * would process the recording twice, and charge twice), so what each item did is kept as soon as
 * it is done, for a next try of the same node in the same run, in the same process: n8n retries
 * inside the same execution, in the process (main or worker) that runs it.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { createHash } from 'node:crypto';

type Results = Map<number, IDataObject[]>;

/**
 * Per input: n8n hands every try of a node the very same input items (its execution data; with
 * "Execute Once", a new array of the same first item), and a new execution new ones. Keyed by the
 * first item, what a try did is found by the next try, and forgotten with the execution's data.
 */
const kept = new WeakMap<object, Map<string, Results>>();

/** Which run of the node this is in its execution (a loop runs it again, with a new index). */
function runIndex(ctx: IExecuteFunctions): unknown {
	try {
		return ctx.getWorkflowDataProxy(0).$runIndex;
	} catch {
		return undefined;
	}
}

/**
 * The same node, run, parameters and items: a fan-out may hand the same items to two nodes, a
 * loop to the same node again.
 */
function nodeKey(ctx: IExecuteFunctions): string {
	const node = ctx.getNode();
	const items = ctx
		.getInputData()
		.map(({ json, binary }) => [
			json,
			Object.values(binary ?? {}).map(({ id, fileName, fileSize, data }) => [
				id,
				fileName,
				fileSize,
				id ? undefined : data?.length,
			]),
		]);
	return createHash('sha256')
		.update(
			JSON.stringify([ctx.getExecutionId(), node.name, runIndex(ctx), node.parameters, items]),
		)
		.digest('hex');
}

function keptFor(ctx: IExecuteFunctions): Map<string, Results> {
	const input = ctx.getInputData();
	const anchor: object = input[0] ?? input;
	let byNode = kept.get(anchor);
	if (!byNode) kept.set(anchor, (byNode = new Map()));
	return byNode;
}

/**
 * What an earlier try of this node in this run already did, per item; what this try does to it
 * (set) is kept at once, however the try ends.
 */
export function completedItems(ctx: IExecuteFunctions): Results {
	const byNode = keptFor(ctx);
	const key = nodeKey(ctx);
	const results: Results = byNode.get(key) ?? new Map<number, IDataObject[]>();
	byNode.set(key, results);
	return results;
}

/** Keeps what this try did, for the retry that follows a failure (completedItems already has). */
export function keepForRetry(ctx: IExecuteFunctions, results: Results): void {
	if (results.size > 0) keptFor(ctx).set(nodeKey(ctx), results);
}

/**
 * Per item, the error that ended an upload Symbl may have received whole (a 500, or no answer
 * after the whole file went out): a next try must report it again, not send the file again.
 */
const keptUnsent = new WeakMap<object, Map<string, Map<number, Error>>>();

export function uploadsNotToResend(ctx: IExecuteFunctions): Map<number, Error> {
	const input = ctx.getInputData();
	const anchor: object = input[0] ?? input;
	let byNode = keptUnsent.get(anchor);
	if (!byNode) keptUnsent.set(anchor, (byNode = new Map()));
	const key = nodeKey(ctx);
	const errors = byNode.get(key) ?? new Map<number, Error>();
	byNode.set(key, errors);
	return errors;
}
