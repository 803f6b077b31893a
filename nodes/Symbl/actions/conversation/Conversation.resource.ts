import type { INodeProperties } from 'n8n-workflow';

import * as getResults from './getResults.operation';

export { getResults };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['conversation'] } },
		options: [
			{
				name: 'Get Results',
				value: 'getResults',
				action: 'Get the results of a conversation',
				description:
					'Read the transcript and insights (topics, action items, questions, summary, …)',
			},
		],
		default: 'getResults',
	},
	...getResults.description,
];
