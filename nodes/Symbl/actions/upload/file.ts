/** What a video or audio file upload checks before the item's file is streamed to Symbl. */
import type { IDataObject, IExecuteFunctions, IHttpRequestMethods } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { AUDIO_CONTENT_TYPES, checkAudio, checkMp4 } from '../../helpers/media';
import type { UploadRequest } from '../../transport/upload';
import { resolveBinarySource, uploadBinary } from '../../transport/upload';
import { parameterLabel, toQuery } from '../processingParameters';
import type { MediaKind } from './fields';
import { readUploadParameters } from './parameters';

export interface FileUpload {
	kind: MediaKind;
	method: IHttpRequestMethods;
	path: string;
	/** Known before the upload only when appending. */
	conversationId?: string;
}

interface FormatCheck {
	ok: boolean;
	/** What the file looks like. */
	found: string;
	/** What to send as Content-Type; none when undefined. */
	contentType?: string;
}

/** Per kind: what Symbl takes, how the first bytes are checked, what to tell a user it refused. */
const FORMATS: Record<
	MediaKind,
	{ what: string; check: (head: Buffer, mimeType: string) => FormatCheck; advice: string }
> = {
	video: {
		what: 'an MP4 video',
		check: (head) => {
			const { isMp4, found } = checkMp4(head);
			return { ok: isMp4, found, contentType: 'video/mp4' };
		},
		advice:
			'Symbl accepts only MP4. Convert the recording first, or turn on "Skip Format Check" if you are sure it is a valid MP4.',
	},
	audio: {
		what: 'audio Symbl takes',
		check: (head, mimeType) => {
			const { isAudio, found, contentType } = checkAudio(head, mimeType);
			return { ok: isAudio, found, contentType };
		},
		advice:
			'Symbl takes MP3, WAV, FLAC, Ogg (Vorbis or Opus), AAC, AMR, AC-3, AIFF, WMA and M4A audio (for MP4 video use Video → Submit Video). Convert the recording first, or turn on "Skip Format Check" if you are sure Symbl takes it.',
	},
};

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
 * Refuses a file of the wrong kind, before a byte of it is sent, and says what Content-Type
 * the file goes with. With "Skip Format Check" an audio file keeps a Content-Type Symbl lists
 * (sniffed, or else declared by the binary), and goes without one otherwise.
 */
function checkFormat(
	ctx: IExecuteFunctions,
	itemIndex: number,
	binaryPropertyName: string,
	kind: MediaKind,
	head: Buffer,
	mimeType: string,
	skipFormatCheck: boolean,
): string | undefined {
	const { what, check, advice } = FORMATS[kind];
	const { ok, found, contentType } = check(head, mimeType);
	if (ok) return contentType;
	if (!skipFormatCheck) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Item ${itemIndex}: the binary field "${binaryPropertyName}" is not ${what}; found ${found}`,
			{ itemIndex, description: advice },
		);
	}
	if (kind === 'video') return contentType;
	const declared = mimeType.toLowerCase();
	return (AUDIO_CONTENT_TYPES as readonly string[]).includes(declared) ? declared : undefined;
}

/**
 * Reads and checks everything about the item's upload (options, binary field, format), sending
 * nothing: the router prepares every item before the first upload.
 */
export async function prepareFileUpload(
	ctx: IExecuteFunctions,
	itemIndex: number,
	{ kind, method, path, conversationId }: FileUpload,
): Promise<UploadRequest> {
	const { values, options, policy } = readUploadParameters(ctx, itemIndex, { conversationId });
	const query = toQuery(values);
	assertQueryFits(ctx, itemIndex, query);
	const binaryPropertyName = (
		ctx.getNodeParameter('binaryPropertyName', itemIndex) as string
	).trim();
	const source = await resolveBinarySource(ctx, itemIndex, binaryPropertyName);
	if (source.size === 0) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Item ${itemIndex}: the binary field "${binaryPropertyName}" is empty (0 bytes)`,
			{
				itemIndex,
				description: `Symbl needs ${FORMATS[kind].what}; check the node that produced the file.`,
			},
		);
	}
	const format = (head: Buffer) =>
		checkFormat(
			ctx,
			itemIndex,
			binaryPropertyName,
			kind,
			head,
			source.mimeType,
			options.skipFormatCheck === true,
		);
	// In n8n's database mode any read loads the whole file: its format is checked at send time,
	// from the upload stream itself, rather than read twice.
	if (source.headAtSend) {
		return { method, path, query, source, policy, conversationId, checkHead: format };
	}
	const contentType = format(await source.head());
	return { method, path, query, source, contentType, policy, conversationId };
}

/** Streams a prepared item's file to Symbl: {conversationId, jobId}. */
export async function sendFileUpload(
	this: IExecuteFunctions,
	itemIndex: number,
	upload: UploadRequest,
	{ webhookUrl }: { webhookUrl?: string } = {},
): Promise<IDataObject> {
	// While the node waits for completion on Symbl's callback, Symbl calls this execution's
	// resume URL instead of the user's Webhook URL.
	if (webhookUrl) {
		upload.query.webhookUrl = webhookUrl;
		assertQueryFits(this, itemIndex, upload.query);
	}
	return await uploadBinary(this, itemIndex, upload);
}
