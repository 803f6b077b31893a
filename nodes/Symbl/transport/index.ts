/**
 * Every HTTP call to Symbl goes through symblRequest: the credential's base URL and bearer token,
 * an idle timeout, no redirects (the token goes only to the Base URL), retries by the policy in
 * retry.ts, bounded response bodies, and Symbl's errors as NodeApiError without any secret in them.
 *
 * Requests are sent with HTTP errors returned, not thrown, so the status, headers (Retry-After,
 * Location) and body of a failure stay readable. n8n refreshes an expired token only when a
 * request fails with 401, so on a 401 a small authenticated read lets n8n do that, and the
 * request is sent again (an upload from a fresh stream).
 */
import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
	IWebhookFunctions,
} from 'n8n-workflow';

import { CREDENTIAL_TYPE, symblBaseUrl } from '../../shared/constants';
import { isResponseStream, readJson } from './body';
import { pause, throwIfCancelled } from './idle';
import type { HttpFailure, UploadProgress } from './errors';
import {
	answerFailure,
	CODE_MEANINGS,
	connectionFailure,
	readDetail,
	toSymblApiError,
} from './errors';
import type { RequestPolicy } from './retry';
import {
	defaultPolicy,
	isRetryable,
	parseRetryAfter,
	READ_TIMEOUT_MS,
	readRequestPolicy,
	retryDelayMs,
} from './retry';
import type { SeenAnswer } from './watch';

/** What a request needs of n8n: in a node's execute() or in its webhook() (resuming a wait). */
export type SymblContext = IExecuteFunctions | IWebhookFunctions;

export async function getBaseUrl(ctx: SymblContext, itemIndex: number): Promise<string> {
	return symblBaseUrl(await ctx.getCredentials(CREDENTIAL_TYPE, itemIndex));
}

/** A body for one attempt; a stream can be sent only once, so each attempt opens its own. */
export interface OpenedBody {
	body: unknown;
	close?: () => void;
	/** Whether every byte of the body went out; unknown (undefined) when not given. */
	sentWhole?: () => boolean;
	/** How many bytes of the body went out, of how many (a stream whose request was seen). */
	progress?: () => { sentBytes: number; size: number } | undefined;
	/** Symbl's answer as seen on the request itself, even when the HTTP client gave up on it. */
	answer?: () => SeenAnswer | undefined;
	/** Ends the request when nothing moved for idleMs (a stream body); else the client's timeout does. */
	watchIdle?: (idleMs: number) => void;
}

export interface SymblRequest {
	method: IHttpRequestMethods;
	/** Starts with a slash; path segments already encoded. */
	path: string;
	qs?: Record<string, string>;
	/** `false` sends no such header where the HTTP client would add a default (a Content-Type). */
	headers?: Record<string, string | false>;
	openBody?: () => Promise<OpenedBody>;
	policy?: RequestPolicy;
	/** The request starts a Symbl job (an upload): it is never sent twice when it may have. */
	startsJob?: boolean;
	/** What the body is, in error text: a recording ("file") or a JSON body ("request"). */
	bodyKind?: UploadProgress['what'];
	/** Values sent with the request that must never appear in an error (a webhook URL's token). */
	secrets?: string[];
}

async function send(
	ctx: SymblContext,
	options: IHttpRequestOptions,
): Promise<IN8nHttpFullResponse> {
	return (await ctx.helpers.httpRequestWithAuthentication.call(ctx, CREDENTIAL_TYPE, {
		...options,
		json: true,
		encoding: 'stream',
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		disableFollowRedirect: true,
	})) as IN8nHttpFullResponse;
}

const RENEWAL_READ = 'GET /v1/conversations?limit=1';

/** Why the token-renewal read failed, and what that means for the request it was made for. */
interface RenewalFailure {
	text: string;
	/** The credential cannot work (a fresh token refused, or no token issued): stop. */
	final: boolean;
	/** A passing problem (429, 5xx, a broken connection): the request may be tried again. */
	retryable: boolean;
}

/**
 * A small authenticated read that fails with 401 while the token is expired, so n8n fetches a new
 * one (the credential's preAuthentication) before the real request is sent again. Undefined when
 * it succeeded, else what it got: a 401 here comes after n8n issued a new token (n8n renews on the
 * first 401 and reads again); an error without a status is the credential's own (a wrong App ID
 * or Secret, the token endpoint down); any other status or network error says nothing about the
 * token, and must not hide the failure of the request it was made for.
 */
