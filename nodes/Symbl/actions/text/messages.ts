/**
 * Text for Symbl's text calls: each input item is one message, built from fields the user maps
 * (text, speaker name and email, optional start and end times) into the shape Symbl documents:
 *   {payload: {content}, from?: {name?, userId?}, duration?: {startTime?, endTime?}}
 * Every field is checked before anything is sent; an error names the item and the field.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { Fail } from '../processingParameters';
import { cleanText } from '../processingParameters';

export const messageFields: INodeProperties[] = [
	{
		displayName: 'Input Items',
		name: 'messageGrouping',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'All Items as One Upload',
				value: 'allItems',
				description:
					'Each input item is one message; all of them, in item order, are sent as one upload (a transcript or chat that arrives as one item per line). Outputs one item.',
			},
			{
				name: 'Each Item as Its Own Upload',
				value: 'eachItem',
				description: 'Each input item is one message, sent on its own: one job per item',
			},
		],
		default: 'allItems',
		hint: 'With all items as one upload, the Conversation ID and the options are read from the first item',
	},
	{
		displayName: 'Message Text',
		name: 'text',
		type: 'string',
		typeOptions: { rows: 2 },
		default: '={{ $json.text }}',
		required: true,
		description: "The message's text (Symbl's payload.content)",
	},
	{
		displayName: 'Speaker Name',
		name: 'speakerName',
		type: 'string',
		default: '',
		placeholder: '={{ $json.speaker }}',
		description: 'Who said or wrote the message (from.name). Optional.',
	},
	{
		displayName: 'Speaker Email',
		name: 'speakerEmail',
		type: 'string',
		default: '',
		placeholder: 'name@email.com',
		description:
			"Sent as the speaker's userId (from.userId): Symbl prefers an email address, but any unique ID of the speaker works. Optional.",
	},
	{
		displayName: 'Start Time',
		name: 'startTime',
		type: 'string',
		default: '',
		placeholder: '2020-07-21T16:04:19.99Z',
		description:
			'When the message began (duration.startTime): an ISO 8601 date-time with a time zone. Optional.',
	},
	{
		displayName: 'End Time',
		name: 'endTime',
		type: 'string',
		default: '',
		placeholder: '2020-07-21T16:04:20.99Z',
		description:
			'When the message ended (duration.endTime): an ISO 8601 date-time with a time zone. Optional.',
	},
];

const labels = Object.fromEntries(
	messageFields.map(({ name, displayName }) => [name, displayName]),
);

/** ISO 8601 as Symbl's examples write it: a date, a time, and a time zone (Z or ±hh:mm). */
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;

/** Control characters other than tab and line breaks, which a message's text may hold. */
const CONTROL_IN_TEXT = /[^\P{Cc}\t\n\r]/u;

function readContent(value: unknown, fail: Fail): string {
	if (typeof value !== 'string' && typeof value !== 'number') {
		fail(value === undefined || value === null ? 'is empty' : `must be text, got ${typeof value}`);
	}
	const content = String(value).trim();
	if (content === '') fail('is empty: every message needs its text');
	const control = CONTROL_IN_TEXT.exec(content);
	if (control) {
		fail(`has a control character (U+${control[0].charCodeAt(0).toString(16).padStart(4, '0')})`);
	}
	return content;
}

function readOptionalText(value: unknown, fail: Fail): string | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	if (typeof value !== 'string' && typeof value !== 'number') {
		fail(`must be text, got ${typeof value}`);
	}
	return cleanText(value, fail) || undefined;
}

/** A date-time as ISO 8601 in UTC; n8n's DateTime and Date values are taken as they are. */
function readTime(value: unknown, fail: Fail): string | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	let ms = NaN;
	if (value instanceof Date) ms = value.getTime();
	else if (typeof (value as { toMillis?: unknown })?.toMillis === 'function') {
		ms = (value as { toMillis: () => number }).toMillis();
	} else if (typeof value === 'string' && ISO_DATE_TIME.test(value.trim())) {
		ms = Date.parse(value.trim());
	} else {
		fail(
			`must be an ISO 8601 date-time with a time zone, such as 2020-07-21T16:04:19.99Z; got ${JSON.stringify(value)?.slice(0, 60)}`,
		);
	}
	if (!Number.isFinite(ms)) fail(`is not a real date-time: ${JSON.stringify(value)?.slice(0, 60)}`);
	return new Date(ms).toISOString();
}

/** The item's message, checked; throws naming the item and the field. */
export function readMessage(ctx: IExecuteFunctions, itemIndex: number): IDataObject {
	const read = <T>(name: string, reader: (value: unknown, fail: Fail) => T): T =>
		reader(ctx.getNodeParameter(name, itemIndex, ''), (problem) => {
			throw new NodeOperationError(
				ctx.getNode(),
				`Item ${itemIndex}: "${labels[name]}" ${problem}`,
				{
					itemIndex,
					description: `Each input item is one message; fix "${labels[name]}" (or the item). Nothing was sent to Symbl.`,
				},
			);
		});
	const message: IDataObject = { payload: { content: read('text', readContent) } };

	const name = read('speakerName', readOptionalText);
	const userId = read('speakerEmail', readOptionalText);
	if (name !== undefined || userId !== undefined) {
		message.from = { ...(name !== undefined && { name }), ...(userId !== undefined && { userId }) };
	}

	const startTime = read('startTime', readTime);
	const endTime = read('endTime', (value, fail) => {
		const end = readTime(value, fail);
		if (end !== undefined && startTime !== undefined && end < startTime) {
			fail(`(${end}) is before the Start Time (${startTime})`);
		}
		return end;
	});
	if (startTime !== undefined || endTime !== undefined) {
		message.duration = {
			...(startTime !== undefined && { startTime }),
			...(endTime !== undefined && { endTime }),
		};
	}
	return message;
}
