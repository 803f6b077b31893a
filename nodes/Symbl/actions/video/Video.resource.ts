import type { INodeProperties } from 'n8n-workflow';

import { operationField } from '../fields';
import * as append from './append.operation';
import * as submit from './submit.operation';

export { append, submit };

export const description: INodeProperties[] = [
	...operationField(
		'video',
		[
			{
				name: 'Append Video',
				value: 'append',
				action: 'Append a video to a conversation',
				description: 'Add one more MP4 recording to an existing conversation',
			},
			{
				name: 'Submit Video',
				value: 'submit',
				action: 'Submit a video',
				description: 'Upload the first MP4 recording, which creates a conversation',
			},
		],
		'append',
	),
	...append.description,
	...submit.description,
];
