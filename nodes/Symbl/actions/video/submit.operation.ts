import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { binaryPropertyField, correlationKeyOption, uploadOptionsField } from './fields';
import { sendVideo } from './sendVideo';

const properties: INodeProperties[] = [
	binaryPropertyField,
	uploadOptionsField([correlationKeyOption]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['video'], operation: ['submit'] } },
	properties,
);

/** POST /v1/process/video: the first recording, which creates the conversation. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	return await sendVideo(this, itemIndex, { method: 'POST', path: '/v1/process/video' });
}
