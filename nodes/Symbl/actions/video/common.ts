/** What Submit Video and Append Video share: the binary field, the options collection and the upload itself. */
import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { CORRELATION_QUERY } from '../../../SymblTrigger/SymblTrigger.node';
import { assertUploadableMp4, resolveVideoSource, uploadVideo } from '../../transport/upload';
import { buildProcessingQuery, processingOptionFields } from '../processingOptions';

/** Webhook correlation: values added to the Webhook URL so the Symbl Trigger can tell callbacks apart. */
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

/** Adds the correlation values to the webhook URL's query, keeping what the user put there. */
function withCorrelation(webhookUrl: string, values: Record<string, string | undefined>): string {
	const url = new URL(webhookUrl);
	for (const [name, value] of Object.entries(values)) {
		if (value !== undefined && value !== '') url.searchParams.set(name, value);
	}
	return url.toString();
}

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

export function uploadOptionsField(
	operation: string,
	extraOptions: INodeProperties[] = [],
): INodeProperties {
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
	/** Known before the upload only when appending. */
	conversationId?: string;
}

/** Validates everything, then streams the item's video to Symbl and returns Symbl's answer as the item. */
export async function executeVideoUpload(
	ctx: IExecuteFunctions,
	itemIndex: number,
	{ method, path, options, conversationId }: VideoUpload,
): Promise<INodeExecutionData[]> {
	const binaryPropertyName = (
		ctx.getNodeParameter('binaryPropertyName', itemIndex) as string
	).trim();
	const query = buildProcessingQuery(ctx.getNode(), itemIndex, options);
	if (query.webhookUrl) {
		query.webhookUrl = withCorrelation(query.webhookUrl, {
			[CORRELATION_QUERY.conversationId]:
				options.addConversationIdToWebhook === false ? undefined : conversationId,
			[CORRELATION_QUERY.correlationKey]:
				options.correlationKey === undefined ? undefined : String(options.correlationKey),
		});
	}
	const source = await resolveVideoSource(ctx, itemIndex, binaryPropertyName);
	await assertUploadableMp4(
		ctx,
		itemIndex,
		binaryPropertyName,
		source,
		options.skipFormatCheck === true,
	);
	const response = await uploadVideo(ctx, itemIndex, { method, path, query, source });
	return [{ json: response as IDataObject, pairedItem: { item: itemIndex } }];
}
