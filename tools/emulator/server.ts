/**
 * A Symbl-compatible HTTP server on loopback, for tests, the demo and benchmarks.
 * It implements the parts of Symbl's contract the package uses and records every
 * request (bodies are hashed while they stream in, never kept).
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface EmulatorOptions {
	host?: string;
	port?: number;
	appId?: string;
	appSecret?: string;
	/** Lifetime of issued tokens; Symbl's default is one day. */
	tokenLifetimeSeconds?: number;
	/** Time between a job's status changes (scheduled → in_progress → completed). */
	jobStepMs?: number;
	/** Symbl's brief shows conversationId in callbacks; newer docs only jobId and status. */
	callbackIncludesConversationId?: boolean;
}

export type JobStatus = 'scheduled' | 'in_progress' | 'completed' | 'failed';

export interface CallbackRecord {
	jobId: string;
	conversationId: string;
	status: JobStatus;
	url: string;
	/** The HTTP status the webhook answered, or the delivery error. */
	deliveredStatus?: number;
	error?: string;
}

export interface JobInput {
	conversationId: string;
	query: Record<string, string | string[]>;
	bodySha256: string;
}

export interface RecordedRequest {
	method: string;
	path: string;
	query: Record<string, string | string[]>;
	/** Request headers with credentials redacted. */
	headers: Record<string, string | string[] | undefined>;
	bodyBytes: number;
	bodySha256: string;
	/** From the request's arrival to the last body byte (the emulator's own throughput). */
	bodyMs: number;
	status: number;
}

export interface InjectedFailure {
	method?: string;
	/** Matches the request path. */
	path: RegExp;
	status: number;
	message: string;
	/** How many matching requests fail; then the failure is gone. */
	times?: number;
}

interface Conversation {
	id: string;
	name?: string;
	jobIds: string[];
	/** Bytes of each recording whose job completed, in order. */
	completedRecordings: number[];
}

interface Job {
	id: string;
	conversationId: string;
	status: JobStatus;
	webhookUrl?: string;
	fails: boolean;
	bytes: number;
}

const SECRET_HEADERS = new Set(['authorization', 'x-api-key']);
const MAX_JSON_BODY = 64 * 1024;

export const EMULATOR_APP_ID = 'emulator-app-id';
export const EMULATOR_APP_SECRET = 'emulator-app-secret';

class HttpError extends Error {
	constructor(
		readonly status: number,
		message: string,
	) {
		super(message);
	}
}

export class SymblEmulator {
	readonly requests: RecordedRequest[] = [];

	readonly conversations = new Map<string, Conversation>();

	readonly jobs = new Map<string, Job>();

	/** Every token ever issued, with its expiry (ms since epoch). */
	readonly tokens = new Map<string, number>();

	readonly callbacks: CallbackRecord[] = [];

	/** Called with each request once it has been answered (the CLI logs them). */
	onRecorded?: (record: RecordedRequest) => void;

	/** Decides which accepted uploads end as a failed job (none by default). */
	failJobs: (job: JobInput) => boolean = () => false;

	private failures: InjectedFailure[] = [];

	/** Each conversation's jobs run one after another, in arrival order. */
	private readonly conversationQueues = new Map<string, Promise<void>>();

	private readonly timers = new Set<NodeJS.Timeout>();

	private readonly callbackListeners = new Set<(record: CallbackRecord) => void>();

	private server?: Server;

	private readonly options: Required<EmulatorOptions>;

	constructor(options: EmulatorOptions = {}) {
		this.options = {
			host: '127.0.0.1',
			port: 0,
			appId: EMULATOR_APP_ID,
			appSecret: EMULATOR_APP_SECRET,
			tokenLifetimeSeconds: 86400,
			jobStepMs: 1000,
			callbackIncludesConversationId: true,
			...options,
		};
	}

	get appId() {
		return this.options.appId;
	}

	get appSecret() {
		return this.options.appSecret;
	}

	get baseUrl(): string {
		if (!this.server) throw new Error('The emulator is not running');
		const { port } = this.server.address() as AddressInfo;
		return `http://${this.options.host}:${port}`;
	}

	set tokenLifetimeSeconds(seconds: number) {
		this.options.tokenLifetimeSeconds = seconds;
	}

	async start(): Promise<string> {
		this.server = createServer((req, res) => {
			this.handle(req, res).catch((error) => {
				if (!res.headersSent) this.send(res, 500, { statusCode: 500, message: String(error) });
				else res.destroy();
			});
		});
		this.server.keepAliveTimeout = 1000;
		await new Promise<void>((resolve, reject) => {
			this.server!.once('error', reject);
			this.server!.listen(this.options.port, this.options.host, resolve);
		});
		return this.baseUrl;
	}

