/** What Submit Video and Append Video do with one item: validate everything, then stream the video. */
import type { IDataObject, IExecuteFunctions, IHttpRequestMethods } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { CORRELATION_QUERY } from '../../../shared/constants';
import { checkMp4 } from '../../helpers/mp4';
import type { VideoSource } from '../../transport/upload';
import { resolveVideoSource, uploadVideo } from '../../transport/upload';
import { readProcessingParameters, toQuery } from '../processingParameters';

export interface VideoUpload {
	method: IHttpRequestMethods;
	path: string;
	/** Known before the upload only when appending. */
	conversationId?: string;
}

/** Adds the correlation values to the webhook URL's query, keeping what the user put there. */
function withCorrelation(webhookUrl: string, values: Record<string, string | undefined>): string {
	const url = new URL(webhookUrl);
	for (const [name, value] of Object.entries(values)) {
		if (value !== undefined && value !== '') url.searchParams.set(name, value);
	}
	return url.toString();
}

/** Refuses empty files and anything that is not MP4, before a byte is sent. */
async function assertUploadableMp4(
	ctx: IExecuteFunctions,
	itemIndex: number,
	binaryPropertyName: string,
	source: VideoSource,
	skipFormatCheck: boolean,
): Promise<void> {
	const fail = (problem: string, description: string): never => {
		throw new NodeOperationError(
			ctx.getNode(),
			`Item ${itemIndex}: the binary field "${binaryPropertyName}" ${problem}`,
			{ itemIndex, description },
		);
	};
	if (source.size === 0) {
		fail('is empty (0 bytes)', 'Symbl needs an MP4 video; check the node that produced the file.');
	}
	if (skipFormatCheck) return;
	const { isMp4, found } = checkMp4(await source.head());
	if (!isMp4) {
		fail(
			`is not an MP4 video; found ${found}`,
			'Symbl accepts only MP4. Convert the recording first, or turn on "Skip Format Check" if you are sure it is a valid MP4.',
		);
	}
}

/** Streams the item's video to Symbl and returns Symbl's answer ({conversationId, jobId}). */
export async function sendVideo(
	ctx: IExecuteFunctions,
	itemIndex: number,
	{ method, path, conversationId }: VideoUpload,
): Promise<IDataObject> {
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const binaryPropertyName = (
		ctx.getNodeParameter('binaryPropertyName', itemIndex) as string
	).trim();
	const query = toQuery(readProcessingParameters(ctx.getNode(), itemIndex, options));
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
	return await uploadVideo(ctx, itemIndex, {
		method,
		path,
		query,
		source,
		contentType: 'video/mp4',
	});
}
