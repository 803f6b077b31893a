/**
 * The recording uploads, which differ only in what they send (a video or an audio file, or a URL
 * to one) and whether they start or extend a conversation:
 *   submit     POST /v1/process/{kind}                          raw file, parameters in the query
 *   append     PUT  /v1/process/{kind}/{conversationId}         raw file, parameters in the query
 *   submitUrl  POST /v1/process/{kind}/url                      JSON {url, …parameters}
 *   appendUrl  PUT  /v1/process/{kind}/url/{conversationId}     JSON {url, …parameters}
 * Each operation file names its kind and call; this module builds its fields, prepare and execute.
 */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { JsonUploadRequest, UploadRequest } from '../../transport/upload';
import { conversationIdField, getConversationId } from '../fields';
import type { MediaKind } from './fields';
import {
	binaryPropertyField,
	jobOperationDescription,
	recordingUrlField,
	uploadOptionsField,
} from './fields';
import { prepareFileUpload, sendFileUpload } from './file';
import { prepareUrlUpload, sendJsonUpload } from './url';

type Call = 'submit' | 'append';

const capitalized = (kind: MediaKind) => `${kind[0].toUpperCase()}${kind.slice(1)}`;

/** The item's conversation ID when appending (validated: it goes into the path), else undefined. */
function appendTarget(ctx: IExecuteFunctions, itemIndex: number, call: Call) {
	return call === 'append' ? getConversationId(ctx, itemIndex) : undefined;
}

function path(kind: MediaKind, fromUrl: boolean, conversationId: string | undefined) {
	const base = `/v1/process/${kind}${fromUrl ? '/url' : ''}`;
	return conversationId === undefined ? base : `${base}/${encodeURIComponent(conversationId)}`;
}

function fields(kind: MediaKind, call: Call, main: INodeProperties): INodeProperties[] {
	return call === 'append'
		? [
				conversationIdField(
					`The conversation to extend, as returned by Submit ${capitalized(kind)}`,
				),
				main,
			]
		: [main];
}

/** Submit or append a video or audio file from the item's binary data. */
export function fileOperation(kind: MediaKind, call: Call) {
	return {
		description: jobOperationDescription(
			kind,
			call,
			fields(kind, call, binaryPropertyField(kind)),
			uploadOptionsField({ appending: call === 'append', file: kind }),
		),
		async prepare(this: IExecuteFunctions, itemIndex: number): Promise<UploadRequest> {
			const conversationId = appendTarget(this, itemIndex, call);
			return await prepareFileUpload(this, itemIndex, {
				kind,
				method: call === 'append' ? 'PUT' : 'POST',
				path: path(kind, false, conversationId),
				conversationId,
			});
		},
		execute: sendFileUpload,
	};
}

/** Submit or append a video or audio recording that Symbl downloads from a URL. */
export function urlOperation(kind: MediaKind, call: Call) {
	return {
		description: jobOperationDescription(
			kind,
			`${call}Url`,
			fields(kind, call, recordingUrlField(kind)),
			uploadOptionsField({ appending: call === 'append' }),
		),
		async prepare(this: IExecuteFunctions, itemIndex: number): Promise<JsonUploadRequest> {
			const conversationId = appendTarget(this, itemIndex, call);
			return prepareUrlUpload(this, itemIndex, {
				kind,
				method: call === 'append' ? 'PUT' : 'POST',
				path: path(kind, true, conversationId),
				conversationId,
			});
		},
		execute: sendJsonUpload,
	};
}
