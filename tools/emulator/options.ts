/** How an emulator is set up. */

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
	/** Symbl's brief shows conversationId in callbacks; newer docs only jobId and status. */
	callbackIncludesConversationId?: boolean;
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
		callbackIncludesConversationId: true,
		...options,
	};
}
