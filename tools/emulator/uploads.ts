/**
 * Video uploads, as the contract table's `submitVideo` and `appendVideo` rows say:
 * `POST /v1/process/video` (new conversation) and `PUT /v1/process/video/{conversationId}`
 * (append). Raw MP4 body, processing parameters in the query (checked by parameters.ts),
 * at most `concurrentJobLimit` unfinished jobs per account (429 past it); answers
 * `{conversationId, jobId}` and starts the job.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

import type { Reply } from './http';
import { hashBody, HttpError } from './http';
import type { Conversation, EmulatorState, Job, JobInput, RecordedRequest } from './model';
import { checkProcessingParameters } from './parameters';

export interface UploadHooks {
	/** Whether this upload's job ends as failed (a fault a test injected). */
	fails(job: JobInput): boolean;
	start(job: Job, conversation: Conversation): void;
}

export function unfinishedJobs(state: EmulatorState): number {
	let count = 0;
	for (const job of state.jobs.values()) {
		if (job.status === 'scheduled' || job.status === 'in_progress') count++;
	}
	return count;
}

export async function acceptVideo(
	state: EmulatorState,
	req: IncomingMessage,
	record: RecordedRequest,
	conversation: Conversation,
	hooks: UploadHooks,
): Promise<Reply> {
	const contentType = String(req.headers['content-type'] ?? '')
		.split(';')[0]
		.trim()
		.toLowerCase();
	if (contentType !== 'video/mp4') {
		throw new HttpError(400, `Unsupported Content-Type "${contentType}"; expected video/mp4`);
	}
	checkProcessingParameters(record.query);
	const limit = state.options.concurrentJobLimit;
	if (unfinishedJobs(state) >= limit) {
		throw new HttpError(
			429,
			`This account may run at most ${limit} concurrent jobs; wait for one to finish, then retry`,
		);
	}
	await hashBody(req, record);
	if (record.bodyBytes === 0) throw new HttpError(400, 'The request body is empty');
	if (typeof record.query.name === 'string') conversation.name = record.query.name;
	if (record.query.enableSummary === 'true') conversation.summaryEnabled = true;
	const webhookUrl =
		typeof record.query.webhookUrl === 'string' ? record.query.webhookUrl : undefined;
	const job: Job = {
		id: randomUUID(),
		conversationId: conversation.id,
		status: 'scheduled',
		webhookUrl,
		bytes: record.bodyBytes,
		query: record.query,
		fails: hooks.fails({
			conversationId: conversation.id,
			query: record.query,
			bodySha256: record.bodySha256,
		}),
	};
	state.jobs.set(job.id, job);
	conversation.jobIds.push(job.id);
	hooks.start(job, conversation);
	return { status: 201, body: { conversationId: conversation.id, jobId: job.id } };
}
