import type {
	IDataObject,
	IExecuteFunctions,
	INodeProperties,
	INodePropertyOptions,
	NodeApiError,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { conversationIdField, getConversationId, requestOptionsField } from '../fields';
import type { ListName } from './lists';
import { LISTS, NotReadyError, readList } from './lists';

/** The parts Get Results offers: every list but Insights (which repeats three of them). */
const PARTS: ListName[] = (Object.keys(LISTS) as ListName[]).filter((name) => name !== 'insights');
const partLabel = (name: ListName) =>
	name === 'messages' ? 'Transcript (Messages)' : LISTS[name].label;

export const option: INodePropertyOptions & { value: string } = {
	name: 'Get Results',
	value: 'getResults',
	action: 'Get the transcript and insights of a conversation',
	description: 'Read the transcript and insights (topics, action items, questions, summary, …)',
};

const properties: INodeProperties[] = [
	conversationIdField('The conversation to read, for example the one the Symbl Trigger reports'),
	{
		displayName: 'Results',
		name: 'results',
		type: 'multiOptions',
		options: PARTS.map((value) => ({ name: partLabel(value), value })).sort((a, b) =>
			a.name.localeCompare(b.name),
		),
		default: ['messages', 'topics', 'actionItems', 'questions', 'summary'],
		description:
			'Which results to read; each becomes a field of the output item. A result Symbl cannot give yet (for example the Summary while processing runs) becomes a note such as {error: "not ready yet (404)"}.',
	},
	requestOptionsField,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['conversation'], operation: ['getResults'] } },
	properties,
);

/** What a part that could not be read becomes: a note instead of the list. */
function partNote(error: unknown): IDataObject {
	if (error instanceof NotReadyError) {
		return { error: `not ready yet (${error.status})`, message: error.message };
	}
	const { httpCode, description, message } = error as NodeApiError;
	if (httpCode === '404') {
		// Symbl answers 404 for a part it has not built yet (the summary, while a job runs).
		return description
			? { error: 'not ready yet (404)', message: description }
			: { error: 'not ready yet (404)' };
	}
	return { error: message };
}

/**
 * One item per conversation: {conversationId, messages: […], topics: […], …}. A part that
 * cannot be read becomes a note, e.g. summary: {error: "not ready yet (404)"}; the item
 * fails only when no part could be read.
 */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const conversationId = getConversationId(this, itemIndex);
	const results = this.getNodeParameter('results', itemIndex, []) as ListName[];
	const item: IDataObject = { conversationId };
	const failures: unknown[] = [];
	let attempted = 0;
	for (const name of results) {
		if (!PARTS.includes(name)) continue;
		attempted++;
		try {
			item[name] = (await readList(this, itemIndex, conversationId, name)) as IDataObject[];
		} catch (error) {
			failures.push(error);
			item[name] = partNote(error);
		}
	}
	if (attempted > 0 && failures.length === attempted) throw failures[0];
	return item;
}
