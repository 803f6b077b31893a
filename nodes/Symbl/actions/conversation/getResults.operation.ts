import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { conversationIdField, getConversationId } from '../../helpers/validate';
import { symblApiRequest } from '../../transport';

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

const show = { show: { resource: ['conversation'], operation: ['getResults'] } };

export const description: INodeProperties[] = [
	conversationIdField(
		'The conversation to read, for example the one the Symbl Trigger reports',
		show,
	),
	{
		displayName: 'Results',
		name: 'results',
		type: 'multiOptions',
		options: Object.entries(RESULTS)
			.map(([value, { label }]) => ({ name: label, value }))
			.sort((a, b) => a.name.localeCompare(b.name)),
		default: ['messages', 'topics', 'actionItems', 'questions', 'summary'],
		description: 'Which results to read; each becomes a field of the output item',
		displayOptions: show,
	},
];

/** One item per conversation: {conversationId, messages: […], topics: […], …}. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const conversationId = getConversationId(this, itemIndex);
	const results = this.getNodeParameter('results', itemIndex, []) as ResultName[];
	const item: IDataObject = { conversationId };
	for (const name of results) {
		const result = RESULTS[name];
		if (!result) continue;
		const response = await symblApiRequest(
			this,
			itemIndex,
			'GET',
			`/v1/conversations/${encodeURIComponent(conversationId)}/${result.path}`,
		);
		// trackers-detected answers a bare array; the others put the list under result.key.
		const list = Array.isArray(response) ? response : response[result.key];
		item[name] = list ?? [];
	}
	return [{ json: item, pairedItem: { item: itemIndex } }];
}
