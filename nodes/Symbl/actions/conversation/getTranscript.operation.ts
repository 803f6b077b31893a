/**
 * POST /v1/conversations/{conversationId}/transcript with `{contentType, …}` → one item
 * {conversationId, contentType, transcript: "<text>"}. Symbl answers `{transcript: {payload,
 * contentType}}`; its docs show the Markdown payload as text and the SRT payload as
 * `{content: "<text>"}`, so both are read.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { symblRequest } from '../../transport';
import { processingParameterFields, readProcessingParameters } from '../processingParameters';
import { booleanParameter, conversationOperation, conversationPath } from './conversationOperation';

const MARKDOWN = 'text/markdown';
const SRT = 'text/srt';

/** Members of the request body; all but showSpeakerSeparation are for Markdown only. */
const PARAMETERS = [
	booleanParameter(
		'createParagraphs',
		'Create Paragraphs',
		'Whether Symbl breaks the transcript into paragraphs (Markdown only)',
	),
	booleanParameter(
		'highlightAllKeyPhrases',
		'Highlight All Key Phrases',
		'Whether Symbl marks the key phrases of insights and messages as HTML highlights (Markdown only; phrases of messages need Detect Phrases at upload)',
	),
	booleanParameter(
		'highlightOnlyInsightKeyPhrases',
		'Highlight Insight Key Phrases',
		'Whether Symbl marks the key phrases of insights as HTML highlights (Markdown only)',
	),
	booleanParameter(
		'showSpeakerSeparation',
		'Show Speaker Separation',
		'Whether each sentence starts with the speaker who said it; Symbl needs speaker information for this (for uploads: Enable Speaker Diarization)',
	),
];
const BOTH_FORMATS = ['showSpeakerSeparation'];
/** Symbl takes these two inside `phrases: {…}`. */
const PHRASES = ['highlightAllKeyPhrases', 'highlightOnlyInsightKeyPhrases'];

function readBody(ctx: IExecuteFunctions, itemIndex: number): IDataObject {
	const contentType = ctx.getNodeParameter('contentType', itemIndex) as string;
	if (contentType !== MARKDOWN && contentType !== SRT) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Item ${itemIndex}: "Format" must be ${MARKDOWN} or ${SRT}, got ${JSON.stringify(contentType)}`,
			{ itemIndex },
		);
	}
	// Symbl takes no other member with SRT: options left from Markdown are not sent.
	const offered = PARAMETERS.filter(
		({ name }) => contentType === MARKDOWN || BOTH_FORMATS.includes(name),
	);
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const values = readProcessingParameters(ctx.getNode(), itemIndex, options, offered);
	const body: IDataObject = { contentType };
	const phrases: IDataObject = {};
	for (const [name, value] of Object.entries(values)) {
		if (PHRASES.includes(name)) phrases[name] = value;
		else body[name] = value;
	}
	if (Object.keys(phrases).length > 0) body.phrases = phrases;
	return body;
}

export const { option, description, prepare, execute } = conversationOperation({
	value: 'getTranscript',
	name: 'Get Transcript',
	action: 'Get the transcript of a conversation as one Markdown or SRT text',
	description: 'The whole transcript as one Markdown text or as SRT subtitles',
	fields: [
		{
			displayName: 'Format',
			name: 'contentType',
			type: 'options',
			options: [
				{
					name: 'Markdown',
					value: MARKDOWN,
					description: 'Text with HTML line breaks and highlights',
				},
				{ name: 'SRT', value: SRT, description: 'Numbered subtitles with start and end times' },
			],
			default: MARKDOWN,
			description: 'The format Symbl writes the transcript in',
		},
	],
	optionFields: processingParameterFields(PARAMETERS).map((field) =>
		BOTH_FORMATS.includes(field.name)
			? field
			: { ...field, displayOptions: { show: { '/contentType': [MARKDOWN] } } },
	),
	read: readBody,
	async run(ctx, itemIndex, { conversationId, input: body }): Promise<IDataObject> {
		const answer = (await symblRequest(ctx, itemIndex, {
			method: 'POST',
			path: conversationPath(conversationId, 'transcript'),
			openBody: async () => ({ body }),
		})) as IDataObject | null;
		const transcript = answer?.transcript as IDataObject | undefined;
		const payload = transcript?.payload as IDataObject | string | undefined;
		const text = typeof payload === 'string' ? payload : payload?.content;
		if (typeof text !== 'string') {
			throw new NodeOperationError(
				ctx.getNode(),
				"Symbl's answer holds no transcript text (transcript.payload)",
				{ itemIndex },
			);
		}
		return {
			conversationId,
			contentType: transcript?.contentType ?? body.contentType,
			transcript: text,
		};
	},
});
