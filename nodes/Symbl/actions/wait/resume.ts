/**
 * The Symbl node's webhook: Symbl's callbacks for the jobs of an execution waiting on them (see
 * callback.ts). A callback that is not about the last upload, or not an ending, is acknowledged
 * and the execution keeps waiting; the last upload's end resumes it, once every job has ended.
 */
import type { INodeExecutionData, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { readJobCallback } from '../../../shared/callbacks';
import { readWaitState } from './callback';
import type { StartedJob } from './jobs';
import { ENDED } from './jobs';
import { pollUntilEnded } from './poll';

/** How often a resumed wait asks Symbl about jobs that had not ended when the last one did. */
const STRAGGLER_POLL_MS = 5000;

/**
 * How long a callback's handling may wait for those jobs: Symbl has its answer by then, and the
 * execution should not stay in a webhook handler for long (n8n may restart, or resume it at its
 * time limit itself). A job still running then comes out as not finished.
 */
const STRAGGLER_LIMIT_MS = 10 * 60_000;

/** Executions being resumed by this process: a repeated callback must not resume one twice. */
const resuming = new Set<string>();

export async function resumeOnCallback(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const response = this.getResponseObject();
	const answer = (status: number, body: object): IWebhookResponseData => {
		response.status(status).json(body);
		return { noWebhookResponse: true };
	};
	const callback = readJobCallback(this);
	if ('refusal' in callback)
		return answer(callback.refusal.status, { received: false, ...callback.refusal });
	const read = readWaitState(this);
	if (read === 'forged')
		return answer(403, { received: false, reason: 'not a callback of this execution' });
	const executionId = this.getExecutionId();
	if (read === 'none' || !ENDED.includes(callback.status) || resuming.has(executionId)) {
		return answer(200, { received: true, resumed: false });
	}
	// The signed state says which upload's URL this is; the job must be the one that upload
	// started (not another job given the same URL, or a replay with a chosen job ID).
	if (read.lastJobId !== callback.jobId) {
		return answer(403, { received: false, reason: 'not the job this execution waits for' });
	}

	resuming.add(executionId);
	try {
		// Symbl waits for nobody: answer now, then make sure every job has ended.
		response.status(200).json({ received: true, resumed: true });
		const { state, lastConversationId } = read;
		const [lastIndex, lastConversation] = state.last;
		const jobs: StartedJob[] = state.entries
			.filter(([, conversationId, jobId]) => conversationId !== null && jobId !== null)
			.map(([itemIndex, conversationId, jobId]) => ({
				itemIndex,
				conversationId: conversationId!,
				jobId: jobId!,
			}));
		jobs.push({
			itemIndex: lastIndex,
			conversationId: lastConversation ?? lastConversationId,
			jobId: callback.jobId,
		});
		// Never throws: a job whose status cannot be read comes out as an item saying so.
		const outcomes = await pollUntilEnded(this, jobs, {
			startedAt: state.startedAt,
			deadline: Math.min(state.deadline, Date.now() + STRAGGLER_LIMIT_MS),
			intervalMs: STRAGGLER_POLL_MS,
		});
		const items: INodeExecutionData[] = [
			...outcomes.map(({ itemIndex, json }) => ({ json, pairedItem: { item: itemIndex } })),
			...state.entries
				.filter(([, , , error]) => error !== undefined)
				.map(([itemIndex, , , error]) => ({ json: { error }, pairedItem: { item: itemIndex } })),
		].sort((a, b) => a.pairedItem.item - b.pairedItem.item);
		return { noWebhookResponse: true, workflowData: [items] };
	} finally {
		resuming.delete(executionId);
	}
}
