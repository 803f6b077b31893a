/**
 * "Wait for Completion" for every operation that starts a Symbl job (uploads of files, URLs,
 * audio, text): the fields; the waiting itself is done by the router for operations that export
 * `startsJob = true` and return Symbl's {conversationId, jobId}.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

export const waitForCompletionFields: INodeProperties[] = [
	{
		displayName: 'Wait for Completion',
		name: 'waitForCompletion',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: "Don't Wait",
				value: 'none',
				description:
					"Output Symbl's {conversationId, jobId} at once; use a Symbl Trigger to continue",
			},
			{
				name: "Resume on Symbl's Callback",
				value: 'callback',
				description:
					'Pause this execution until Symbl calls back that the job ended. Symbl must be able to reach this n8n (its webhook URL must be public).',
			},
			{
				name: 'Poll the Job Status',
				value: 'poll',
				description:
					'Ask Symbl every few seconds until the job ended. Works where Symbl cannot reach n8n.',
			},
		],
		default: 'none',
	},
	{
		displayName: 'Time Limit (Minutes)',
		name: 'waitTimeLimitMinutes',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 10080, numberPrecision: 0 },
		default: 120,
		description: 'How long to wait for Symbl at most. Symbl takes recordings of up to 4 hours.',
		displayOptions: { show: { waitForCompletion: ['callback', 'poll'] } },
	},
	{
		displayName: 'Poll Interval (Seconds)',
		name: 'pollIntervalSeconds',
		type: 'number',
		typeOptions: { minValue: 5, maxValue: 3600, numberPrecision: 0 },
		default: 30,
		description: 'How often to ask Symbl for the job status (at least every 5 seconds)',
		displayOptions: { show: { waitForCompletion: ['poll'] } },
	},
];

export type WaitMode = 'callback' | 'poll';

export interface WaitSettings {
	mode: WaitMode;
	timeLimitMs: number;
	pollIntervalMs: number;
}

/** The node's wait settings, or undefined when it does not wait (read once: they are per node). */
export function readWaitSettings(ctx: IExecuteFunctions): WaitSettings | undefined {
	const mode = ctx.getNodeParameter('waitForCompletion', 0, 'none') as string;
	if (mode !== 'callback' && mode !== 'poll') return undefined;
	const minutes = ctx.getNodeParameter('waitTimeLimitMinutes', 0, 120) as number;
	const seconds =
		mode === 'poll' ? (ctx.getNodeParameter('pollIntervalSeconds', 0, 30) as number) : 30;
	if (!Number.isFinite(minutes) || minutes < 1 || !Number.isFinite(seconds) || seconds < 5) {
		throw new NodeOperationError(
			ctx.getNode(),
			'"Time Limit (Minutes)" must be at least 1 and "Poll Interval (Seconds)" at least 5',
		);
	}
	return { mode, timeLimitMs: minutes * 60_000, pollIntervalMs: seconds * 1000 };
}

/** What a job that ended well adds to its item. */
export function completedItem(
	started: { conversationId: string; jobId: string },
	waitedMs: number,
): IDataObject {
	return { ...started, status: 'completed', waitedSeconds: Math.round(waitedMs / 1000) };
}
