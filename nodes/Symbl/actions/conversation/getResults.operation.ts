import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { conversationIdField, getConversationId, requestOptionsField } from '../fields';
import { symblGet } from '../../transport';

/** Conversation API sub-resources: path segment, and the key Symbl puts the list under. */
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
		description: 'Which results to read; each becomes a field of the output item',
	},
	requestOptionsField,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['conversation'], operation: ['getResults'] } },
	properties,
);

/** One item per conversation: {conversationId, messages: […], topics: […], …}. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const conversationId = getConversationId(this, itemIndex);
	const results = this.getNodeParameter('results', itemIndex, []) as ResultName[];
	const item: IDataObject = { conversationId };
	for (const name of results) {
		const result = RESULTS[name];
		if (!result) continue;
		const response = await symblGet(
			this,
			itemIndex,
			`/v1/conversations/${encodeURIComponent(conversationId)}/${result.path}`,
		);
		item[name] = response[result.key] ?? [];
	}
	return item;
}
