import type { INodeProperties } from 'n8n-workflow';

import { operationField } from '../fields';
import * as get from './get.operation';

export { get };

export const description: INodeProperties[] = [
	...operationField(
		'job',
		[
			{
				name: 'Get Status',
				value: 'get',
				action: 'Get the processing status of a job',
				description: 'Whether a processing job is scheduled, in progress, completed or failed',
			},
		],
		'get',
	),
	...get.description,
];
