/**
 * Reading a Symbl job-status callback: what both the Symbl Trigger and a Symbl node waiting for
 * its job (Resume on Symbl's Callback) receive. Symbl documents the body as exactly
 * {"jobId", "status"}; its blog shows {"id", "status"}.
 */
import type { IDataObject, IHookFunctions, IWebhookFunctions } from 'n8n-workflow';

import type { JobStatus } from './constants';
import { JOB_STATUSES, MAX_CALLBACK_BYTES } from './constants';

/** A query value as one string (express gives an array when a name repeats). */
export function firstString(value: unknown): string | undefined {
	const first = Array.isArray(value) ? value[0] : value;
	return typeof first === 'string' ? first : undefined;
}

/** The callback body as an object, whether n8n already parsed it or left the raw bytes. */
export function parsePayload(body: unknown, rawBody: Buffer | undefined): IDataObject | undefined {
	let value = body;
	const parsedByN8n =
		value !== null &&
		typeof value === 'object' &&
		!Buffer.isBuffer(value) &&
		Object.keys(value).length > 0;
	if (!parsedByN8n) {
		const text = rawBody?.toString('utf8') ?? (typeof body === 'string' ? body : '');
		try {
			value = JSON.parse(text);
		} catch {
			return undefined;
		}
	}
	return value !== null && typeof value === 'object' && !Array.isArray(value)
		? (value as IDataObject)
		: undefined;
}

/** The callback's job and status, or why it is refused (an HTTP status and a reason). */
export function readJobCallback(
	ctx: IWebhookFunctions,
):
	| { jobId: string; status: JobStatus; payload: IDataObject }
	| { refusal: { status: number; reason: string } } {
	const request = ctx.getRequestObject();
	const refuse = (status: number, reason: string) => ({ refusal: { status, reason } });
	const rawBody = (request as unknown as { rawBody?: Buffer }).rawBody;
	const declaredSize = Number(request.headers['content-length'] ?? 0);
	if (declaredSize > MAX_CALLBACK_BYTES || (rawBody?.length ?? 0) > MAX_CALLBACK_BYTES) {
		return refuse(413, 'body too large');
	}
	const payload = parsePayload(request.body, rawBody);
	if (!payload) return refuse(400, 'body must be a JSON object');
	const jobId = payload.jobId ?? payload.id;
	if (typeof jobId !== 'string' || jobId.trim() === '' || jobId.length > 256) {
		return refuse(400, 'jobId must be a non-empty string');
	}
	const { status } = payload;
	if (typeof status !== 'string' || !JOB_STATUSES.includes(status as JobStatus)) {
		return refuse(400, `unknown status ${JSON.stringify(status)}`);
	}
	return { jobId, status: status as JobStatus, payload };
}

/**
 * Symbl keeps no webhook registry: the URL travels with each upload request (the Symbl node's
 * Webhook URL option, or the resume URL of an execution waiting for its jobs), so activating or
 * deactivating a workflow has nothing to register, look up or remove on Symbl's side.
 */
export const nothingToRegister = {
	default: {
		async checkExists(this: IHookFunctions): Promise<boolean> {
			return true;
		},
		async create(this: IHookFunctions): Promise<boolean> {
			return true;
		},
		async delete(this: IHookFunctions): Promise<boolean> {
			return true;
		},
	},
};
