/** What Submit Video and Append Video check before an item's video is streamed to Symbl. */
import type { IDataObject, IExecuteFunctions, IHttpRequestMethods } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { CORRELATION_QUERY } from '../../../shared/constants';
import { checkMp4 } from '../../helpers/mp4';
import { readRequestPolicy } from '../../transport/retry';
import type { UploadRequest, VideoSource } from '../../transport/upload';
import { resolveVideoSource, uploadVideo } from '../../transport/upload';
import { parameterLabel, readProcessingParameters, toQuery } from '../processingParameters';

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

/**
 * File uploads carry every option in the URL, and servers refuse request lines much over 8 KB
 * (HTTP 414/431, with no word on which option): say which option is too big before sending.
 */
const MAX_QUERY_CHARS = 6000;

function assertQueryFits(ctx: IExecuteFunctions, itemIndex: number, query: Record<string, string>) {
	const length = new URLSearchParams(query).toString().length;
	if (length <= MAX_QUERY_CHARS) return;
	const [largest] = Object.entries(query).sort(([, a], [, b]) => b.length - a.length);
	throw new NodeOperationError(
		ctx.getNode(),
		`Item ${itemIndex}: the options make the request ${length} characters long; at most ${MAX_QUERY_CHARS} fit in a request URL`,
		{
			itemIndex,
			description: `The largest is "${parameterLabel(largest[0])}" (${largest[1].length} characters). Shorten it; nothing was sent to Symbl for this item.`,
		},
	);
}

/**
 * Refuses empty files and anything that is not MP4, before a byte is sent. The MP4 check needs the
 * file's first bytes: an in-memory binary's are checked here; a stored binary's are checked from
 * the upload stream itself, before its first byte goes out (reading the file once, not twice: in
 * n8n's database mode every read loads the whole file).
 */
function uploadableMp4Check(
	ctx: IExecuteFunctions,
	itemIndex: number,
	binaryPropertyName: string,
	source: VideoSource,
	skipFormatCheck: boolean,
): ((head: Buffer) => void) | undefined {
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
	if (skipFormatCheck) return undefined;
	const check = (head: Buffer) => {
		const { isMp4, found } = checkMp4(head);
		if (!isMp4) {
			fail(
				`is not an MP4 video; found ${found}`,
				'Symbl accepts only MP4. Convert the recording first, or turn on "Skip Format Check" if you are sure it is a valid MP4. Nothing of this file was sent to Symbl.',
			);
		}
	};
	if (!source.head) return check;
	check(source.head);
	return undefined;
}

/**
 * Reads and checks everything about the item's upload (options, binary field, size, MP4 header of
 * an in-memory file), sending nothing: the router prepares every item before the first upload. A
 * stored file's MP4 header is checked when it is sent, from the upload stream's first chunk.
 */
export async function prepareVideoUpload(
	ctx: IExecuteFunctions,
	itemIndex: number,
	{ method, path, conversationId }: VideoUpload,
): Promise<UploadRequest> {
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
	assertQueryFits(ctx, itemIndex, query);
	const policy = readRequestPolicy(ctx, itemIndex);
	const source = await resolveVideoSource(ctx, itemIndex, binaryPropertyName);
	const checkHead = uploadableMp4Check(
		ctx,
		itemIndex,
		binaryPropertyName,
		source,
		options.skipFormatCheck === true,
	);
	return {
		method,
		path,
		query,
		source,
		contentType: 'video/mp4',
		policy,
		conversationId,
		checkHead,
	};
}

/**
 * Streams a prepared item's video to Symbl: {conversationId, jobId}. While the node waits for
 * completion on Symbl's callback, Symbl calls this execution's resume URL instead of the user's.
 */
export async function sendPreparedUpload(
	this: IExecuteFunctions,
	itemIndex: number,
	upload: UploadRequest,
	{ webhookUrl }: { webhookUrl?: string } = {},
): Promise<IDataObject> {
	if (webhookUrl) {
		upload.query.webhookUrl = webhookUrl;
		assertQueryFits(this, itemIndex, upload.query);
	}
	return await uploadVideo(this, itemIndex, upload);
}
