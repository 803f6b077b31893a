/**
 * Uploads, as the contract table's upload rows say. Each answers `{conversationId, jobId}` and
 * starts a job; at most `concurrentJobLimit` unfinished jobs per account (429 past it).
 * - Video and audio files (`POST /v1/process/{video|audio}`, `PUT …/{conversationId}`): the raw
 *   file as the body, processing parameters in the query (checked by parameters.ts). Video needs
 *   `Content-Type: video/mp4`; audio may go without a Content-Type, or with one of the four the
 *   audio pages list, and needs a Content-Length.
 * - URLs (`POST /v1/process/{video|audio}/url`, `PUT …/url/{conversationId}`): a JSON body
 *   `{url, …processing parameters}`.
 * - Text (`POST /v1/process/text`, `PUT …/{conversationId}`): a JSON body `{messages, …}` with the
 *   parameters the text calls list.
 * A file upload's recording is its body. A URL upload's job downloads its recording when it starts
 * (downloads.ts: from loopback only). The emulator never decodes a recording.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

import { AUDIO_CONTENT_TYPES, TEXT_PARAMETER_NAMES } from './contract';
import type { Reply, Route } from './http';
import { hashBody, HttpError, readJson } from './http';
import type { Conversation, EmulatorState, Job, JobInput, RecordedRequest } from './model';
import { bodyParameters, checkProcessingParameters } from './parameters';

export interface UploadHooks {
	/** Whether this upload's job ends as failed (a fault a test injected). */
	fails(job: JobInput): boolean;
	start(job: Job, conversation: Conversation): void;
	/** A new conversation. */
	create(): Conversation;
}

/** A transcript sent as text can be long; Symbl documents no limit, the emulator stops at 16 MiB. */
const MAX_UPLOAD_JSON = 16 * 1024 * 1024;

type FileKind = 'video' | 'audio';

export function unfinishedJobs(state: EmulatorState): number {
	let count = 0;
	for (const job of state.jobs.values()) {
		if (job.status === 'scheduled' || job.status === 'in_progress') count++;
	}
	return count;
}

/** The request's Content-Type (no parameters), checked against what the call takes ('' for none). */
function requireContentType(
	req: IncomingMessage,
	allowed: readonly string[],
	expected: string,
): void {
	const contentType = String(req.headers['content-type'] ?? '')
		.split(';')[0]
		.trim()
		.toLowerCase();
	if (!allowed.includes(contentType)) {
		throw new HttpError(400, `Unsupported Content-Type "${contentType}"; expected ${expected}`);
	}
}

function assertUnderJobLimit(state: EmulatorState): void {
	const limit = state.options.concurrentJobLimit;
	if (unfinishedJobs(state) >= limit) {
		throw new HttpError(
			429,
			`This account may run at most ${limit} concurrent jobs; wait for one to finish, then retry`,
		);
	}
}

/** Where an upload goes: a new conversation (made only once the upload is accepted) or one named. */
type Target = () => Conversation;

/** One upload request: where it goes, and what the emulator needs to answer it. */
interface Upload {
	state: EmulatorState;
	req: IncomingMessage;
	record: RecordedRequest;
	target: Target;
	hooks: UploadHooks;
}

/** A job for an accepted upload, whose (checked) parameters are in query form. */
function startJob(
	{ state, record, target, hooks }: Upload,
	query: Record<string, string | string[]>,
	source?: Job['source'],
): Reply {
	const conversation = target();
	if (typeof query.name === 'string') conversation.name = query.name;
	if (query.enableSummary === 'true') conversation.summaryEnabled = true;
	const job: Job = {
		id: randomUUID(),
		conversationId: conversation.id,
		status: 'scheduled',
		webhookUrl: typeof query.webhookUrl === 'string' ? query.webhookUrl : undefined,
		bytes: record.bodyBytes,
		query,
		fails: hooks.fails({ conversationId: conversation.id, query, bodySha256: record.bodySha256 }),
		...(source ? { source } : {}),
	};
	state.jobs.set(job.id, job);
	conversation.jobIds.push(job.id);
	hooks.start(job, conversation);
	return { status: 201, body: { conversationId: conversation.id, jobId: job.id } };
}

async function acceptFile(kind: FileKind, upload: Upload): Promise<Reply> {
	const { state, req, record } = upload;
	if (kind === 'video') requireContentType(req, ['video/mp4'], 'video/mp4');
	if (kind === 'audio') {
		requireContentType(
			req,
			['', ...AUDIO_CONTENT_TYPES],
			`${AUDIO_CONTENT_TYPES.join(', ')} or no Content-Type`,
		);
		if (req.headers['content-length'] === undefined) {
			throw new HttpError(400, 'Content-Length is required');
		}
	}
	checkProcessingParameters(record.query);
	assertUnderJobLimit(state);
	await hashBody(req, record, state.options.hashBodies);
	if (record.bodyBytes === 0) throw new HttpError(400, 'The request body is empty');
	return startJob(upload, record.query);
}

