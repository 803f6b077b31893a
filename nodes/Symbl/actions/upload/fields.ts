/**
 * The fields of every operation that starts a Symbl job (video and audio files, URLs, text): the
 * binary field, the recording URL, the Options collection, and how an operation's fields are put
 * together (its own, then Wait for Completion, then Options).
 */
import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { optionsCollection } from '../../../shared/fields';
import { uploadPolicyFields } from '../../transport/retry';
import type { ProcessingParameter } from '../processingParameters';
import { PROCESSING_PARAMETERS, processingParameterFields } from '../processingParameters';
import { waitForCompletionFields } from '../waitForCompletion';

/** What a file upload sends: the recording kinds Symbl takes as a raw body. */
export type MediaKind = 'video' | 'audio';

const BINARY_HINTS: Record<MediaKind, string> = {
	video: 'The name of the input binary field containing the MP4 video',
	audio:
		'The name of the input binary field containing the audio (MP3, WAV, FLAC, Ogg, Opus, AAC, AMR, AC-3, AIFF, WMA or M4A)',
};

export function binaryPropertyField(kind: MediaKind): INodeProperties {
	return {
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		hint: BINARY_HINTS[kind],
	};
}

/** The URL Symbl downloads the recording from (Symbl's name for it: `url`). */
export function recordingUrlField(kind: MediaKind): INodeProperties {
	return {
		displayName: kind === 'video' ? 'Video URL' : 'Audio URL',
		name: 'url',
		type: 'string',
		default: '',
		required: true,
		placeholder: `https://storage.example.com/meeting.${kind === 'video' ? 'mp4' : 'mp3'}`,
		description: `A public http(s) link to the ${kind === 'video' ? 'MP4 video' : 'audio file'} itself. Symbl downloads it, so the file never passes through n8n: the way to send large recordings already stored elsewhere (S3, Drive, Zoom).`,
		hint: 'Symbl does not follow redirects and does not take shortened links, YouTube or Vimeo',
	};
}

/** Webhook correlation: a value added to the Webhook URL, output by the Symbl Trigger. */
const correlationKeyOption: INodeProperties = {
	displayName: 'Correlation Key',
	name: 'correlationKey',
	type: 'string',
	default: '',
	placeholder: '={{ $json.fileName }}',
	description:
		'A value of your choosing (for example the file name or a Zoom meeting ID) added to the Webhook URL; the Symbl Trigger outputs it with each callback. Used only with a Webhook URL.',
};

const addConversationIdOption: INodeProperties = {
	displayName: 'Add Conversation ID to Webhook URL',
	name: 'addConversationIdToWebhook',
	type: 'boolean',
	default: true,
	description:
		'Whether to add the conversation ID to the Webhook URL, so the Symbl Trigger can say which conversation a callback is about even when Symbl leaves it out. On unless turned off.',
};

const SKIP_FORMAT_CHECK_DESCRIPTIONS: Record<MediaKind, string> = {
	video:
		'Whether to send the file without checking that it starts like an MP4. Use it only for a valid MP4 the check does not recognise.',
	audio:
		'Whether to send the file without checking that it is audio Symbl takes. Use it only for valid audio the check does not recognise.',
};

function skipFormatCheckOption(kind: MediaKind): INodeProperties {
	return {
		displayName: 'Skip Format Check',
		name: 'skipFormatCheck',
		type: 'boolean',
		default: false,
		description: SKIP_FORMAT_CHECK_DESCRIPTIONS[kind],
	};
}

export interface UploadOptions {
	/** The processing parameters the call takes (text calls take fewer). */
	parameters?: ProcessingParameter[];
	/** Appending to a known conversation: its ID can go into the Webhook URL. */
	appending: boolean;
	/** A file upload of this kind: its format is checked, unless the user skips the check. */
	file?: MediaKind;
}

/** The Options collection: Symbl's processing parameters plus the upload's own options. */
export function uploadOptionsField({
	parameters = PROCESSING_PARAMETERS,
	appending,
	file,
}: UploadOptions): INodeProperties {
	return optionsCollection([
		...processingParameterFields(parameters),
		...uploadPolicyFields,
		...(appending ? [addConversationIdOption] : []),
		correlationKeyOption,
		...(file ? [skipFormatCheckOption(file)] : []),
	]);
}

/**
 * n8n's Retry On Fail runs the node again after a failure. The node keeps what already succeeded
 * in that run, and the error of an upload Symbl may have received (completedItems.ts): only an
 * upload Symbl refused is sent again.
 */
export const retryNotice: INodeProperties = {
	displayName:
		"This node retries Symbl's 429 and 5xx answers and broken connections itself (Options → Max Attempts). It never sends an upload again that succeeded or that Symbl may have received (no duplicate Symbl job), also when the node setting Retry On Fail runs it again: Retry On Fail only repeats uploads Symbl refused.",
	name: 'retryNotice',
	type: 'notice',
	default: '',
};

/**
 * An operation's fields, shown only for it: a word on retries, its own fields, then Wait for
 * Completion, then Options.
 */
export function jobOperationDescription(
	resource: string,
	operation: string,
	fields: INodeProperties[],
	options: INodeProperties,
): INodeProperties[] {
	return updateDisplayOptions({ show: { resource: [resource], operation: [operation] } }, [
		retryNotice,
		...fields,
		...waitForCompletionFields,
		options,
	]);
}
