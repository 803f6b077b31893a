/**
 * Uploads from a URL: Symbl downloads the recording itself, so a large file stored elsewhere (S3,
 * Drive, Zoom) never passes through n8n's memory or disk. The body is JSON, `{url, …parameters}`:
 * for these calls every processing parameter goes in the body, none in the query.
 */
import type { IDataObject, IExecuteFunctions, IHttpRequestMethods } from 'n8n-workflow';

import { requireRecordingUrl } from '../../helpers/validate';
import type { JsonUploadRequest } from '../../transport/upload';
import { uploadJson } from '../../transport/upload';
import type { MediaKind } from './fields';
import { recordingUrlField } from './fields';
import { readUploadParameters } from './parameters';

export interface UrlUpload {
	kind: MediaKind;
	method: IHttpRequestMethods;
	path: string;
	/** Known before the upload only when appending. */
	conversationId?: string;
}

/** Reads and checks the item's URL and options, sending nothing. */
export function prepareUrlUpload(
	ctx: IExecuteFunctions,
	itemIndex: number,
	{ kind, method, path, conversationId }: UrlUpload,
): JsonUploadRequest {
	const url = requireRecordingUrl(
		ctx.getNode(),
		itemIndex,
		recordingUrlField(kind).displayName,
		ctx.getNodeParameter('url', itemIndex),
	);
	const { values, policy } = readUploadParameters(ctx, itemIndex, { conversationId });
	return { method, path, body: { url, ...values }, policy, conversationId };
}

/** Sends a prepared item's JSON body to Symbl: {conversationId, jobId}. */
export async function sendJsonUpload(
	this: IExecuteFunctions,
	itemIndex: number,
	upload: JsonUploadRequest,
	{ webhookUrl }: { webhookUrl?: string } = {},
): Promise<IDataObject> {
	// While the node waits for completion on Symbl's callback, Symbl calls this execution's
	// resume URL instead of the user's Webhook URL.
	if (webhookUrl) upload.body.webhookUrl = webhookUrl;
	return await uploadJson(this, itemIndex, upload);
}
