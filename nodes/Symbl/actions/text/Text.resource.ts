import type { INodeProperties } from 'n8n-workflow';

import { operationField } from '../fields';
import * as append from './append.operation';
import * as submit from './submit.operation';

export { append, submit };

export const description: INodeProperties[] = [
	...operationField(
		'text',
		[
			{
				name: 'Append Text',
				value: 'append',
				action: 'Append text messages to a conversation',
				description:
					'Add messages (a transcript, chat or emails) from the input items to an existing conversation',
			},
			{
				name: 'Submit Text',
				value: 'submit',
				action: 'Submit text messages',
				description:
					'Start a conversation from messages (a transcript, chat or emails) in the input items',
			},
		],
		'submit',
	),
	...append.description,
	...submit.description,
];
