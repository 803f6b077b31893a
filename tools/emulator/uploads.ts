/**
 * Video uploads: `POST /v1/process/video` (new conversation) and
 * `PUT /v1/process/video/{conversationId}` (append). Raw MP4 body, processing
 * parameters in the query; answers `{conversationId, jobId}` and starts the job.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

import type { Reply } from './http';
import { hashBody, HttpError } from './http';
import type { Conversation, EmulatorState, Job, JobInput, RecordedRequest } from './model';

export interface UploadHooks {
	/** Whether this upload's job ends as failed (a fault a test injected). */
	fails(job: JobInput): boolean;
	start(job: Job, conversation: Conversation): void;
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
	await hashBody(req, record);
	if (record.bodyBytes === 0) throw new HttpError(400, 'The request body is empty');
	if (typeof record.query.name === 'string') conversation.name = record.query.name;
	const webhookUrl =
		typeof record.query.webhookUrl === 'string' ? record.query.webhookUrl : undefined;
	const job: Job = {
		id: randomUUID(),
		conversationId: conversation.id,
		status: 'scheduled',
		webhookUrl,
		bytes: record.bodyBytes,
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
