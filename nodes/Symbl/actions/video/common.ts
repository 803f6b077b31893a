/** What Submit Video and Append Video share: the binary field, the options collection and the upload itself. */
import type { IDataObject, IExecuteFunctions, IHttpRequestMethods, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { assertUploadableMp4, resolveVideoSource, uploadVideo } from '../../transport/upload';
import { buildProcessingQuery, processingOptionFields } from '../processingOptions';

export function binaryPropertyField(operation: string): INodeProperties {
	return {
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		hint: 'The name of the input binary field containing the MP4 video',
		displayOptions: { show: { resource: ['video'], operation: [operation] } },
	};
}

export function uploadOptionsField(operation: string, extraOptions: INodeProperties[] = []): INodeProperties {
	const skipFormatCheck: INodeProperties = {
		displayName: 'Skip Format Check',
		name: 'skipFormatCheck',
		type: 'boolean',
		default: false,
		description:
			'Whether to send the file without checking that it starts like an MP4. Use it only for a valid MP4 the check does not recognise.',
	};
	const options = [...processingOptionFields, ...extraOptions, skipFormatCheck].sort((a, b) =>
		a.displayName.localeCompare(b.displayName),
	);
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show: { resource: ['video'], operation: [operation] } },
		options,
	};
}

export interface VideoUpload {
	method: IHttpRequestMethods;
	path: string;
	options: IDataObject;
}

/** Validates everything, then streams the item's video to Symbl and returns Symbl's answer as the item. */
export async function executeVideoUpload(
	ctx: IExecuteFunctions,
	itemIndex: number,
	{ method, path, options }: VideoUpload,
): Promise<INodeExecutionData[]> {
	const binaryPropertyName = (ctx.getNodeParameter('binaryPropertyName', itemIndex) as string).trim();
	const query = buildProcessingQuery(ctx.getNode(), itemIndex, options);
	const source = await resolveVideoSource(ctx, itemIndex, binaryPropertyName);
	await assertUploadableMp4(ctx, itemIndex, binaryPropertyName, source, options.skipFormatCheck === true);
	const response = await uploadVideo(ctx, itemIndex, { method, path, query, source });
	return [{ json: response as IDataObject, pairedItem: { item: itemIndex } }];
}