	async stop(): Promise<void> {
		for (const timer of this.timers) clearTimeout(timer);
		this.timers.clear();
		if (!this.server) return;
		const server = this.server;
		this.server = undefined;
		server.closeAllConnections();
		await new Promise<void>((resolve) => server.close(() => resolve()));
	}

	/** Accepted video uploads and rejected ones alike: every request to /v1/process/video… */
	uploads(): RecordedRequest[] {
		return this.requests.filter((request) => request.path.startsWith('/v1/process/video'));
	}

	tokenRequests(): RecordedRequest[] {
		return this.requests.filter((request) => request.path === '/oauth2/token:generate');
	}

	failNext(failure: InjectedFailure): void {
		this.failures.push({ times: 1, ...failure });
	}

	/** Makes every issued token expire now, as if a day had passed. */
	expireAllTokens(): void {
		for (const token of this.tokens.keys()) this.tokens.set(token, 0);
	}

	/** Resolves with the first callback that matches, delivered or not. */
	waitForCallback(
		match: (record: CallbackRecord) => boolean,
		timeoutMs = 10_000,
	): Promise<CallbackRecord> {
		const seen = this.callbacks.find(match);
		if (seen) return Promise.resolve(seen);
		return new Promise((resolve, reject) => {
			const timer = setTimeout(() => {
				this.callbackListeners.delete(listener);
				reject(new Error('No matching callback in time'));
			}, timeoutMs);
			const listener = (record: CallbackRecord) => {
				if (!match(record)) return;
				clearTimeout(timer);
				this.callbackListeners.delete(listener);
				resolve(record);
			};
			this.callbackListeners.add(listener);
		});
	}

	createConversation(id = newConversationId()): Conversation {
		const conversation: Conversation = { id, jobIds: [], completedRecordings: [] };
		this.conversations.set(id, conversation);
		return conversation;
	}

	reset(): void {
		this.requests.length = 0;
		this.conversations.clear();
		this.jobs.clear();
		this.tokens.clear();
		this.failures = [];
		this.callbacks.length = 0;
		this.conversationQueues.clear();
	}

	private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const url = new URL(req.url ?? '/', 'http://emulator');
		const record: RecordedRequest = {
			method: req.method ?? 'GET',
			path: url.pathname,
			query: parseQuery(url.searchParams),
			headers: redactHeaders(req.headers),
			bodyBytes: 0,
			bodySha256: '',
			bodyMs: 0,
			status: 0,
		};
		this.requests.push(record);
		const respond = (status: number, body: unknown) => {
			record.status = status;
			this.send(res, status, body);
			this.onRecorded?.(record);
		};

