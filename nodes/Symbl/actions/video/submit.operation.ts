import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { binaryPropertyField, correlationKeyOption, uploadOptionsField } from './fields';
import type { UploadRequest } from '../../transport/upload';
import { waitForCompletionFields } from '../waitForCompletion';
import { prepareVideoUpload } from './prepareUpload';

const properties: INodeProperties[] = [
	binaryPropertyField,
	...waitForCompletionFields,
	uploadOptionsField([correlationKeyOption]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['video'], operation: ['submit'] } },
	properties,
);

/** POST /v1/process/video: the first recording, which creates the conversation. */
export async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<UploadRequest> {
	return await prepareVideoUpload(this, itemIndex, { method: 'POST', path: '/v1/process/video' });
}

export { sendPreparedUpload as execute } from './prepareUpload';

/** Starts a Symbl job: the router can wait for it to complete. */
export const startsJob = true;
