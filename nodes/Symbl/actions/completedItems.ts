/**
 * n8n's "Retry On Fail" runs the whole node again after a failure, with the same items. An upload
 * that already succeeded must not be sent twice (Symbl would process the recording twice), so the
 * results of the items that succeeded are kept until the node's next try, in the same process:
 * n8n retries inside the same execution, in the process (main or worker) that runs it.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { createHash } from 'node:crypto';

type Results = Map<number, IDataObject[]>;

/** Failed runs waiting for a retry that may never come: a few dozen entries, oldest dropped. */
const MAX_KEPT_RUNS = 64;
const kept = new Map<string, Results>();

/**
 * A retry runs the same node, in the same execution, with the same parameters and items: all of
 * it goes into the key, so nothing is ever reused for another run.
 */
function runKey(ctx: IExecuteFunctions): string {
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
		.update(JSON.stringify([ctx.getExecutionId(), node.name, node.parameters, items]))
		.digest('hex');
}

/** What an earlier, failed try of this node in this execution already did, per item. */
export function completedItems(ctx: IExecuteFunctions): Results {
	const key = runKey(ctx);
	const results = kept.get(key) ?? new Map<number, IDataObject[]>();
	kept.delete(key);
	return results;
}

/** Keeps what this try did, for the retry that follows a failure. */
export function keepForRetry(ctx: IExecuteFunctions, results: Results): void {
	if (results.size === 0) return;
	kept.set(runKey(ctx), results);
	while (kept.size > MAX_KEPT_RUNS) kept.delete(kept.keys().next().value as string);
}
