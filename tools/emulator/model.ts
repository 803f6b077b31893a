/** The emulator's state: conversations, jobs, tokens, and the records tests inspect. */
import type { JOB_STATUSES } from '../../nodes/shared/constants';
import type { DownloadRecord, MediaKind } from './downloads';
import type { ResolvedOptions } from './options';

/** Symbl's job statuses; the list itself is the package's (the trigger validates callbacks with it). */
export type JobStatus = (typeof JOB_STATUSES)[number];

export interface Conversation {
	id: string;
	name?: string;
	jobIds: string[];
	/** Bytes of each recording whose job completed, in order. */
	completedRecordings: number[];
	/** Whether an upload asked for a summary (`enableSummary=true`). */
	summaryEnabled: boolean;
	/** Trackers of the uploads whose job completed. */
	trackers: Array<{ name: string; vocabulary: string[] }>;
	/** Custom entities of the uploads whose job completed and that asked for entity detection. */
	entities: CustomEntity[];
}

export interface CustomEntity {
	customType: string;
	text: string;
	value?: string;
}

export interface Job {
	id: string;
	conversationId: string;
	status: JobStatus;
	webhookUrl?: string;
	fails: boolean;
	bytes: number;
	/** The upload's (already checked) processing parameters, in query form (a JSON body's too). */
	query: Record<string, string | string[]>;
	/** A URL upload's recording, downloaded when the job starts (downloads.ts). */
	source?: { kind: MediaKind; url: string };
	/** What that download got. */
	download?: DownloadRecord;
}

/** What the emulator shares with its handlers. */
export interface EmulatorState {
	readonly options: ResolvedOptions;
	readonly conversations: Map<string, Conversation>;
	readonly jobs: Map<string, Job>;
	/** Every token ever issued, with its expiry (ms since epoch). */
	readonly tokens: Map<string, number>;
}

export interface CallbackRecord {
	jobId: string;
	conversationId: string;
	status: JobStatus;
	url: string;
	/** The JSON body POSTed to the webhook. */
	body: Record<string, string>;
	/** The HTTP status the webhook answered, or the delivery error. */
	deliveredStatus?: number;
	error?: string;
	/** Not sent (option callbacksNotDelivered): a test sends it itself. */
	held?: boolean;
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
	/**
	 * A JSON body the emulator parsed — a URL or text upload, the transcript's options — to check
	 * what was sent (never kept for the token call: its body holds the secret).
	 */
	json?: Record<string, unknown>;
	/** From the request's arrival to the last body byte (the emulator's own throughput). */
	bodyMs: number;
	/**
	 * Wall-clock ms (epoch, fractional) at which an upload's first and last body chunks reached
	 * the emulator: the sink's own timing of an upload, comparable with a client's clock.
	 */
	bodyFirstAt?: number;
	bodyLastAt?: number;
	/** When the request arrived (performance.now()), to check waits between attempts. */
	receivedAt: number;
	/** The same moment as wall-clock ms (epoch, fractional). */
	arrivedAt?: number;
	status: number;
}

export function newConversationId(): string {
	return String(4_000_000_000_000_000 + Math.floor(Math.random() * 1_000_000_000_000_000));
}