		try {
			const injected = this.takeFailure(record);
			if (injected) {
				req.resume();
				respond(injected.status, { statusCode: injected.status, message: injected.message });
				return;
			}
			const { status, body } = await this.route(req, url, record);
			respond(status, body);
		} catch (error) {
			req.resume();
			if (error instanceof HttpError) {
				respond(error.status, { statusCode: error.status, message: error.message });
			} else {
				respond(500, { statusCode: 500, message: 'Internal emulator error' });
			}
		}
	}

	private takeFailure(record: RecordedRequest): InjectedFailure | undefined {
		const index = this.failures.findIndex(
			(failure) =>
				(!failure.method || failure.method === record.method) && failure.path.test(record.path),
		);
		if (index === -1) return undefined;
		const failure = this.failures[index];
		failure.times = (failure.times ?? 1) - 1;
		if (failure.times <= 0) this.failures.splice(index, 1);
		return failure;
	}

	private async route(
		req: IncomingMessage,
		url: URL,
		record: RecordedRequest,
	): Promise<{ status: number; body: unknown }> {
		const method = req.method ?? 'GET';
		const path = url.pathname;

		if (method === 'POST' && path === '/oauth2/token:generate') {
			return this.generateToken(await readJson(req, record));
		}

		this.authenticate(req);

		if (method === 'POST' && path === '/v1/process/video') {
			return await this.acceptVideo(req, record, this.createConversation());
		}
		const append = /^\/v1\/process\/video\/([^/]+)$/.exec(path);
		if (method === 'PUT' && append) {
			const conversation = this.conversations.get(decodeURIComponent(append[1]));
			if (!conversation) throw new HttpError(404, `Conversation ${append[1]} not found`);
			return await this.acceptVideo(req, record, conversation);
		}
		if (method === 'GET' && path === '/v1/conversations') {
			return {
				status: 200,
				body: {
					conversations: [...this.conversations.values()].map(({ id, name }) => ({ id, name })),
				},
			};
		}
		const conversationPath = /^\/v1\/conversations\/([^/]+)(?:\/([a-z-]+))?$/.exec(path);
		if (method === 'GET' && conversationPath) {
			const conversation = this.conversations.get(decodeURIComponent(conversationPath[1]));
			if (!conversation) throw new HttpError(404, `Conversation ${conversationPath[1]} not found`);
			return { status: 200, body: conversationResults(conversation, conversationPath[2]) };
		}
		const job = /^\/v1\/job\/([^/]+)$/.exec(path);
		if (method === 'GET' && job) {
			const found = this.jobs.get(decodeURIComponent(job[1]));
			if (!found) throw new HttpError(404, `Job ${job[1]} not found`);
			return { status: 200, body: { id: found.id, status: found.status } };
		}
		throw new HttpError(404, `No route for ${method} ${path}`);
	}

	private generateToken(body: Record<string, unknown>): { status: number; body: unknown } {
		if (
			body.type !== 'application' ||
			body.appId !== this.appId ||
			body.appSecret !== this.appSecret
		) {
			throw new HttpError(401, 'Unauthorized: invalid appId or appSecret');
		}
		const accessToken = `emu.${randomBytes(24).toString('base64url')}`;
		const expiresIn = this.options.tokenLifetimeSeconds;
		this.tokens.set(accessToken, Date.now() + expiresIn * 1000);
		return { status: 200, body: { accessToken, expiresIn } };
	}

	private authenticate(req: IncomingMessage): void {
		const header = req.headers.authorization;
		const token =
			typeof header === 'string' && header.startsWith('Bearer ')
				? header.slice('Bearer '.length)
				: (req.headers['x-api-key'] as string | undefined);
		const expiresAt = token ? this.tokens.get(token) : undefined;
		if (expiresAt === undefined) throw new HttpError(401, 'Token is missing or invalid');
		if (expiresAt <= Date.now()) throw new HttpError(401, 'Token has expired');
	}

	private async acceptVideo(
		req: IncomingMessage,
		record: RecordedRequest,
		conversation: Conversation,
	): Promise<{ status: number; body: unknown }> {
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
			fails: this.failJobs({
				conversationId: conversation.id,
				query: record.query,
				bodySha256: record.bodySha256,
			}),
		};
		this.jobs.set(job.id, job);
		conversation.jobIds.push(job.id);
		this.schedule(job, conversation);
		return { status: 201, body: { conversationId: conversation.id, jobId: job.id } };
	}

	/** scheduled now; in_progress once the conversation's earlier jobs are done; then completed or failed. */
	private schedule(job: Job, conversation: Conversation): void {
		const announced = this.after(0).then(() => this.notify(job));
		const previous = this.conversationQueues.get(conversation.id) ?? Promise.resolve();
		const run = Promise.all([previous, announced])
			.then(() => this.after(this.options.jobStepMs))
			.then(() => this.setStatus(job, 'in_progress'))
			.then(() => this.after(this.options.jobStepMs))
			.then(() => {
				if (!job.fails) conversation.completedRecordings.push(job.bytes);
				return this.setStatus(job, job.fails ? 'failed' : 'completed');
			})
			.catch(() => undefined);
		this.conversationQueues.set(conversation.id, run);
	}

	private after(ms: number): Promise<void> {
		return new Promise((resolve, reject) => {
			if (!this.server) return reject(new Error('stopped'));
			const timer = setTimeout(() => {
				this.timers.delete(timer);
				resolve();
			}, ms);
			this.timers.add(timer);
		});
	}

	private async setStatus(job: Job, status: JobStatus): Promise<void> {
		job.status = status;
		await this.notify(job);
	}

	/** POSTs the job's status to its webhook; a failed delivery is recorded, never fatal. */
	private async notify(job: Job): Promise<void> {
		if (!job.webhookUrl) return;
		const payload: Record<string, string> = { jobId: job.id, status: job.status };
		if (this.options.callbackIncludesConversationId) payload.conversationId = job.conversationId;
		const record: CallbackRecord = {
			jobId: job.id,
			conversationId: job.conversationId,
			status: job.status,
			url: job.webhookUrl,
		};
		try {
			if (!isLoopback(job.webhookUrl)) {
				throw new Error('not delivered: the emulator calls back to loopback addresses only');
			}
			const response = await fetch(job.webhookUrl, {
				method: 'POST',
				headers: { 'Content-Type': 'application/json' },
				body: JSON.stringify(payload),
				signal: AbortSignal.timeout(5000),
			});
			await response.arrayBuffer();
			record.deliveredStatus = response.status;
		} catch (error) {
			record.error = (error as Error).message;
		}
		this.callbacks.push(record);
		for (const listener of this.callbackListeners) listener(record);
	}

	private send(res: ServerResponse, status: number, body: unknown): void {
		const text = JSON.stringify(body);
		res.writeHead(status, {
			'Content-Type': 'application/json',
			'Content-Length': Buffer.byteLength(text),
		});
		res.end(text);
	}
}

