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
}

export interface RecordedRequest {
	method: string;
	path: string;
	query: Record<string, string | string[]>;
	/** Request headers with credentials redacted. */
	headers: Record<string, string | string[] | undefined>;
	bodyBytes: number;
	bodySha256: string;
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
}

interface Job {
	id: string;
	conversationId: string;
	status: 'scheduled' | 'in_progress' | 'completed' | 'failed';
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

	private failures: InjectedFailure[] = [];

	private server?: Server;

	private readonly options: Required<EmulatorOptions>;

	constructor(options: EmulatorOptions = {}) {
		this.options = {
			host: '127.0.0.1',
			port: 0,
			appId: EMULATOR_APP_ID,
			appSecret: EMULATOR_APP_SECRET,
			tokenLifetimeSeconds: 86400,
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

	createConversation(id = newConversationId()): Conversation {
		const conversation = { id, jobIds: [] };
		this.conversations.set(id, conversation);
		return conversation;
	}

	reset(): void {
		this.requests.length = 0;
		this.conversations.clear();
		this.jobs.clear();
		this.tokens.clear();
		this.failures = [];
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
			status: 0,
		};
		this.requests.push(record);
		const respond = (status: number, body: unknown) => {
			record.status = status;
			this.send(res, status, body);
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
			return { status: 200, body: { conversations: [...this.conversations.values()].map(({ id, name }) => ({ id, name })) } };
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
		if (body.type !== 'application' || body.appId !== this.appId || body.appSecret !== this.appSecret) {
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
		const contentType = String(req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
		if (contentType !== 'video/mp4') {
			throw new HttpError(400, `Unsupported Content-Type "${contentType}"; expected video/mp4`);
		}
		await hashBody(req, record);
		if (record.bodyBytes === 0) throw new HttpError(400, 'The request body is empty');
		if (typeof record.query.name === 'string') conversation.name = record.query.name;
		const job: Job = { id: randomUUID(), conversationId: conversation.id, status: 'scheduled' };
		this.jobs.set(job.id, job);
		conversation.jobIds.push(job.id);
		return { status: 201, body: { conversationId: conversation.id, jobId: job.id } };
	}

	private send(res: ServerResponse, status: number, body: unknown): void {
		const text = JSON.stringify(body);
		res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
		res.end(text);
	}
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
	const hash = createHash('sha256');
	for await (const chunk of req) {
		hash.update(chunk as Buffer);
		record.bodyBytes += (chunk as Buffer).length;
	}
	record.bodySha256 = hash.digest('hex');
}

async function readJson(req: IncomingMessage, record: RecordedRequest): Promise<Record<string, unknown>> {
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
