import type { INodeProperties } from 'n8n-workflow';

import { operationField } from '../fields';
import * as append from './append.operation';
import * as appendUrl from './appendUrl.operation';
import * as submit from './submit.operation';
import * as submitUrl from './submitUrl.operation';

export { append, appendUrl, submit, submitUrl };

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
				name: 'Append Video URL',
				value: 'appendUrl',
				action: 'Append a video from a URL to a conversation',
				description:
					'Add one more MP4 recording to an existing conversation; Symbl downloads it from a URL',
			},
			{
				name: 'Submit Video',
				value: 'submit',
				action: 'Submit a video',
				description: 'Upload the first MP4 recording, which creates a conversation',
			},
			{
				name: 'Submit Video URL',
				value: 'submitUrl',
				action: 'Submit a video from a URL',
				description:
					'Start a conversation from an MP4 recording that Symbl downloads from a URL (no upload through n8n)',
			},
		],
		'append',
		{ operations: ['appendUrl', 'submitUrl'], default: 'submitUrl' },
	),
	...append.description,
	...appendUrl.description,
	...submit.description,
	...submitUrl.description,
];
