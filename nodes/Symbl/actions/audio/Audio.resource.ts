import type { INodeProperties } from 'n8n-workflow';

import { operationField } from '../fields';
import * as append from './append.operation';
import * as appendUrl from './appendUrl.operation';
import * as submit from './submit.operation';
import * as submitUrl from './submitUrl.operation';

export { append, appendUrl, submit, submitUrl };

export const description: INodeProperties[] = [
	...operationField(
		'audio',
		[
			{
				name: 'Append Audio',
				value: 'append',
				action: 'Append audio to a conversation',
				description: 'Add one more audio recording (MP3, WAV, …) to an existing conversation',
			},
			{
				name: 'Append Audio URL',
				value: 'appendUrl',
				action: 'Append audio from a URL to a conversation',
				description:
					'Add one more audio recording to an existing conversation; Symbl downloads it from a URL',
			},
			{
				name: 'Submit Audio',
				value: 'submit',
				action: 'Submit audio',
				description: 'Upload the first audio recording (MP3, WAV, …), which creates a conversation',
			},
			{
				name: 'Submit Audio URL',
				value: 'submitUrl',
				action: 'Submit audio from a URL',
				description:
					'Start a conversation from an audio recording that Symbl downloads from a URL (no upload through n8n)',
			},
		],
		'submit',
		{ operations: ['appendUrl', 'submitUrl'], default: 'submitUrl' },
	),
	...append.description,
	...appendUrl.description,
	...submit.description,
	...submitUrl.description,
];
