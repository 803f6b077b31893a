/**
 * How an emulator is set up. With no options it follows Symbl's documented contract
 * (tools/emulator/contract.ts, docs/symbl-contract.md) as a trial account would see it.
 * Every way it can differ from the docs is a named option below, off by default.
 */
import { TRIAL_JOB_LIMIT } from './contract';

export const EMULATOR_APP_ID = 'emulator-app-id';
export const EMULATOR_APP_SECRET = 'emulator-app-secret';

export interface EmulatorOptions {
	host?: string;
	port?: number;
	appId?: string;
	appSecret?: string;
	/** Lifetime of issued tokens; Symbl's default is one day. */
	tokenLifetimeSeconds?: number;
	/** Time between a job's status changes (scheduled → in_progress → completed). */
	jobStepMs?: number;
	/**
	 * Jobs per account that may be scheduled or in progress at once; one more upload is
	 * answered 429. Symbl: 2 on a trial account (the default), 50 on a paid one.
	 */
	concurrentJobLimit?: number;
	/**
	 * Hash every upload's body (SHA-256, recorded as bodySha256). The benchmark turns it off: the
	 * hash costs the sink ~0.55 s of CPU per GiB, which made the sink, not the client, the limit.
	 */
	hashBodies?: boolean;

	// Deviations from the documented contract, all off by default.

	/**
	 * Callbacks send `{id, status}` instead of the documented `{jobId, status}`, as Symbl's
	 * blog shows them (and the docs' own sample receiver reads them).
	 */
	blogCallbackShape?: boolean;
	/**
	 * Callbacks also carry `conversationId`. Not documented: the seed brief's response
	 * block was once read as the callback body. Tests a receiver that gets extra fields.
	 */
	callbackIncludesConversationId?: boolean;
	/** trackers-detected answers `{trackers: […]}` instead of the documented bare array. */
	trackersDetectedAsObject?: boolean;
	/**
	 * Callbacks are recorded (and logged by the CLI) as they would be sent, but not sent: a test
	 * sends them itself, when and as often as it wants (duplicates, concurrency, a restart between).
	 */
	callbacksNotDelivered?: boolean;
}

export type ResolvedOptions = Required<EmulatorOptions>;

export function resolveOptions(options: EmulatorOptions): ResolvedOptions {
	return {
		host: '127.0.0.1',
		port: 0,
		appId: EMULATOR_APP_ID,
		appSecret: EMULATOR_APP_SECRET,
		tokenLifetimeSeconds: 86400,
		jobStepMs: 1000,
		concurrentJobLimit: TRIAL_JOB_LIMIT,
		hashBodies: true,
		blogCallbackShape: false,
		callbackIncludesConversationId: false,
		trackersDetectedAsObject: false,
		callbacksNotDelivered: false,
		...options,
	};
}

/** The deviation options, for the docs table and the CLI. */
export const DEVIATIONS = {
	blogCallbackShape: "callbacks are `{id, status}`, as Symbl's blog shows them",
	callbackIncludesConversationId:
		'callbacks also carry `conversationId` (not documented; tests a receiver given extra fields)',
	trackersDetectedAsObject:
		'trackers-detected answers `{trackers: […]}` instead of the documented bare array',
	callbacksNotDelivered:
		'callbacks are recorded (the CLI logs them) but not sent: a test sends them itself, at the timing it chooses',
} as const satisfies Partial<Record<keyof EmulatorOptions, string>>;
