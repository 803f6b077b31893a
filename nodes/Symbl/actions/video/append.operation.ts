import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { conversationIdField, getConversationId } from '../fields';
import {
	addConversationIdOption,
	binaryPropertyField,
	correlationKeyOption,
	uploadOptionsField,
} from './fields';
import type { UploadRequest } from '../../transport/upload';
import { waitForCompletionFields } from '../waitForCompletion';
import { prepareVideoUpload } from './prepareUpload';

const properties: INodeProperties[] = [
	conversationIdField('The conversation to extend, as returned by Submit Video'),
	binaryPropertyField,
	...waitForCompletionFields,
	uploadOptionsField([addConversationIdOption, correlationKeyOption]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['video'], operation: ['append'] } },
	properties,
);

/** PUT /v1/process/video/{conversationId}: one more recording for an existing conversation. */
export async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<UploadRequest> {
	const conversationId = getConversationId(this, itemIndex);
	return await prepareVideoUpload(this, itemIndex, {
		method: 'PUT',
		path: `/v1/process/video/${encodeURIComponent(conversationId)}`,
		conversationId,
	});
}

export { sendPreparedUpload as execute } from './prepareUpload';

/** Starts a Symbl job: the router can wait for it to complete. */
export const startsJob = true;
