/**
 * "Wait for Completion" for every operation that starts a Symbl job (uploads of files, URLs,
 * audio, text): the fields; the waiting itself is done by the router for operations that export
 * `startsJob = true` and return Symbl's {conversationId, jobId}.
 */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
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
					'Pause this execution until Symbl calls back that the job ended, checking with Symbl every few minutes in case a callback is lost. Symbl must be able to reach this n8n (its webhook URL must be public) for the prompt callback.',
			},
			{
				name: 'Poll the Job Status',
				value: 'poll',
				description:
					'Ask Symbl every few seconds until the job ended. Works where Symbl cannot reach n8n.',
			},
		],
		default: 'none',
		// An agent's tool call returns at once: waiting would pause the agent's whole execution
		// (callback) or hold its tool call for up to the time limit (poll).
		displayOptions: { hide: { '@tool': [true] } },
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
		displayName: 'Check Symbl Every (Minutes)',
		name: 'safetyCheckMinutes',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 1440, numberPrecision: 0 },
		default: 10,
		description:
			"While waiting for Symbl's callback, the execution also wakes this often and asks Symbl about its jobs, so a callback that never arrives (n8n restarting, a proxy dropping it) delays the result by this much at most instead of stranding it",
		displayOptions: { show: { waitForCompletion: ['callback'] } },
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
	/** How often Poll asks Symbl, and how often a callback wait wakes to ask it (its safety net). */
	checkEveryMs: number;
}

/** The node's wait settings, or undefined when it does not wait (read once: they are per node). */
export function readWaitSettings(ctx: IExecuteFunctions): WaitSettings | undefined {
	const mode = ctx.getNodeParameter('waitForCompletion', 0, 'none') as string;
	if (mode !== 'callback' && mode !== 'poll') return undefined;
	const minutes = ctx.getNodeParameter('waitTimeLimitMinutes', 0, 120) as number;
	const [every, unit, label, min] =
		mode === 'poll'
			? [ctx.getNodeParameter('pollIntervalSeconds', 0, 30), 1000, 'Poll Interval (Seconds)', 5]
			: [
					ctx.getNodeParameter('safetyCheckMinutes', 0, 10),
					60_000,
					'Check Symbl Every (Minutes)',
					1,
				];
	if (!Number.isFinite(minutes) || minutes < 1) {
		throw new NodeOperationError(ctx.getNode(), '"Time Limit (Minutes)" must be at least 1');
	}
	if (typeof every !== 'number' || !Number.isFinite(every) || every < min) {
		throw new NodeOperationError(ctx.getNode(), `"${label}" must be at least ${min}`);
	}
	return { mode, timeLimitMs: minutes * 60_000, checkEveryMs: every * unit };
}
