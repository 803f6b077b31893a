/**
 * "Wait for Completion" for every operation that starts a Symbl job (uploads of files, URLs,
 * audio, text): the fields; the waiting itself is done by the router for operations that export
 * `startsJob = true` and return Symbl's {conversationId, jobId}.
 */
import type { INodeProperties } from 'n8n-workflow';

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
