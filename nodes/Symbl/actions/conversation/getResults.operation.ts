import type { IDataObject, IExecuteFunctions, INodeProperties, NodeApiError } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { conversationIdField, getConversationId, requestOptionsField } from '../fields';
import { symblGet } from '../../transport';

/**
 * Conversation API sub-resources: path segment, and the key Symbl puts the list under
 * (trackers-detected answers a bare array; `{trackers: […]}` is accepted too).
 */
const RESULTS = {
	messages: { path: 'messages', key: 'messages', label: 'Transcript (Messages)' },
	topics: { path: 'topics', key: 'topics', label: 'Topics' },
	actionItems: { path: 'action-items', key: 'actionItems', label: 'Action Items' },
	followUps: { path: 'follow-ups', key: 'followUps', label: 'Follow-Ups' },
	questions: { path: 'questions', key: 'questions', label: 'Questions' },
	summary: { path: 'summary', key: 'summary', label: 'Summary' },
	entities: { path: 'entities', key: 'entities', label: 'Entities' },
	trackers: { path: 'trackers-detected', key: 'trackers', label: 'Trackers' },
	members: { path: 'members', key: 'members', label: 'Members' },
} as const;

type ResultName = keyof typeof RESULTS;

const properties: INodeProperties[] = [
	conversationIdField('The conversation to read, for example the one the Symbl Trigger reports'),
	{
		displayName: 'Results',
		name: 'results',
		type: 'multiOptions',
		options: Object.entries(RESULTS)
			.map(([value, { label }]) => ({ name: label, value }))
			.sort((a, b) => a.name.localeCompare(b.name)),
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
	const results = this.getNodeParameter('results', itemIndex, []) as ResultName[];
	const item: IDataObject = { conversationId };
	const failures: unknown[] = [];
	let attempted = 0;
	for (const name of results) {
		const result = RESULTS[name];
		if (!result) continue;
		attempted++;
		try {
			const response = await symblGet(
				this,
				itemIndex,
				`/v1/conversations/${encodeURIComponent(conversationId)}/${result.path}`,
			);
			// trackers-detected answers a bare array; the others put the list under result.key.
			const list = Array.isArray(response) ? response : response[result.key];
			item[name] = list ?? [];
		} catch (error) {
			failures.push(error);
			item[name] = partNote(error);
		}
	}
	if (attempted > 0 && failures.length === attempted) throw failures[0];
	return item;
}