async function renewToken(
	ctx: SymblContext,
	baseUrl: string,
	timeout: number,
): Promise<RenewalFailure | undefined> {
	try {
		await ctx.helpers.httpRequestWithAuthentication.call(ctx, CREDENTIAL_TYPE, {
			method: 'GET',
			url: `${baseUrl}/v1/conversations`,
			qs: { limit: 1 },
			json: true,
			timeout,
			disableFollowRedirect: true,
		});
		return undefined;
	} catch (error) {
		const httpCode = String((error as { httpCode?: unknown }).httpCode ?? '');
		if (/^\d{3}$/.test(httpCode)) {
			const status = Number(httpCode);
			return status === 401
				? {
						text: `Symbl refused a freshly issued token as well (${RENEWAL_READ} answered HTTP 401)`,
						final: true,
						retryable: false,
					}
				: {
						text: `the token could not be renewed (${RENEWAL_READ} answered HTTP ${status})`,
						final: false,
						retryable: isRetryable({ status }),
					};
		}
		const { code, message } = connectionFailure(error);
		if (code) {
			return {
				text: `the token could not be renewed (${RENEWAL_READ}: ${CODE_MEANINGS[code] ?? code})`,
				final: false,
				retryable: isRetryable({ code }),
			};
		}
		return {
			text: `renewing the token failed: ${message ?? 'unknown error'}`,
			final: true,
			retryable: false,
		};
	}
}

/**
 * Sends the request, trying again on 429, 5xx and broken connections, and returns the JSON
 * Symbl answered. Throws a NodeApiError naming the item; nothing else escapes.
 */
export async function symblRequest(
	ctx: SymblContext,
	itemIndex: number,
	request: SymblRequest,
): Promise<unknown> {
	const baseUrl = await getBaseUrl(ctx, itemIndex);
	const kind = request.startsJob ? 'upload' : 'read';
	const policy =
		request.policy ??
		(isExecuteContext(ctx) ? readRequestPolicy(ctx, itemIndex, kind) : defaultPolicy(kind));
	const signal = isExecuteContext(ctx) ? ctx.getExecutionCancelSignal?.() : undefined;
	const fail = async (failure: HttpFailure, attempts: number) =>
		await toSymblApiError(ctx, failure, itemIndex, baseUrl, attempts, request.secrets);
	let renewedToken = false;
	// A renewal read succeeded: the token works (renewed if it had expired).
	let tokenWorks = false;
	for (let attempt = 1; ; attempt++) {
		throwIfCancelled(ctx.getNode(), signal);
		const opened = request.openBody ? await request.openBody() : undefined;
		// A streamed body is watched for idleness while it goes out and while the answer is
		// awaited; the HTTP client's own timeout would end a long upload that keeps sending.
		opened?.watchIdle?.(policy.idleTimeoutMs);
		let failure: HttpFailure;
		try {
			const response = await send(ctx, {
				method: request.method,
				url: `${baseUrl}${request.path}`,
				qs: request.qs,
				headers: request.headers,
				body: opened?.body as IHttpRequestOptions['body'],
				timeout: opened?.watchIdle ? undefined : policy.idleTimeoutMs,
			});
			const { statusCode: status, headers, body } = response;
			if (status >= 200 && status < 300) {
				const answer = await readJson(body, policy.idleTimeoutMs);
				if ('value' in answer) return answer.value;
				failure = answerFailure(status, { message: `Symbl answered with ${answer.problem}` });
			} else {
				failure = answerFailure(status, { headers, data: body });
			}
		} catch (error) {
			// An answer that came while the file was still going out, before the connection broke
			// (a refusal before reading): its status is the failure, not the broken connection.
			const seen = opened?.answer?.();
			failure = seen
				? answerFailure(seen.status, { headers: seen.headers, data: seen.body })
				: connectionFailure(error);
		} finally {
			opened?.close?.();
		}
		if (opened) failure.upload = uploadProgress(request, opened, failure);
		failure.mayHaveStartedJob = mayHaveStartedJob(request, failure);

		const expiredToken = failure.status === 401 && !renewedToken;
		// A server that refuses an upload before reading it (an expired token among the reasons)
		// may close the connection without an answer: the client sees EPIPE/ECONNRESET.
		const cutOffUpload =
			failure.upload !== undefined &&
			(failure.code === 'EPIPE' || failure.code === 'ECONNRESET') &&
			!failure.mayHaveStartedJob;
		let retryAnyway = false;
		if (expiredToken || (cutOffUpload && !renewedToken && isRetryable(failure))) {
			// Symbl's own message is kept, whatever the renewal gets.
			await readDetail(failure);
			renewedToken = true;
			const renewal = await renewToken(
				ctx,
				baseUrl,
				Math.min(policy.idleTimeoutMs, READ_TIMEOUT_MS),
			);
			tokenWorks = !renewal;
			if (!renewal && expiredToken) {
				attempt--;
				continue;
			}
			if (renewal) {
				failure.renewal = renewal.text;
				if (renewal.final) throw await fail(failure, attempt);
				// The token could not be renewed for a passing reason: renew again next time.
				if (expiredToken && renewal.retryable) {
					renewedToken = false;
					retryAnyway = true;
				}
			}
		} else if (failure.status === 401 && tokenWorks) {
			await readDetail(failure);
			failure.renewal =
				'n8n renewed the token if it had expired (a read with it succeeded), and Symbl refused the request again';
		}
		if (!(retryAnyway || isRetryable(failure)) || failure.mayHaveStartedJob) {
			throw await fail(failure, attempt);
		}
		if (attempt >= policy.maxAttempts) {
			throw await fail(failure, attempt);
		}
		discard(failure);
		const wait = retryDelayMs(attempt, parseRetryAfter(failure.headers?.['retry-after']));
		await pause(ctx.getNode(), wait, signal);
	}
}

