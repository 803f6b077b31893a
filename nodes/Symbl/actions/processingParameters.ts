/**
 * The processing parameters Symbl takes with every upload, one table entry per parameter: its API
 * name, its UI field, and how a value is read (validated, normalised). Everything else is derived
 * from the table: the upload operations' Options fields, their validation, the query string of
 * file uploads (scalars as text, lists and objects JSON-encoded, as Symbl expects) and the JSON
 * body of URL uploads. Adding a parameter is adding one entry.
 */
import type { IDataObject, INode, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { redactSecrets } from '../../shared/redact';
import { isAbsoluteHttpUrl } from '../helpers/validate';

/** What a parameter sends: a scalar, or a list/object that a query string JSON-encodes. */
export type ParameterValue = string | number | boolean | string[] | IDataObject[];

/** Throws the item's error for this parameter; `problem` completes "<Field label> …". */
export type Fail = (problem: string) => never;

export interface ProcessingParameter {
	/** Symbl's name: the query key of file uploads, the body key of URL uploads, the field name. */
	name: string;
	field: Omit<INodeProperties, 'name' | 'displayOptions'>;
	/** A boolean parameter this one depends on: shown, validated and sent only when it is on. */
	requires?: string;
	/** About speech in a recording: Symbl's text calls do not take it (their docs list the rest). */
	recordingsOnly?: true;
	/** The value to send, or undefined to send nothing. */
	read: (value: unknown, fail: Fail) => ParameterValue | undefined;
}

const isSet = (value: unknown) => value !== undefined && value !== null && value !== '';

/** Longest single text Symbl is sent (a name, a phrase, an entity); a meeting needs far less. */
const MAX_TEXT_CHARS = 500;

/** A text value, refused when it holds control characters (NUL, newlines) or is too long. */
export function cleanText(value: unknown, fail: Fail, what = 'a value'): string {
	const text = String(value ?? '').trim();
	if (/\p{Cc}/u.test(text)) {
		fail(
			`has control characters (such as a line break) in ${what}: ${JSON.stringify(text.slice(0, 60))}`,
		);
	}
	if (text.length > MAX_TEXT_CHARS) {
		fail(`has ${what} of ${text.length} characters; at most ${MAX_TEXT_CHARS} are allowed`);
	}
	return text;
}

/**
 * A list from a multi-value field (one entry per phrase), or from an expression that gave an
 * array or text with one phrase per line. Commas do not split: "Smith, John" is one phrase.
 */
function toStringList(value: unknown, fail: Fail): string[] {
	const items = Array.isArray(value)
		? value
		: typeof value === 'string'
			? value.split(/\r?\n/)
			: [value];
	return items
		.filter((item) => item !== undefined && item !== null)
		.map((item) => cleanText(item, fail, 'a phrase'))
		.filter((item) => item !== '');
}

// Readers, one per kind of value.
export const text = (value: unknown, fail: Fail) =>
	isSet(value) ? cleanText(value, fail) : undefined;

export const flag = (value: unknown, fail: Fail) => {
	if (value === undefined) return undefined;
	if (typeof value !== 'boolean') fail(`must be true or false, got ${JSON.stringify(value)}`);
	return value as boolean;
};

const list = (value: unknown, fail: Fail) => {
	const words = toStringList(value, fail);
	return words.length ? words : undefined;
};

const oneOf =
	(allowed: readonly string[], describe: (value: string) => string) =>
	(value: unknown, fail: Fail) => {
		if (!isSet(value)) return undefined;
		const chosen = String(value);
		if (!allowed.includes(chosen)) fail(describe(chosen));
		return chosen;
	};

/** Rows of a fixedCollection, each turned into the object Symbl expects; none → not sent. */
const rows =
	(key: string, toObject: (row: IDataObject, fail: Fail) => IDataObject) =>
	(value: unknown, fail: Fail) => {
		const found = (value as IDataObject | undefined)?.[key];
		const objects = (Array.isArray(found) ? (found as IDataObject[]) : []).map((row, index) =>
			toObject(row, (problem) =>
				fail(`row ${index + 1}${problem.startsWith(':') ? '' : ' '}${problem}`),
			),
		);
		return objects.length ? objects : undefined;
	};

/** A text column of a fixedCollection row. */
const textColumn = (displayName: string, name: string, extra: Partial<INodeProperties> = {}) =>
	({ displayName, name, type: 'string', default: '', ...extra }) as INodeProperties;

/** More speakers than any meeting recording separates; a larger count is a mistake. */
const MAX_SPEAKERS = 100;

/** Symbl refuses tracker vocabulary with punctuation other than . ' and -. */
const TRACKER_PHRASE_REFUSED = /[^\p{L}\p{M}\p{N}\s.'-]/gu;

export const LANGUAGE_CODES = [
	['ar-SA', 'Arabic (Saudi Arabia)'],
	['nl-NL', 'Dutch (Netherlands)'],
	['en-AU', 'English (Australia)'],
	['en-IN', 'English (India)'],
	['en-IE', 'English (Ireland)'],
	['en-ZA', 'English (South Africa)'],
	['en-GB', 'English (United Kingdom)'],
	['en-US', 'English (United States)'],
	['fr-CA', 'French (Canada)'],
	['fr-FR', 'French (France)'],
	['de-DE', 'German (Germany)'],
	['hi-IN', 'Hindi (India)'],
	['it-IT', 'Italian (Italy)'],
	['ja-JP', 'Japanese (Japan)'],
	['fa-IR', 'Persian (Iran)'],
	['pt-BR', 'Portuguese (Brazil)'],
	['pt-PT', 'Portuguese (Portugal)'],
	['ru-RU', 'Russian (Russia)'],
	['es-ES', 'Spanish (Spain)'],
	['es-US', 'Spanish (United States)'],
] as const;

/** In the order Symbl's docs list them; the UI sorts the fields by label. */
export const PROCESSING_PARAMETERS: ProcessingParameter[] = [
	{
		name: 'name',
		field: {
			displayName: 'Meeting Name',
			type: 'string',
			default: '',
			description: 'Name of the meeting. Symbl uses the conversation ID when it is not set.',
		},
		read: text,
	},
	{
		name: 'webhookUrl',
		field: {
			displayName: 'Webhook URL',
			type: 'string',
			default: '',
			placeholder: 'https://your-n8n/webhook/…',
			description:
				'Where Symbl POSTs the job status (scheduled, in_progress, completed, failed). Use a Symbl Trigger node URL.',
		},
		read: (value, fail) => {
			if (!isSet(value)) return undefined;
			const url = String(value).trim();
			if (!isAbsoluteHttpUrl(url))
				fail(`must be an absolute http(s) URL, got ${JSON.stringify(redactSecrets(url))}`);
			return url;
		},
	},
	{
		name: 'customVocabulary',
		recordingsOnly: true,
		field: {
			displayName: 'Custom Vocabulary',
			type: 'string',
			typeOptions: { multipleValues: true, multipleValueButtonText: 'Add Word or Phrase' },
			default: [],
			description: 'Words and phrases that help the speech recognizer, for example product names',
		},
		read: list,
	},
	{
		name: 'confidenceThreshold',
		field: {
			displayName: 'Confidence Threshold',
			type: 'number',
			typeOptions: { minValue: 0.5, maxValue: 1, numberPrecision: 2 },
			default: 0.5,
			description: 'Minimum confidence (0.5 to 1.0) for an insight to be reported',
		},
		read: (value, fail) => {
			if (!isSet(value)) return undefined;
			const threshold =
				typeof value === 'number' || typeof value === 'string' ? Number(value) : NaN;
			if (!Number.isFinite(threshold) || threshold < 0.5 || threshold > 1) {
				fail(`must be between 0.5 and 1.0, got ${JSON.stringify(value)}`);
			}
			return threshold;
		},
	},
	{
		name: 'detectPhrases',
		field: {
			displayName: 'Detect Phrases',
			type: 'boolean',
			default: false,
			description: 'Whether to mark actionable phrases in each sentence (see the Messages results)',
		},
		read: flag,
	},
	{
		name: 'entities',
		field: {
			displayName: 'Entities',
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
						textColumn('Custom Type', 'customType', {
							description: 'Your name for this kind of entity, for example "Product"',
						}),
						textColumn('Text', 'text', { description: 'The text to look for in the transcript' }),
						textColumn('Value', 'value', {
							description: 'Optional normalised value reported when the text is found',
						}),
					],
				},
			],
		},
		read: rows('entity', (row, fail) => {
			const customType = cleanText(row.customType, fail);
			const text = cleanText(row.text, fail);
			if (!customType || !text) fail('needs both a Custom Type and a Text');
			const value = cleanText(row.value, fail);
			return value ? { customType, text, value } : { customType, text };
		}),
	},
	{
		name: 'detectEntities',
		field: {
			displayName: 'Detect Entities',
			type: 'boolean',
			default: false,
			description:
				'Whether to detect entities (people, organisations, dates, …) in the conversation',
		},
		read: flag,
	},
	{
		name: 'languageCode',
		recordingsOnly: true,
		field: {
			displayName: 'Language Code',
			type: 'options',
			options: LANGUAGE_CODES.map(([value, label]) => ({ name: `${label} (${value})`, value })),
			default: 'en-US',
			description:
				'Language spoken in the recording. Insights (topics, action items, …) are English only.',
		},
		read: oneOf(
			LANGUAGE_CODES.map(([code]) => code),
			(code) => `${JSON.stringify(code)} is not a language Symbl supports`,
		),
	},
	{
		name: 'mode',
		recordingsOnly: true,
		field: {
			displayName: 'Mode',
			type: 'options',
			options: [
				{ name: 'Default', value: 'default' },
				{ name: 'Phone', value: 'phone', description: 'Tuned for 8 kHz phone-call audio' },
			],
			default: 'default',
		},
		read: oneOf(
			['default', 'phone'],
			(mode) => `must be "default" or "phone", got ${JSON.stringify(mode)}`,
		),
	},
	{
		name: 'enableSeparateRecognitionPerChannel',
		recordingsOnly: true,
		field: {
			displayName: 'Enable Separate Recognition Per Channel',
			type: 'boolean',
			default: false,
			description: 'Whether each audio channel is a separate speaker',
		},
		read: flag,
	},
	{
		name: 'channelMetadata',
		recordingsOnly: true,
		requires: 'enableSeparateRecognitionPerChannel',
		field: {
			displayName: 'Channel Metadata',
			type: 'fixedCollection',
			placeholder: 'Add Channel',
			typeOptions: { multipleValues: true },
			default: {},
			description:
				'Who speaks on which audio channel. Sent only with Separate Recognition Per Channel.',
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
						textColumn('Speaker Name', 'speakerName'),
						textColumn('Speaker Email', 'speakerEmail', { placeholder: 'name@email.com' }),
					],
				},
			],
		},
		read: rows('channels', (row, fail) => {
			const channel = typeof row.channel === 'boolean' ? NaN : Number(row.channel);
			if (!Number.isInteger(channel) || channel < 1 || channel > 64) {
				fail(': channel must be a whole number from 1 to 64');
			}
			const speaker: IDataObject = {};
			const name = cleanText(row.speakerName, fail);
			const email = cleanText(row.speakerEmail, fail);
			if (name) speaker.name = name;
			if (email) speaker.email = email;
			// Symbl's docs require a speaker per channel; a row without name or email tells it nothing.
			if (!name && !email) fail('needs a Speaker Name or a Speaker Email');
			return { channel, speaker };
		}),
	},
	{
		name: 'trackers',
		field: {
			displayName: 'Trackers',
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
						textColumn('Name', 'name'),
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
		read: rows('tracker', (row, fail) => {
			const name = cleanText(row.name, fail);
			const vocabulary = toStringList(row.vocabulary, fail);
			if (!name || !vocabulary.length) fail('needs a Name and at least one phrase');
			for (const phrase of vocabulary) {
				const refused = phrase.match(TRACKER_PHRASE_REFUSED);
				if (refused) {
					fail(
						`: phrase ${JSON.stringify(phrase)} contains "${[...new Set(refused)].join(' ')}"; Symbl allows only . ' - as punctuation in tracker vocabulary`,
					);
				}
			}
			return { name, vocabulary };
		}),
	},
	{
		name: 'enableAllTrackers',
		field: {
			displayName: 'Enable All Trackers',
			type: 'boolean',
			default: false,
			description: 'Whether to detect every tracker defined on your Symbl account (beta)',
		},
		read: flag,
	},
	{
		name: 'enableSummary',
		field: {
			displayName: 'Enable Summary',
			type: 'boolean',
			default: false,
			description: 'Whether to prepare the conversation for the Summary API (alpha)',
		},
		read: flag,
	},
	{
		name: 'enableSpeakerDiarization',
		recordingsOnly: true,
		field: {
			displayName: 'Enable Speaker Diarization',
			type: 'boolean',
			default: false,
			description:
				'Whether to tell speakers apart in a single audio stream (English and Spanish only)',
		},
		read: flag,
	},
	{
		name: 'diarizationSpeakerCount',
		recordingsOnly: true,
		requires: 'enableSpeakerDiarization',
		field: {
			displayName: 'Diarization Speaker Count',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: MAX_SPEAKERS, numberPrecision: 0 },
			default: 2,
			description: 'How many speakers take part. Sent only with Speaker Diarization.',
		},
		read: (value, fail) => {
			if (!isSet(value)) return undefined;
			const count = typeof value === 'number' || typeof value === 'string' ? Number(value) : NaN;
			if (!Number.isInteger(count) || count < 1 || count > MAX_SPEAKERS) {
				fail(`must be a whole number from 1 to ${MAX_SPEAKERS}, got ${JSON.stringify(value)}`);
			}
			return count;
		},
	},
];

