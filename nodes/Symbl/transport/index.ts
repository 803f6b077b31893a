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
import type { HttpFailure } from './errors';
import { answerFailure, connectionFailure, toSymblApiError } from './errors';
import type { RequestPolicy } from './retry';
import {
	defaultPolicy,
	isRetryable,
	parseRetryAfter,
	READ_TIMEOUT_MS,
	readRequestPolicy,
	retryDelayMs,
} from './retry';

/** What a request needs of n8n: in a node's execute() or in its webhook() (resuming a wait). */
export type SymblContext = IExecuteFunctions | IWebhookFunctions;

export async function getBaseUrl(ctx: SymblContext, itemIndex: number): Promise<string> {
	return symblBaseUrl(await ctx.getCredentials(CREDENTIAL_TYPE, itemIndex));
}

/** A body for one attempt; a stream can be sent only once, so each attempt opens its own. */
export interface OpenedBody {
	body: unknown;
	close?: () => void;
	/** Whether every byte of the body went out (a stream); a small body is taken as sent. */
	sentWhole?: () => boolean;
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

/**
 * A small authenticated read that fails with 401 while the token is expired, so n8n fetches a new
 * one (the credential's preAuthentication) before the real request is sent again. A wrong App ID
 * or Secret surfaces here as the credential's own clear error.
 */
async function renewToken(ctx: SymblContext, baseUrl: string, timeout: number) {
	await ctx.helpers.httpRequestWithAuthentication.call(ctx, CREDENTIAL_TYPE, {
		method: 'GET',
		url: `${baseUrl}/v1/conversations`,
		qs: { limit: 1 },
		json: true,
		timeout,
		disableFollowRedirect: true,
	});
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
	// Uploads and reads differ in how long a connection may stay silent by default.
	const kind = request.startsJob ? 'upload' : 'read';
	const policy =
		request.policy ??
		(isExecuteContext(ctx) ? readRequestPolicy(ctx, itemIndex, kind) : defaultPolicy(kind));
	const signal = isExecuteContext(ctx) ? ctx.getExecutionCancelSignal?.() : undefined;
	let renewedToken = false;
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
			// Which of EPIPE and ECONNRESET a refused upload meets depends on timing alone.
			failure = { ...connectionFailure(error), sendingBody: opened !== undefined };
		} finally {
			opened?.close?.();
		}

		const expiredToken = failure.status === 401 && !renewedToken;
		// A server that refuses an upload before reading it (an expired token among the reasons)
		// closes the connection: the client sees EPIPE/ECONNRESET, not the answer.
		const cutOffUpload = opened !== undefined && failure.code !== undefined;
		if (expiredToken || (cutOffUpload && !renewedToken && isRetryable(failure))) {
			discard(failure);
			renewedToken = true;
			try {
				await renewToken(ctx, baseUrl, Math.min(policy.idleTimeoutMs, READ_TIMEOUT_MS));
			} catch (error) {
				failure = connectionFailure(error);
			}
			if (expiredToken && failure.status === 401) {
				attempt--;
				continue;
			}
		}
		if (failure.status === 401) {
			discard(failure);
			failure.message ??= 'Symbl refused a freshly issued token as well';
		}
		if (!isRetryable(failure) || mayHaveStartedJob(request, opened, failure)) {
			throw await toSymblApiError(ctx, failure, itemIndex, baseUrl, attempt, request.secrets);
		}
		if (attempt >= policy.maxAttempts) {
			throw await toSymblApiError(ctx, failure, itemIndex, baseUrl, attempt, request.secrets);
		}
		discard(failure);
		const wait = retryDelayMs(attempt, parseRetryAfter(failure.headers?.['retry-after']));
		await pause(ctx.getNode(), wait, signal);
	}
}

/**
 * Whether a failed request that starts a job may have started it all the same: the whole body
 * went out, then a server error that does not say nothing was done (500, 504), or a silence
 * past the timeout. Sending it again could make Symbl process the recording twice, so such a
 * failure is reported, not retried. 429, 502 and 503 (the request did not reach a working
 * server) and a connection the server cut (EPIPE, ECONNRESET: it refused the upload) are retried.
 */
function mayHaveStartedJob(
	request: SymblRequest,
	opened: OpenedBody | undefined,
	failure: HttpFailure,
): boolean {
	if (!request.startsJob || !(opened?.sentWhole?.() ?? true)) return false;
	if (failure.status) return failure.status === 500 || failure.status === 504;
	return failure.code === 'ETIMEDOUT' || failure.code === 'ECONNABORTED';
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
