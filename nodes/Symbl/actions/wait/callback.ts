/**
 * Wait by resuming on Symbl's callback, with a safety net. The uploads give Symbl this execution's
 * own resume URL as their webhook and the execution is put to wait, as n8n's Wait node does: no
 * worker, no timer, no memory is held while Symbl works. It wakes when Symbl's callback says the
 * job it listens for has ended, and also on its own every "Check Symbl Every" minutes; either way
 * this node runs again, asks Symbl's Job API about every job, and finishes or waits again until the
 * time limit. A lost callback therefore costs one interval, never the result.
 *
 * n8n resumes a waiting node by passing on its input (at its wait time) or what its webhook
 * returned (on a callback), without running it; it gives no other way to run a node's code at a
 * time. So before waiting, the node puts a second entry for itself right behind its own in n8n's
 * execution stack, carrying the wait's state, and leaves its own entry nothing to pass on: when the
 * execution resumes, that entry runs this node again. n8n keeps the stack in the execution's
 * database record, so the state survives restarts and moves between queue-mode processes with it.
 * The engine's stack is not part of n8n's node API: when it is not there, the caller polls instead.
 */
import type {
	IDataObject,
	IExecuteData,
	IExecuteFunctions,
	INodeExecutionData,
	IRunExecutionData,
	IWebhookFunctions,
} from 'n8n-workflow';

import type { JobStatus } from '../../../shared/constants';
import type { StartedJob } from './jobs';

/** Where the state travels: the re-entry's metadata in n8n's execution stack. */
const STATE_KEY = 'symblWait';

export interface WaitState {
	startedAt: number;
	deadline: number;
	checkEveryMs: number;
	/** Every job the items started, with the last status Symbl gave for it. */
	jobs: Array<StartedJob & { status?: JobStatus; readError?: string; unreadable?: boolean }>;
	/** What each item's upload output, and the items whose upload failed (Continue On Fail). */
	done: Array<[itemIndex: number, results: IDataObject[]]>;
	errors: Array<[itemIndex: number, error: string]>;
	/** The job whose ending callback wakes the execution (one, so two callbacks never race). */
	waker: string;
	/** How many times the execution woke so far. */
	wakes: number;
}

/** n8n's context objects hold the execution's data; the node API exposes only parts of it. */
type WithExecutionData = { runExecutionData?: IRunExecutionData | null };

function executionStack(ctx: IExecuteFunctions | IWebhookFunctions): IExecuteData[] | undefined {
	const stack = (ctx as unknown as WithExecutionData).runExecutionData?.executionData
		?.nodeExecutionStack;
	return Array.isArray(stack) ? stack : undefined;
}

function stateOf(entry: IExecuteData | undefined): WaitState | undefined {
	const state = (entry?.metadata as IDataObject | undefined)?.[STATE_KEY] as WaitState | undefined;
	return state && typeof state.waker === 'string' && Array.isArray(state.jobs) ? state : undefined;
}

/** The state this run carries when it is the re-entry of a waiting execution, else undefined. */
export function resumedWait(ctx: IExecuteFunctions): WaitState | undefined {
	return stateOf(ctx.getExecuteData?.());
}

/** The state of this node's wait, as its webhook sees the waiting execution. */
export function waitingState(ctx: IWebhookFunctions): WaitState | undefined {
	const name = ctx.getNode().name;
	return stateOf(executionStack(ctx)?.find((entry) => entry.node.name === name && stateOf(entry)));
}

/**
 * Puts the execution to wait until the next check, in `checkInMs` (or the time limit), or the
 * waker's callback, and arranges for this node to run again then with `state`. False when n8n's
 * engine does not offer what that needs; nothing was changed then.
 */
export async function waitForJobs(
	ctx: IExecuteFunctions,
	state: WaitState,
	checkInMs: number,
): Promise<boolean> {
	const entry = ctx.getExecuteData?.();
	const stack = executionStack(ctx);
	if (!entry?.data?.main || !stack) return false;
	const items = (entry.data.main[0] ?? []).map(
		// Binary data is not needed to read job statuses; the execution's record stays small.
		({ json, pairedItem }): INodeExecutionData => ({ json, pairedItem }),
	);
	stack.unshift({
		// A copy: n8n disables the entry it resumes, and must not disable this one with it.
		node: { ...entry.node },
		data: { main: [items] },
		source: entry.source,
		metadata: { ...entry.metadata, [STATE_KEY]: state } as IExecuteData['metadata'],
	});
	// On resume n8n passes on this entry's input or the webhook's output: nothing, so no node
	// after this one runs until the re-entry has Symbl's answer ("Always Output Data" would
	// otherwise turn that nothing into an empty item).
	entry.data = { main: [[]] };
	entry.node = { ...entry.node, alwaysOutputData: false };
	await ctx.putExecutionToWait(new Date(Math.min(Date.now() + checkInMs, state.deadline)));
	return true;
}
