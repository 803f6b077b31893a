/**
 * Jobs and callbacks, as the contract table's `jobStatus` and `callback` rows and its
 * `callbackStatuses` and `conversationOrder` rules say: each accepted upload is a job that
 * goes scheduled → in_progress → completed (or failed); a conversation's jobs run one after
 * another, in arrival order; every status change is POSTed to the job's webhookUrl as
 * `{jobId, status}` (see options.ts for the blog's `{id, status}`), once: a delivery that fails is
 * recorded and never retried. Also `GET /v1/job/{jobId}`. A URL upload's job downloads its
 * recording when it starts (downloads.ts); a download that does not give a recording fails the job.
 */
import type { DownloadRecord } from './downloads';
import { download } from './downloads';
import type { Reply } from './http';
import { HttpError, isLoopback } from './http';
import type { CallbackRecord, Conversation, EmulatorState, Job, JobStatus } from './model';
import { requestedEntities, requestedTrackers } from './parameters';

export class JobRunner {
	readonly callbacks: CallbackRecord[] = [];

	/** Every download of a URL upload's recording, in the order they ended. */
	readonly downloads: DownloadRecord[] = [];

	/** Called with each download once it has ended (the CLI logs them). */
	onDownloaded?: (record: DownloadRecord) => void;

	/** Aborts the downloads in flight when the emulator stops. */
	private downloadsAbort = new AbortController();

	/** Each conversation's jobs run one after another, in arrival order. */
	private readonly conversationQueues = new Map<string, Promise<void>>();

	private readonly timers = new Set<NodeJS.Timeout>();

	private readonly callbackListeners = new Set<(record: CallbackRecord) => void>();

	constructor(
		private readonly state: EmulatorState,
		private readonly isRunning: () => boolean,
	) {}

	/** scheduled now; in_progress once the conversation's earlier jobs are done; then completed or failed. */
	schedule(job: Job, conversation: Conversation): void {
		const announced = this.after(0).then(() => this.notify(job));
		const previous = this.conversationQueues.get(conversation.id) ?? Promise.resolve();
		const stepMs = this.state.options.jobStepMs;
		const run = Promise.all([previous, announced])
			.then(() => this.after(stepMs))
			.then(() => this.setStatus(job, 'in_progress'))
			.then(() => this.fetchSource(job))
			.then(() => this.after(stepMs))
			.then(() => {
				if (!job.fails) {
					conversation.completedRecordings.push(job.bytes);
					conversation.trackers.push(...requestedTrackers(job.query));
					conversation.entities.push(...requestedEntities(job.query));
				}
				return this.setStatus(job, job.fails ? 'failed' : 'completed');
			})
			.catch(() => undefined);
		this.conversationQueues.set(conversation.id, run);
	}

	/** `GET /v1/job/{jobId}` → `{id, status}`. */
	getJob(jobId: string): Reply {
		const found = this.state.jobs.get(jobId);
		if (!found) throw new HttpError(404, `Job ${jobId} not found`);
		return { status: 200, body: { id: found.id, status: found.status } };
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

	stop(): void {
		for (const timer of this.timers) clearTimeout(timer);
		this.timers.clear();
		this.downloadsAbort.abort();
		this.downloadsAbort = new AbortController();
	}

	reset(): void {
		this.callbacks.length = 0;
		this.downloads.length = 0;
		this.conversationQueues.clear();
	}

	/** A URL upload's recording: downloaded now; the job fails if that gave no recording. */
	private async fetchSource(job: Job): Promise<void> {
		if (!job.source) return;
		const record = await download(
			job.id,
			job.source.kind,
			job.source.url,
			this.downloadsAbort.signal,
		);
		job.download = record;
		if (record.error) job.fails = true;
		else job.bytes = record.bytes;
		this.downloads.push(record);
		this.onDownloaded?.(record);
	}

	private after(ms: number): Promise<void> {
		return new Promise((resolve, reject) => {
			if (!this.isRunning()) return reject(new Error('stopped'));
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
		const { blogCallbackShape, callbackIncludesConversationId } = this.state.options;
		const payload: Record<string, string> = blogCallbackShape
			? { id: job.id, status: job.status }
			: { jobId: job.id, status: job.status };
		if (callbackIncludesConversationId) {
			payload.conversationId = job.conversationId;
		}
		const record: CallbackRecord = {
			jobId: job.id,
			conversationId: job.conversationId,
			status: job.status,
			url: job.webhookUrl,
			body: payload,
		};
		if (this.state.options.callbacksNotDelivered) {
			record.held = true;
			this.record(record);
			return;
		}
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
		this.record(record);
	}

	/** Called with every callback once it was sent (or held), e.g. to log it. */
	onCallback(listener: (record: CallbackRecord) => void): void {
		this.callbackListeners.add(listener);
	}

	private record(record: CallbackRecord): void {
		this.callbacks.push(record);
		for (const listener of this.callbackListeners) listener(record);
	}
}
