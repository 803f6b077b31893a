import type { INodeProperties } from 'n8n-workflow';

import { operationField } from '../fields';
import * as getResults from './getResults.operation';

export { getResults };

export const description: INodeProperties[] = [
	...operationField(
		'conversation',
		[
			{
				name: 'Get Results',
				value: 'getResults',
				action: 'Get the results of a conversation',
				description:
					'Read the transcript and insights (topics, action items, questions, summary, …)',
			},
		],
		'getResults',
	),
	...getResults.description,
];