/** What went out of an upload's body before it failed. */
function uploadProgress(
	request: SymblRequest,
	opened: OpenedBody,
	failure: HttpFailure,
): UploadProgress {
	const progress = opened.progress?.();
	const seen = opened.answer?.();
	const upload: UploadProgress = {
		what: request.bodyKind ?? 'request',
		whole: opened.sentWhole?.(),
		...progress,
	};
	if (failure.status && seen && progress && seen.sentBytes < progress.size) {
		upload.answeredEarlyAfter = seen.sentBytes;
	}
	return upload;
}

/** Network failures that come before any byte of the request went out. */
const NOTHING_SENT = new Set([
	'ECONNREFUSED',
	'ENOTFOUND',
	'EAI_AGAIN',
	'ENETUNREACH',
	'EHOSTUNREACH',
]);

/**
 * Whether a failed request that starts a job may have started it all the same: the whole body
 * went out, then a server error that does not say nothing was done (500, 504), or no answer at
 * all — a silence past the timeout, a reset, a closed connection: the server may have read every
 * byte and started the job before the connection broke. Sending it again could make Symbl
 * process the recording twice, so such a failure is reported, not retried. 429, 502 and 503 (the
 * request did not reach a working server), any answer or break before the whole body went out,
 * and a connection that was never made are retried.
 */
function mayHaveStartedJob(request: SymblRequest, failure: HttpFailure): boolean {
	// A file n8n keeps in memory goes to the HTTP client whole, and how much of it went out
	// cannot be seen: it may all have.
	if (!request.startsJob || failure.upload?.whole === false) return false;
	if (failure.status) return failure.status === 500 || failure.status === 504;
	return failure.code !== undefined && !NOTHING_SENT.has(failure.code);
}

/** Frees the connection of an answer whose body will not be read. */
function discard(failure: HttpFailure): void {
	if (isResponseStream(failure.data)) failure.data.destroy();
}

function isExecuteContext(ctx: SymblContext): ctx is IExecuteFunctions {
	return typeof (ctx as IExecuteFunctions).getInputData === 'function';
}

/** A GET of one JSON resource. */
export async function symblGet(
	ctx: SymblContext,
	itemIndex: number,
	path: string,
	qs?: Record<string, string>,
): Promise<IDataObject> {
	return (await symblRequest(ctx, itemIndex, { method: 'GET', path, qs })) as IDataObject;
}
