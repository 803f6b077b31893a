import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import {
	binaryPropertyField,
	correlationKeyOption,
	executeVideoUpload,
	uploadOptionsField,
} from './common';

const OPERATION = 'submit';

export const description: INodeProperties[] = [
	binaryPropertyField(OPERATION),
	uploadOptionsField(OPERATION, [correlationKeyOption]),
];

/** POST /v1/process/video: the first recording, which creates the conversation. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	return await executeVideoUpload(this, itemIndex, {
		method: 'POST',
		path: '/v1/process/video',
		options,
	});
}
