import type { INodeProperties } from 'n8n-workflow';

import * as get from './get.operation';

export { get };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['job'] } },
		options: [
			{
				name: 'Get Status',
				value: 'get',
				action: 'Get the status of a job',
				description: 'Whether a processing job is scheduled, in progress, completed or failed',
			},
		],
		default: 'get',
	},
	...get.description,
];
