/**
 * The one definition of the processing parameters shared by every video upload
 * (Submit Video, Append Video): the UI fields, their validation, and how they
 * become the query string Symbl expects. Scalars are plain query values; lists
 * and objects are JSON-encoded into the query value.
 */
import type { IDataObject, INode, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

export const LANGUAGE_CODES = [
	['en-US', 'English (United States)'],
	['en-GB', 'English (United Kingdom)'],
	['en-AU', 'English (Australia)'],
	['en-IE', 'English (Ireland)'],
	['en-IN', 'English (India)'],
	['en-ZA', 'English (South Africa)'],
	['ru-RU', 'Russian (Russia)'],
	['fr-CA', 'French (Canada)'],
	['fr-FR', 'French (France)'],
	['de-DE', 'German (Germany)'],
	['it-IT', 'Italian (Italy)'],
	['nl-NL', 'Dutch (Netherlands)'],
	['ja-JP', 'Japanese (Japan)'],
	['es-US', 'Spanish (United States)'],
	['es-ES', 'Spanish (Spain)'],
	['ar-SA', 'Arabic (Saudi Arabia)'],
	['hi-IN', 'Hindi (India)'],
	['pt-BR', 'Portuguese (Brazil)'],
	['pt-PT', 'Portuguese (Portugal)'],
	['fa-IR', 'Persian (Iran)'],
] as const;

/** Symbl refuses tracker phrases with punctuation other than . ' - (letters, digits, spaces are fine). */
const TRACKER_PHRASE_REFUSED = /[^\p{L}\p{M}\p{N}\s.'-]/gu;

/** Names of the Symbl query parameters, in the order the UI shows them. */
export const PROCESSING_PARAMETER_NAMES = [
	'name',
	'webhookUrl',
	'customVocabulary',
	'confidenceThreshold',
	'detectPhrases',
	'entities',
	'detectEntities',
	'languageCode',
	'mode',
	'enableSeparateRecognitionPerChannel',
	'channelMetadata',
	'trackers',
	'enableAllTrackers',
	'enableSummary',
	'enableSpeakerDiarization',
	'diarizationSpeakerCount',
] as const;

export type ProcessingParameterName = (typeof PROCESSING_PARAMETER_NAMES)[number];

/** The UI fields, placed inside an upload operation's "Options" collection. */
export const processingOptionFields: INodeProperties[] = [
	{
		displayName: 'Channel Metadata',
		name: 'channelMetadata',
		type: 'fixedCollection',
		placeholder: 'Add Channel',
		typeOptions: { multipleValues: true },
		default: {},
		description:
			'Who speaks on which audio channel. Sent only with Separate Recognition Per Channel.',
		displayOptions: { show: { enableSeparateRecognitionPerChannel: [true] } },
		options: [
			{
				displayName: 'Channel',
				name: 'channels',
				values: [
					{
						displayName: 'Channel',
						name: 'channel',
						type: 'number',
						typeOptions: { minValue: 1, numberPrecision: 0 },
						default: 1,
						description: 'Audio channel number, starting at 1',
					},
					{
						displayName: 'Speaker Name',
						name: 'speakerName',
						type: 'string',
						default: '',
					},
					{
						displayName: 'Speaker Email',
						name: 'speakerEmail',
						type: 'string',
						placeholder: 'name@email.com',
						default: '',
					},
				],
			},
		],
	},
	{
		displayName: 'Confidence Threshold',
		name: 'confidenceThreshold',
		type: 'number',
		typeOptions: { minValue: 0.5, maxValue: 1, numberPrecision: 2 },
		default: 0.5,
		description: 'Minimum confidence (0.5 to 1.0) for an insight to be reported',
	},
	{
		displayName: 'Custom Vocabulary',
		name: 'customVocabulary',
		type: 'string',
		typeOptions: { multipleValues: true, multipleValueButtonText: 'Add Word or Phrase' },
		default: [],
		description: 'Words and phrases that help the speech recognizer, for example product names',
	},
	{
		displayName: 'Detect Entities',
		name: 'detectEntities',
		type: 'boolean',
		default: false,
		description: 'Whether to detect entities (people, organisations, dates, …) in the conversation',
	},
	{
		displayName: 'Detect Phrases',
		name: 'detectPhrases',
		type: 'boolean',
		default: false,
		description: 'Whether to mark actionable phrases in each sentence (see the Messages results)',
	},
	{
		displayName: 'Diarization Speaker Count',
		name: 'diarizationSpeakerCount',
		type: 'number',
		typeOptions: { minValue: 1, numberPrecision: 0 },
		default: 2,
		description: 'How many speakers take part. Sent only with Speaker Diarization.',
		displayOptions: { show: { enableSpeakerDiarization: [true] } },
	},
	{
		displayName: 'Enable All Trackers',
		name: 'enableAllTrackers',
		type: 'boolean',
		default: false,
		description: 'Whether to detect every tracker defined on your Symbl account (beta)',
	},
	{
		displayName: 'Enable Separate Recognition Per Channel',
		name: 'enableSeparateRecognitionPerChannel',
		type: 'boolean',
		default: false,
		description: 'Whether each audio channel is a separate speaker',
	},
	{
		displayName: 'Enable Speaker Diarization',
		name: 'enableSpeakerDiarization',
		type: 'boolean',
		default: false,
		description:
			'Whether to tell speakers apart in a single audio stream (English and Spanish only)',
	},
	{
		displayName: 'Enable Summary',
		name: 'enableSummary',
		type: 'boolean',
		default: false,
		description: 'Whether to prepare the conversation for the Summary API (alpha)',
	},
	{
		displayName: 'Entities',
		name: 'entities',
		type: 'fixedCollection',
		placeholder: 'Add Custom Entity',
		typeOptions: { multipleValues: true },
		default: {},
		description: 'Custom entities to detect in the transcript',
		options: [
			{
				displayName: 'Entity',
				name: 'entity',
				values: [
					{
						displayName: 'Custom Type',
						name: 'customType',
						type: 'string',
						default: '',
						description: 'Your name for this kind of entity, for example "Product"',
					},
					{
						displayName: 'Text',
						name: 'text',
						type: 'string',
						default: '',
						description: 'The text to look for in the transcript',
					},
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						default: '',
						description: 'Optional normalised value reported when the text is found',
					},
				],
			},
		],
	},
	{
		displayName: 'Language Code',
		name: 'languageCode',
		type: 'options',
		options: LANGUAGE_CODES.map(([value, label]) => ({ name: `${label} (${value})`, value })),
		default: 'en-US',
		description:
			'Language spoken in the recording. Insights (topics, action items, …) are English only.',
	},
	{
		displayName: 'Meeting Name',
		name: 'name',
		type: 'string',
		default: '',
		description: 'Name of the meeting. Symbl uses the conversation ID when it is not set.',
	},
	{
		displayName: 'Mode',
		name: 'mode',
		type: 'options',
		options: [
			{ name: 'Default', value: 'default' },
			{ name: 'Phone', value: 'phone', description: 'Tuned for 8 kHz phone-call audio' },
		],
		default: 'default',
	},
	{
		displayName: 'Trackers',
		name: 'trackers',
		type: 'fixedCollection',
		placeholder: 'Add Tracker',
		typeOptions: { multipleValues: true },
		default: {},
		description: 'Phrases to track, grouped under a name (beta)',
		options: [
			{
				displayName: 'Tracker',
				name: 'tracker',
				values: [
					{
						displayName: 'Name',
						name: 'name',
						type: 'string',
						default: '',
					},
					{
						displayName: 'Vocabulary',
						name: 'vocabulary',
						type: 'string',
						typeOptions: { multipleValues: true, multipleValueButtonText: 'Add Phrase' },
						default: [],
						description:
							"Phrases that count as this tracker. Symbl allows only . ' - as punctuation in them.",
					},
				],
			},
		],
	},
	{
		displayName: 'Webhook URL',
		name: 'webhookUrl',
		type: 'string',
		default: '',
		placeholder: 'https://your-n8n/webhook/…',
		description:
			'Where Symbl POSTs the job status (scheduled, in_progress, completed, failed). Use a Symbl Trigger node URL.',
	},
];

/** Field labels, so errors name the field the user sees. */
const LABELS = Object.fromEntries(
	processingOptionFields.map((field) => [field.name, field.displayName]),
) as Record<ProcessingParameterName, string>;

export function processingOptionLabel(name: ProcessingParameterName): string {
	return LABELS[name];
}

/** A list value from a multi-value field, or from an expression that gave a string or an array. */
function toStringList(value: unknown): string[] {
	const items = Array.isArray(value)
		? value
		: typeof value === 'string'
			? value.split(/[\n,]/)
			: [value];
	return items.map((item) => String(item ?? '').trim()).filter((item) => item !== '');
}

function fixedCollectionRows(value: unknown, key: string): IDataObject[] {
	const rows = (value as IDataObject | undefined)?.[key];
	return Array.isArray(rows) ? (rows as IDataObject[]) : [];
}

function isSet(value: unknown): boolean {
	return value !== undefined && value !== null && value !== '';
}

export function isAbsoluteHttpUrl(value: string): boolean {
	try {
		const url = new URL(value);
		return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
	} catch {
		return false;
	}
}

/**
 * Validates the options the user set and turns them into Symbl's query values.
 * Throws a NodeOperationError naming the item and the field; nothing is sent then.
 */
export function buildProcessingQuery(
	node: INode,
	itemIndex: number,
	options: IDataObject,
): Record<string, string> {
	const query: Record<string, string> = {};
	const fail = (name: ProcessingParameterName, problem: string): never => {
		throw new NodeOperationError(node, `Item ${itemIndex}: "${LABELS[name]}" ${problem}`, {
			itemIndex,
			description: `Fix the "${LABELS[name]}" option of the Symbl node; nothing was sent to Symbl for this item.`,
		});
	};
	const booleanOption = (name: ProcessingParameterName) => {
		const value = options[name];
		if (value === undefined) return;
		if (typeof value !== 'boolean')
			fail(name, `must be true or false, got ${JSON.stringify(value)}`);
		query[name] = String(value);
	};

	if (isSet(options.name)) query.name = String(options.name);

	if (isSet(options.webhookUrl)) {
		const webhookUrl = String(options.webhookUrl).trim();
		if (!isAbsoluteHttpUrl(webhookUrl)) {
			fail('webhookUrl', `must be an absolute http(s) URL, got ${JSON.stringify(webhookUrl)}`);
		}
		query.webhookUrl = webhookUrl;
	}

	if (options.customVocabulary !== undefined) {
		const words = toStringList(options.customVocabulary);
		if (words.length) query.customVocabulary = JSON.stringify(words);
	}

	if (isSet(options.confidenceThreshold)) {
		const threshold = Number(options.confidenceThreshold);
		if (!Number.isFinite(threshold) || threshold < 0.5 || threshold > 1) {
			fail(
				'confidenceThreshold',
				`must be between 0.5 and 1.0, got ${JSON.stringify(options.confidenceThreshold)}`,
			);
		}
		query.confidenceThreshold = String(threshold);
	}

	booleanOption('detectPhrases');

	const entities = fixedCollectionRows(options.entities, 'entity').map((row, index) => {
		const customType = String(row.customType ?? '').trim();
		const text = String(row.text ?? '').trim();
		if (!customType || !text) {
			fail('entities', `row ${index + 1} needs both a Custom Type and a Text`);
		}
		const value = String(row.value ?? '').trim();
		return value ? { customType, text, value } : { customType, text };
	});
	if (entities.length) query.entities = JSON.stringify(entities);

	booleanOption('detectEntities');

	if (isSet(options.languageCode)) {
		const code = String(options.languageCode);
		if (!LANGUAGE_CODES.some(([supported]) => supported === code)) {
			fail('languageCode', `${JSON.stringify(code)} is not a language Symbl supports`);
		}
		query.languageCode = code;
	}

	if (isSet(options.mode)) {
		const mode = String(options.mode);
		if (mode !== 'default' && mode !== 'phone')
			fail('mode', `must be "default" or "phone", got ${JSON.stringify(mode)}`);
		query.mode = mode;
	}

	booleanOption('enableSeparateRecognitionPerChannel');
	// Shown only with per-channel recognition in the UI; sent only with it, likewise.
	if (options.enableSeparateRecognitionPerChannel === true) {
		const channels = fixedCollectionRows(options.channelMetadata, 'channels').map((row, index) => {
			const channel = Number(row.channel);
			if (!Number.isInteger(channel) || channel < 1) {
				fail('channelMetadata', `row ${index + 1}: channel must be a whole number of at least 1`);
			}
			// Symbl requires a speaker per channel; a row without name or email would tell it nothing.
			const speaker: IDataObject = {};
			const name = String(row.speakerName ?? '').trim();
			const email = String(row.speakerEmail ?? '').trim();
			if (name) speaker.name = name;
			if (email) speaker.email = email;
			if (!name && !email) {
				fail('channelMetadata', `row ${index + 1} needs a Speaker Name or a Speaker Email`);
			}
			return { channel, speaker };
		});
		if (channels.length) query.channelMetadata = JSON.stringify(channels);
	}

	const trackers = fixedCollectionRows(options.trackers, 'tracker').map((row, index) => {
		const name = String(row.name ?? '').trim();
		const vocabulary = toStringList(row.vocabulary);
		if (!name || !vocabulary.length)
			fail('trackers', `row ${index + 1} needs a Name and at least one phrase`);
		for (const phrase of vocabulary) {
			const refused = phrase.match(TRACKER_PHRASE_REFUSED);
			if (refused) {
				fail(
					'trackers',
					`row ${index + 1}: phrase ${JSON.stringify(phrase)} contains "${[...new Set(refused)].join(' ')}"; Symbl allows only . ' - as punctuation in tracker vocabulary`,
				);
			}
		}
		return { name, vocabulary };
	});
	if (trackers.length) query.trackers = JSON.stringify(trackers);

	booleanOption('enableAllTrackers');
	booleanOption('enableSummary');
	booleanOption('enableSpeakerDiarization');
	// Shown only with diarization in the UI; sent only with it, likewise.
	if (options.enableSpeakerDiarization === true && isSet(options.diarizationSpeakerCount)) {
		const count = Number(options.diarizationSpeakerCount);
		if (!Number.isInteger(count) || count < 1) {
			fail(
				'diarizationSpeakerCount',
				`must be a whole number of at least 1, got ${JSON.stringify(options.diarizationSpeakerCount)}`,
			);
		}
		query.diarizationSpeakerCount = String(count);
	}

	return query;
}
