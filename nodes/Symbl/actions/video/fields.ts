/** The fields Submit Video and Append Video show: the binary field and the Options collection. */
import type { INodeProperties } from 'n8n-workflow';

import { optionsCollection } from '../../../shared/fields';
import { requestPolicyFields } from '../../transport/retry';
import { processingParameterFields } from '../processingParameters';

export const binaryPropertyField: INodeProperties = {
	displayName: 'Input Binary Field',
	name: 'binaryPropertyName',
	type: 'string',
	default: 'data',
	required: true,
	hint: 'The name of the input binary field containing the MP4 video',
};

/** Webhook correlation: a value added to the Webhook URL, output by the Symbl Trigger. */
export const correlationKeyOption: INodeProperties = {
	displayName: 'Correlation Key',
	name: 'correlationKey',
	type: 'string',
	default: '',
	placeholder: '={{ $json.fileName }}',
	description:
		'A value of your choosing (for example the file name or a Zoom meeting ID) added to the Webhook URL; the Symbl Trigger outputs it with each callback. Used only with a Webhook URL.',
};

export const addConversationIdOption: INodeProperties = {
	displayName: 'Add Conversation ID to Webhook URL',
	name: 'addConversationIdToWebhook',
	type: 'boolean',
	default: true,
	description:
		'Whether to add the conversation ID to the Webhook URL, so the Symbl Trigger can say which conversation a callback is about even when Symbl leaves it out. On unless turned off.',
};

const skipFormatCheckOption: INodeProperties = {
	displayName: 'Skip Format Check',
	name: 'skipFormatCheck',
	type: 'boolean',
	default: false,
	description:
		'Whether to send the file without checking that it starts like an MP4. Use it only for a valid MP4 the check does not recognise.',
};

/** Symbl's processing parameters plus the upload's own options. */
export function uploadOptionsField(extraOptions: INodeProperties[] = []): INodeProperties {
	return optionsCollection([
		...processingParameterFields(),
		...requestPolicyFields,
		...extraOptions,
		skipFormatCheckOption,
	]);
}
