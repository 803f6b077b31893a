/**
 * Wait by resuming on Symbl's callback: the uploads give Symbl this execution's own resume URL as
 * their webhook, the execution is put to wait (no worker, no timer held while Symbl works, as
 * n8n's Wait node does), and the Symbl node's webhook() resumes it once every job has ended.
 *
 * A callback carries only {jobId, status}, and n8n gives a resumed node nothing of what it did
 * before waiting. So the last upload's resume URL carries the other items' jobs (signed), and the
 * execution's custom data keeps the signing key and, for Submit, the last conversation ID (known
 * only after that upload). Job statuses are then read from Symbl's Job API, not from the callback.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	IRunExecutionData,
	IWebhookFunctions,
} from 'n8n-workflow';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

import type { WaitSettings } from '../waitForCompletion';
import type { StartedJob } from './jobs';

const STATE = 'symblWait';
const SIGNATURE = 'symblSig';

/**
 * Items a callback wait takes at most: the last upload's resume URL carries the others' jobs
 * (about 85 characters each) and must stay well inside what servers accept in a URL.
 */
export const MAX_CALLBACK_ITEMS = 40;

/** One entry per item: its index, conversation and job, or the error it ended with at upload. */
type Entry = [
	itemIndex: number,
	conversationId: string | null,
	jobId: string | null,
	error?: string,
];

export interface WaitState {
	startedAt: number;
	deadline: number;
	entries: Entry[];
	/** The item whose upload carries the state; its job comes with the callback. */
	last: [itemIndex: number, conversationId: string | null];
}

/** The custom-data key of this node's wait (n8n allows letters, digits and _ in keys). */
function customDataKey(nodeId: string): string {
	return `symbl_${nodeId.replace(/[^A-Za-z0-9]/g, '').slice(0, 40)}`;
}

function sign(key: string, state: string): string {
	return createHmac('sha256', key).update(state).digest('base64url');
}

export class CallbackWait {
	private readonly key = randomBytes(16).toString('base64url');

	private readonly startedAt = Date.now();

	private readonly resumeUrl: string;

	constructor(
		private readonly ctx: IExecuteFunctions,
		private readonly settings: WaitSettings,
	) {
		const proxy = ctx.getWorkflowDataProxy(0);
		this.resumeUrl = `${proxy.$execution.resumeUrl}/${ctx.getNode().id}`;
	}

	/** The webhook URL for an item's upload; the last one's carries the state of all the others. */
	webhookUrl(last?: { itemIndex: number; conversationId?: string; earlier: Entry[] }): string {
		if (!last) return this.resumeUrl;
		const state: WaitState = {
			startedAt: this.startedAt,
			deadline: this.startedAt + this.settings.timeLimitMs,
			entries: last.earlier,
			last: [last.itemIndex, last.conversationId ?? null],
		};
		const encoded = Buffer.from(JSON.stringify(state)).toString('base64url');
		const url = new URL(this.resumeUrl);
		url.searchParams.set(STATE, encoded);
		url.searchParams.set(SIGNATURE, sign(this.key, encoded));
		return url.toString();
	}

	/**
	 * Keeps the signing key, the last job and its conversation with the execution, then waits.
	 * False when n8n did not keep them (an execution's custom data holds 10 keys at most): nothing
	 * could then be resumed, and the caller polls instead.
	 */
	async putToWait(last: StartedJob): Promise<boolean> {
		const customData = this.ctx.getWorkflowDataProxy(0).$execution.customData;
		const key = customDataKey(this.ctx.getNode().id);
		const value = [this.key, last.conversationId, last.jobId].join('.');
		customData?.set(key, value);
		if (customData?.get(key) !== value) return false;
		await this.ctx.putExecutionToWait(new Date(this.startedAt + this.settings.timeLimitMs));
		return true;
	}
}

/** Entries for the resume URL, from what the items' uploads gave. */
export function entriesOf(jobs: StartedJob[], errors: Map<number, string>): Entry[] {
	const entries: Entry[] = jobs.map((job) => [job.itemIndex, job.conversationId, job.jobId]);
	for (const [itemIndex, error] of errors)
		entries.push([itemIndex, null, null, error.slice(0, 200)]);
	return entries.sort((a, b) => a[0] - b[0]);
}

/**
 * The execution's custom data, as the webhook of a waiting node sees it. n8n 1.x answers the
 * expression `$execution.customData.get(key)` here; n8n 2.x's expression engine returns nothing
 * for it although the data is there, so the execution data the context was given is read instead
 * (n8n has no other API for a webhook to read its execution's custom data).
 */
function keptValue(ctx: IWebhookFunctions, key: string): string {
	const fromExpression = ctx.evaluateExpression(
		`{{ $execution.customData.get(${JSON.stringify(key)}) ?? "" }}`,
	);
	if (typeof fromExpression === 'string' && fromExpression !== '') return fromExpression;
	const { runExecutionData } = ctx as unknown as { runExecutionData?: IRunExecutionData | null };
	const value = runExecutionData?.resultData?.metadata?.[key];
	return typeof value === 'string' ? value : '';
}

/**
 * The wait state a callback's URL carries, checked against the key this execution kept; undefined
 * for a callback of an earlier item (its URL carries none) and for a forged or altered URL.
 */
export function readWaitState(
	ctx: IWebhookFunctions,
): { state: WaitState; lastConversationId: string; lastJobId: string } | 'none' | 'forged' {
	const query = ctx.getQueryData() as IDataObject;
	const encoded = query[STATE];
	const signature = query[SIGNATURE];
	if (typeof encoded !== 'string' || typeof signature !== 'string') return 'none';
	const kept = keptValue(ctx, customDataKey(ctx.getNode().id));
	const [key, lastConversationId, lastJobId] = kept.split('.');
	const expected = Buffer.from(sign(key ?? '', encoded));
	const given = Buffer.from(signature);
	if (!key || expected.length !== given.length || !timingSafeEqual(expected, given)) {
		return 'forged';
	}
	const state = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8')) as WaitState;
	return { state, lastConversationId: lastConversationId ?? '', lastJobId: lastJobId ?? '' };
}
