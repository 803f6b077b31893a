/**
 * The Symbl node's webhook: Symbl's callbacks for the jobs of an execution waiting on them (see
 * callback.ts). The ending of the job the wait listens for wakes the execution; the node then asks
 * Symbl about every job when it runs again. Anything else is acknowledged and changes nothing.
 *
 * Nothing slow happens here: n8n checks that the execution is still waiting before it calls this,
 * and marks it running only after this returns, so the shorter this takes, the smaller the window
 * in which a repeated callback at another webhook processor could resume it a second time.
 */
import type { IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { readJobCallback } from '../../../shared/callbacks';
import type { JobStatus } from '../../../shared/constants';
import { waitingState } from './callback';
import { ENDED } from './jobs';

/**
 * How long the answer to a waking callback is held back: by then n8n has marked the execution
 * running, so a repeat sent after this answer finds it running and is refused by n8n itself.
 */
const ANSWER_AFTER_MS = 1000;

/** Executions this process is waking: a repeat arriving here meanwhile does nothing. */
const waking = new Set<string>();

export async function resumeOnCallback(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const response = this.getResponseObject();
	const answer = (status: number, body: object): IWebhookResponseData => {
		response.status(status).json(body);
		return { noWebhookResponse: true };
	};
	const callback = readJobCallback(this);
	if ('refusal' in callback)
		return answer(callback.refusal.status, { received: false, ...callback.refusal });
	const state = waitingState(this);
	if (!state?.jobs.some((job) => job.jobId === callback.jobId)) {
		return answer(403, { received: false, reason: 'not a job this execution waits for' });
	}
	const executionId = this.getExecutionId();
	const wakes = ENDED.includes(callback.status as JobStatus) && callback.jobId === state.waker;
	if (!wakes || waking.has(executionId)) return answer(200, { received: true, resumed: false });

	waking.add(executionId);
	void sleep(ANSWER_AFTER_MS).then(() => {
		waking.delete(executionId);
		if (!response.headersSent) response.status(200).json({ received: true, resumed: true });
	});
	// Nothing to pass on: the node's next run reads the jobs' statuses and produces the items.
	return { noWebhookResponse: true, workflowData: [[]] };
}