const isObject = (value: unknown): value is Record<string, unknown> =>
	value !== null && typeof value === 'object' && !Array.isArray(value);

function checkUrl(url: unknown): void {
	let parsed: URL | undefined;
	try {
		parsed = typeof url === 'string' ? new URL(url) : undefined;
	} catch {
		parsed = undefined;
	}
	if (!parsed || !/^https?:$/.test(parsed.protocol)) {
		throw new HttpError(400, '"url" must be an absolute http(s) URL');
	}
}

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;

/** The first problem of one message, as the text pages document a message. */
function messageProblem(message: unknown): string | undefined {
	if (!isObject(message)) return 'must be an object';
	const { payload, from, duration } = message;
	if (!isObject(payload) || typeof payload.content !== 'string' || payload.content.trim() === '') {
		return 'needs a payload with a non-empty content';
	}
	if (from !== undefined) {
		if (!isObject(from)) return 'has a "from" that is not an object';
		for (const key of ['name', 'userId']) {
			if (from[key] !== undefined && typeof from[key] !== 'string')
				return `has a non-text from.${key}`;
		}
	}
	if (duration !== undefined) {
		if (!isObject(duration)) return 'has a "duration" that is not an object';
		for (const key of ['startTime', 'endTime']) {
			const time = duration[key];
			if (time !== undefined && (typeof time !== 'string' || !ISO_DATE_TIME.test(time))) {
				return `has a duration.${key} that is not an ISO 8601 date-time`;
			}
		}
	}
	return undefined;
}

function checkMessages(messages: unknown): void {
	if (!Array.isArray(messages) || messages.length === 0) {
		throw new HttpError(400, '"messages" must be a list of at least one message');
	}
	for (const [index, message] of messages.entries()) {
		const problem = messageProblem(message);
		if (problem) throw new HttpError(400, `Invalid "messages": message ${index + 1} ${problem}`);
	}
}

/** A URL upload (`kind` video or audio: the recording it names) or a text upload. */
async function acceptJson(kind: FileKind | 'text', upload: Upload): Promise<Reply> {
	const { state, req, record } = upload;
	requireContentType(req, ['application/json'], 'application/json');
	const body = await readJson(req, record, MAX_UPLOAD_JSON);
	record.json = body;
	if (kind === 'text') {
		checkMessages(body.messages);
		const query = bodyParameters(body, TEXT_PARAMETER_NAMES);
		assertUnderJobLimit(state);
		return startJob(upload, query);
	}
	checkUrl(body.url);
	const query = bodyParameters(body);
	assertUnderJobLimit(state);
	return startJob(upload, query, { kind, url: body.url as string });
}

/** The upload routes; a PUT to an unknown conversation is answered 404. */
export function uploadRoutes(state: EmulatorState, hooks: UploadHooks): Route[] {
	const created: Target = () => hooks.create();
	const existing = (id: string): Target => {
		const conversation = state.conversations.get(id);
		if (!conversation) throw new HttpError(404, `Conversation ${id} not found`);
		return () => conversation;
	};
	const upload = (req: IncomingMessage, record: RecordedRequest, target: Target): Upload => ({
		state,
		req,
		record,
		target,
		hooks,
	});
	return [
		{
			method: 'POST',
			path: /^\/v1\/process\/(video|audio)$/,
			handle: async (req, record, [kind]) =>
				await acceptFile(kind as FileKind, upload(req, record, created)),
		},
		{
			method: 'PUT',
			path: /^\/v1\/process\/(video|audio)\/([^/]+)$/,
			handle: async (req, record, [kind, id]) =>
				await acceptFile(kind as FileKind, upload(req, record, existing(id))),
		},
		{
			method: 'POST',
			path: /^\/v1\/process\/(video|audio)\/url$/,
			handle: async (req, record, [kind]) =>
				await acceptJson(kind as FileKind, upload(req, record, created)),
		},
		{
			method: 'PUT',
			path: /^\/v1\/process\/(video|audio)\/url\/([^/]+)$/,
			handle: async (req, record, [kind, id]) =>
				await acceptJson(kind as FileKind, upload(req, record, existing(id))),
		},
		{
			method: 'POST',
			path: /^\/v1\/process\/text$/,
			handle: async (req, record) => await acceptJson('text', upload(req, record, created)),
		},
		{
			method: 'PUT',
			path: /^\/v1\/process\/text\/([^/]+)$/,
			handle: async (req, record, [id]) =>
				await acceptJson('text', upload(req, record, existing(id))),
		},
	];
}
