import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { conversationIdField, getConversationId } from '../../helpers/validate';
import {
	addConversationIdOption,
	binaryPropertyField,
	correlationKeyOption,
	executeVideoUpload,
	uploadOptionsField,
} from './common';

const OPERATION = 'append';

export const description: INodeProperties[] = [
	conversationIdField('The conversation to extend, as returned by Submit Video', {
		show: { resource: ['video'], operation: [OPERATION] },
	}),
	binaryPropertyField(OPERATION),
	uploadOptionsField(OPERATION, [addConversationIdOption, correlationKeyOption]),
];

/** PUT /v1/process/video/{conversationId}: one more recording for an existing conversation. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const conversationId = getConversationId(this, itemIndex);
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	return await executeVideoUpload(this, itemIndex, {
		method: 'PUT',
		path: `/v1/process/video/${encodeURIComponent(conversationId)}`,
		options,
		conversationId,
	});
}
