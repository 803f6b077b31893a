/**
 * A Symbl-compatible HTTP server on loopback, for tests, the demo and benchmarks. It models
 * the calls and parameters the package uses, and its behaviour comes from one table:
 * contract.ts (shown, with the sources of every row, in docs/symbl-contract.md). By default
 * it is Symbl as documented, for a trial account; options.ts names each deviation (all off).
 * It records every request (bodies are hashed while they stream in, never kept).
 *
 * One file per concern: auth.ts (tokens), uploads.ts + parameters.ts (uploads of files,
 * URLs and text, and their 400/429 answers), jobs.ts (job lifecycle and callbacks), downloads.ts
 * (a URL upload's recording, fetched from loopback only), results.ts
 * (Conversation API lists), conversation.ts (a conversation's metadata, analytics, transcript,
 * deletion), conversationParameters.ts (what the Conversation calls take), faults.ts (failures
 * tests inject); this file routes requests and owns the server.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { authenticate, generateToken } from './auth';
import type { DownloadRecord } from './downloads';
import type { InjectedFailure } from './faults';
import { Faults } from './faults';
import type { Reply, Route } from './http';
import { drain, epochMs, HttpError, parseQuery, readJson, redactHeaders, sendJson } from './http';
import { JobRunner } from './jobs';
import type {
	CallbackRecord,
	Conversation,
	EmulatorState,
	Job,
	JobInput,
	RecordedRequest,
} from './model';
import { newConversationId } from './model';
import type { EmulatorOptions, ResolvedOptions } from './options';
import { resolveOptions } from './options';
import { analytics, deleteConversation, getConversation, transcript } from './conversation';
import { conversationResult, listConversations } from './results';
import { uploadRoutes } from './uploads';

export class SymblEmulator implements EmulatorState {
	readonly requests: RecordedRequest[] = [];

	readonly conversations = new Map<string, Conversation>();

	readonly jobs = new Map<string, Job>();

	readonly tokens = new Map<string, number>();

	readonly options: ResolvedOptions;

	/** Called with each request once it has been answered (the CLI logs them). */
	onRecorded?: (record: RecordedRequest) => void;

	private readonly faults = new Faults();

	private readonly runner = new JobRunner(this, () => this.server !== undefined);

	private server?: Server;

	private readonly routes: Route[] = [
		{
			method: 'POST',
			path: /^\/oauth2\/token:generate$/,
			authenticated: false,
			handle: async (req, record) => generateToken(this, await readJson(req, record)),
		},
		...uploadRoutes(this, {
			fails: (job) => this.faults.failJobs(job),
			start: (job, into) => this.runner.schedule(job, into),
			create: () => this.createConversation(),
		}),
		{
			method: 'GET',
			path: /^\/v1\/job\/([^/]+)$/,
			handle: async (_r, _c, [id]) => this.runner.getJob(id),
		},
		{ method: 'GET', path: /^\/v1\/conversations$/, handle: async () => listConversations(this) },
		// Conversation operations (issue 11, item 5): before the list route, which would take
		// /analytics for a list.
		{
			method: 'GET',
			path: /^\/v1\/conversations\/([^/]+)$/,
			handle: async (_req, _record, [id]) => getConversation(this, id),
		},
		{
			method: 'DELETE',
			path: /^\/v1\/conversations\/([^/]+)$/,
			handle: async (_req, _record, [id]) => deleteConversation(this, id),
		},
		{
			method: 'GET',
			path: /^\/v1\/conversations\/([^/]+)\/analytics$/,
			handle: async (_req, _record, [id]) => analytics(this, id),
		},
		{
			method: 'POST',
			path: /^\/v1\/conversations\/([^/]+)\/transcript$/,
			handle: async (req, record, [id]) => {
				record.json = await readJson(req, record);
				return transcript(this, id, record.json);
			},
		},
		{
			method: 'GET',
			path: /^\/v1\/conversations\/([^/]+)\/([a-z-]+)$/,
			handle: async (_req, record, [id, path]) => conversationResult(this, id, path, record.query),
		},
	];

	constructor(options: EmulatorOptions = {}) {
		this.options = resolveOptions(options);
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

	/** Every callback sent, delivered or not. */
	get callbacks(): CallbackRecord[] {
		return this.runner.callbacks;
	}

	/** Called with every callback once it was sent, failed or held. */
	onCallback(listener: (record: CallbackRecord) => void): void {
		this.runner.onCallback(listener);
	}

	/** Every download of a URL upload's recording (from loopback only), in the order they ended. */
	get downloads(): DownloadRecord[] {
		return this.runner.downloads;
	}

	/** Called with each download once it has ended (the CLI logs them). */
	set onDownloaded(listener: ((record: DownloadRecord) => void) | undefined) {
		this.runner.onDownloaded = listener;
	}

	/** Decides which accepted uploads end as a failed job (none by default). */
	get failJobs(): (job: JobInput) => boolean {
		return this.faults.failJobs;
	}

	set failJobs(decide: (job: JobInput) => boolean) {
		this.faults.failJobs = decide;
	}

	async start(): Promise<string> {
		this.server = createServer((req, res) => {
			this.handle(req, res).catch((error) => {
				if (!res.headersSent) sendJson(res, 500, { statusCode: 500, message: String(error) });
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
		this.runner.stop();
		if (!this.server) return;
		const server = this.server;
		this.server = undefined;
		server.closeAllConnections();
		await new Promise<void>((resolve) => server.close(() => resolve()));
	}

	/** Accepted uploads and rejected ones alike (video, audio, URLs, text): every /v1/process/… */
	uploads(): RecordedRequest[] {
		return this.requests.filter((request) => request.path.startsWith('/v1/process/'));
	}

	tokenRequests(): RecordedRequest[] {
		return this.requests.filter((request) => request.path === '/oauth2/token:generate');
	}

	failNext(failure: InjectedFailure): void {
		this.faults.failNext(failure);
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
		return this.runner.waitForCallback(match, timeoutMs);
	}

	createConversation(id = newConversationId()): Conversation {
		const conversation: Conversation = {
			id,
			jobIds: [],
			completedRecordings: [],
			summaryEnabled: false,
			trackers: [],
			entities: [],
		};
		this.conversations.set(id, conversation);
		return conversation;
	}

	reset(): void {
		this.requests.length = 0;
		this.conversations.clear();
		this.jobs.clear();
		this.tokens.clear();
		this.faults.reset();
		this.runner.reset();
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
			receivedAt: performance.now(),
			arrivedAt: epochMs(),
			status: 0,
		};
		this.requests.push(record);
		const respond = (status: number, body: unknown) => {
			record.status = status;
			sendJson(res, status, body);
			this.onRecorded?.(record);
		};

		try {
			const injected = this.faults.take(record);
			if (injected && !this.faults.throttle(injected, req)) {
				await this.faults.apply(injected, req, res, record);
				this.onRecorded?.(record);
				return;
			}
			const { status, body } = await this.route(req, record);
			respond(status, body);
		} catch (error) {
			await drain(req);
			if (error instanceof HttpError) {
				respond(error.status, { statusCode: error.status, message: error.message });
			} else {
				respond(500, { statusCode: 500, message: 'Internal emulator error' });
			}
		}
	}

	private async route(req: IncomingMessage, record: RecordedRequest): Promise<Reply> {
		for (const route of this.routes) {
			const match = route.method === record.method ? route.path.exec(record.path) : null;
			if (!match) continue;
			if (route.authenticated !== false) authenticate(this, req);
			const params = match
				.slice(1)
				.map((part) => (part === undefined ? part : decodeURIComponent(part)));
			return await route.handle(req, record, params);
		}
		throw new HttpError(404, `No route for ${record.method} ${record.path}`);
	}
}
