/**
 * Every HTTP call to Symbl goes through symblRequest: the credential's base URL, bearer
 * authentication (n8n fetches the token through the credential's preAuthentication and fetches a
 * new one once when Symbl answers 401), an idle timeout, no redirects (the token goes only to
 * the Base URL), retries by the policy in retry.ts, bounded response bodies, and Symbl's errors
 * as NodeApiError without any secret in them.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
} from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { CREDENTIAL_TYPE, symblBaseUrl } from '../../shared/constants';
import { isResponseStream, readJson } from './body';
import type { HttpFailure } from './errors';
import { answerFailure, findHttpFailure, toSymblApiError } from './errors';
import type { RequestPolicy } from './retry';
import { isRetryable, parseRetryAfter, readRequestPolicy, retryDelayMs } from './retry';

export async function getBaseUrl(ctx: IExecuteFunctions, itemIndex: number): Promise<string> {
	return symblBaseUrl(await ctx.getCredentials(CREDENTIAL_TYPE, itemIndex));
}

/** A body for one attempt; a stream can be sent only once, so each attempt opens its own. */
export interface OpenedBody {
	body: unknown;
	/** True when n8n tried to send this (spent) body a second time, after refreshing the token. */
	wasReplayed?: () => boolean;
	close?: () => void;
}

export interface SymblRequest {
	method: IHttpRequestMethods;
	/** Starts with a slash; path segments already encoded. */
	path: string;
	qs?: Record<string, string>;
	headers?: Record<string, string>;
	openBody?: () => Promise<OpenedBody>;
	policy?: RequestPolicy;
}

async function send(
	ctx: IExecuteFunctions,
	url: string,
	request: SymblRequest,
	policy: RequestPolicy,
	body: unknown,
): Promise<unknown> {
	const options: IHttpRequestOptions = {
		method: request.method,
		url,
		qs: request.qs,
		headers: request.headers,
		body: body as IHttpRequestOptions['body'],
		json: true,
		encoding: 'stream',
		timeout: policy.idleTimeoutMs,
		disableFollowRedirect: true,
	};
	return await ctx.helpers.httpRequestWithAuthentication.call(ctx, CREDENTIAL_TYPE, options);
}

/**
 * Sends the request, trying again on 429, 5xx and broken connections, and returns the JSON
 * Symbl answered. Throws a NodeApiError naming the item; nothing else escapes.
 */
export async function symblRequest(
	ctx: IExecuteFunctions,
	itemIndex: number,
	request: SymblRequest,
): Promise<unknown> {
	const baseUrl = await getBaseUrl(ctx, itemIndex);
	const policy = request.policy ?? readRequestPolicy(ctx, itemIndex);
	let replayedOnce = false;
	for (let attempt = 1; ; attempt++) {
		const opened = request.openBody ? await request.openBody() : undefined;
		let failure: HttpFailure;
		try {
			const answer = await readJson(
				await send(ctx, `${baseUrl}${request.path}`, request, policy, opened?.body),
			);
			if ('value' in answer) return answer.value;
			failure = answerFailure(200, `Symbl answered with ${answer.problem}`);
		} catch (error) {
			failure = findHttpFailure(error);
			if (opened?.wasReplayed?.()) {
				// n8n got a 401, refreshed the token and resent the spent stream: send a fresh one,
				// once; a second 401 means Symbl refuses the new token too.
				if (!replayedOnce) {
					replayedOnce = true;
					attempt--;
					continue;
				}
				failure = answerFailure(401, 'Symbl refused a freshly issued token as well');
			}
		} finally {
			opened?.close?.();
		}
		if (!isRetryable(failure) || attempt >= policy.maxAttempts) {
			throw await toSymblApiError(ctx, failure, itemIndex, baseUrl, attempt);
		}
		if (isResponseStream(failure.data)) failure.data.destroy();
		await sleep(retryDelayMs(attempt, parseRetryAfter(failure.headers?.['retry-after'])));
	}
}

/** A GET of one JSON resource. */
export async function symblGet(
	ctx: IExecuteFunctions,
	itemIndex: number,
	path: string,
	qs?: Record<string, string>,
): Promise<IDataObject> {
	return (await symblRequest(ctx, itemIndex, { method: 'GET', path, qs })) as IDataObject;
}