/** Canned results, shaped like Symbl's: one transcript message per completed recording. */
function conversationResults(conversation: Conversation, resource?: string): unknown {
	const done = conversation.completedRecordings;
	const messages = done.map((bytes, index) => ({
		id: `msg-${index + 1}`,
		text: `Recording ${index + 1} of ${conversation.name ?? conversation.id} (${bytes} bytes) was transcribed.`,
		from: { name: `Speaker ${index + 1}` },
		startTime: new Date(Date.UTC(2026, 0, 1, 10, index * 30)).toISOString(),
	}));
	const hasTranscript = messages.length > 0;
	switch (resource) {
		case undefined:
			return {
				id: conversation.id,
				name: conversation.name ?? conversation.id,
				type: 'meeting',
				jobs: conversation.jobIds.length,
			};
		case 'messages':
			return { messages };
		case 'topics':
			return {
				topics: hasTranscript ? [{ id: 'topic-1', text: 'project timeline', score: 0.8 }] : [],
			};
		case 'action-items':
			return {
				actionItems: hasTranscript
					? [
							{
								id: 'action-1',
								text: 'Send the summary to the team.',
								assignee: { name: 'Speaker 1' },
							},
						]
					: [],
			};
		case 'follow-ups':
			return { followUps: hasTranscript ? [{ id: 'follow-1', text: 'Check in next week.' }] : [] };
		case 'questions':
			return {
				questions: hasTranscript ? [{ id: 'question-1', text: 'Who owns the launch?' }] : [],
			};
		case 'summary':
			return {
				summary: hasTranscript
					? [{ id: 'summary-1', text: `A meeting in ${done.length} part(s).` }]
					: [],
			};
		case 'analytics':
			return { metrics: [{ type: 'total_talk_time', seconds: done.length * 1800 }], members: [] };
		case 'members':
			return { members: messages.map((message) => ({ name: message.from.name })) };
		case 'entities':
			return { entities: [] };
		case 'insights':
			return { insights: [] };
		case 'trackers-detected':
			return { trackers: [] };
		default:
			throw new HttpError(404, `Unknown conversation resource "${resource}"`);
	}
}

function isLoopback(url: string): boolean {
	const { hostname } = new URL(url);
	return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

function newConversationId(): string {
	return String(4_000_000_000_000_000 + Math.floor(Math.random() * 1_000_000_000_000_000));
}

function parseQuery(params: URLSearchParams): Record<string, string | string[]> {
	const query: Record<string, string | string[]> = {};
	for (const key of new Set(params.keys())) {
		const values = params.getAll(key);
		query[key] = values.length === 1 ? values[0] : values;
	}
	return query;
}

function redactHeaders(headers: IncomingMessage['headers']): RecordedRequest['headers'] {
	const copy: RecordedRequest['headers'] = {};
	for (const [name, value] of Object.entries(headers)) {
		copy[name] = SECRET_HEADERS.has(name) ? '<redacted>' : value;
	}
	return copy;
}

/** Hashes and counts the body as it streams in; nothing is kept in memory. */
async function hashBody(req: IncomingMessage, record: RecordedRequest): Promise<void> {
	const started = performance.now();
	const hash = createHash('sha256');
	for await (const chunk of req) {
		hash.update(chunk as Buffer);
		record.bodyBytes += (chunk as Buffer).length;
	}
	record.bodySha256 = hash.digest('hex');
	record.bodyMs = performance.now() - started;
}

async function readJson(
	req: IncomingMessage,
	record: RecordedRequest,
): Promise<Record<string, unknown>> {
	const chunks: Buffer[] = [];
	for await (const chunk of req) {
		record.bodyBytes += (chunk as Buffer).length;
		if (record.bodyBytes > MAX_JSON_BODY) throw new HttpError(413, 'Body too large');
		chunks.push(chunk as Buffer);
	}
	try {
		const parsed = JSON.parse(Buffer.concat(chunks).toString('utf8'));
		if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed;
	} catch {
		// fall through
	}
	throw new HttpError(400, 'Body must be a JSON object');
}