export const PROCESSING_PARAMETER_NAMES = PROCESSING_PARAMETERS.map(({ name }) => name);

/** What Symbl's text calls take: the parameters that are not about speech in a recording. */
export const TEXT_PROCESSING_PARAMETERS = PROCESSING_PARAMETERS.filter(
	({ recordingsOnly }) => !recordingsOnly,
);

/** The label the user sees for a parameter, for messages. */
export function parameterLabel(name: string): string {
	return (
		PROCESSING_PARAMETERS.find((parameter) => parameter.name === name)?.field.displayName ?? name
	);
}

/** The UI fields, for an upload operation's "Options" collection. */
export function processingParameterFields(
	parameters: ProcessingParameter[] = PROCESSING_PARAMETERS,
): INodeProperties[] {
	return parameters.map(({ name, field, requires }) => {
		const property = { ...field, name } as INodeProperties;
		return requires
			? updateDisplayOptions({ show: { [requires]: [true] } }, [property])[0]
			: property;
	});
}

/**
 * Validates the options the user set and returns the values to send, keyed by Symbl's names: as
 * they are, the JSON body of a URL upload; through toQuery, a file upload's query. Throws a NodeOperationError naming the item and the field; nothing is sent then.
 */
export function readProcessingParameters(
	node: INode,
	itemIndex: number,
	options: IDataObject,
	parameters: ProcessingParameter[] = PROCESSING_PARAMETERS,
): Record<string, ParameterValue> {
	const values: Record<string, ParameterValue> = {};
	for (const { name, field, requires, read } of parameters) {
		if (requires && options[requires] !== true) continue;
		const fail: Fail = (problem) => {
			throw new NodeOperationError(node, `Item ${itemIndex}: "${field.displayName}" ${problem}`, {
				itemIndex,
				description: `Fix the "${field.displayName}" option of the Symbl node; nothing was sent to Symbl for this item.`,
			});
		};
		const value = read(options[name], fail);
		if (value !== undefined) values[name] = value;
	}
	return values;
}

/** File uploads carry the parameters in the query string: lists and objects as JSON text. */
export function toQuery(values: Record<string, ParameterValue>): Record<string, string> {
	return Object.fromEntries(
		Object.entries(values).map(([name, value]) => [
			name,
			typeof value === 'object' ? JSON.stringify(value) : String(value),
		]),
	);
}
