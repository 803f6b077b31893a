/**
 * Facts about Symbl's API that more than one part of the package relies on (the credential, the
 * Symbl node, the Symbl Trigger; the emulator in tools/ imports them too), so each is stated once.
 */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

export const CREDENTIAL_TYPE = 'symblApi';

export const DEFAULT_SYMBL_BASE_URL = 'https://api.symbl.ai';

/** The credential's base URL without trailing slashes, so paths can be appended safely. */
export function symblBaseUrl(credentials: ICredentialDataDecryptedObject): string {
	const raw = String(credentials.baseUrl ?? '').trim() || DEFAULT_SYMBL_BASE_URL;
	return raw.replace(/\/+$/, '');
}

/** A job's statuses, in the order a job goes through them (GET /v1/job/{id} and the callbacks). */
export const JOB_STATUSES = ['scheduled', 'in_progress', 'completed', 'failed'] as const;

export type JobStatus = (typeof JOB_STATUSES)[number];

/** Symbl's callbacks are a few dozen bytes; anything far larger is not from Symbl. */
export const MAX_CALLBACK_BYTES = 16 * 1024;

/**
 * Query names the Symbl node adds to the webhook URL it gives Symbl, and the Symbl Trigger reads
 * back: Symbl's callback body carries only the job ID and status.
 */
export const CORRELATION_QUERY = {
	conversationId: 'conversationId',
	correlationKey: 'correlationKey',
	token: 'token',
} as const;
