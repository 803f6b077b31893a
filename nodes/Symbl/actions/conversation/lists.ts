/**
 * The Conversation API's lists, one table entry each: `GET /v1/conversations/{id}/{path}` answers
 * `{<name>: […]}`, except trackers-detected, which answers a bare array (`{trackers: […]}` is
 * accepted too). Get Results reads several of them into one item; each also has its own
 * operation, made by listOperation: one n8n item per entry, or one item holding the list.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { symblGet } from '../../transport';
import type { ProcessingParameter } from '../processingParameters';
import { processingParameterFields } from '../processingParameters';
import type { ConversationOperation } from './conversationOperation';
import { conversationOperation, conversationPath, readQuery } from './conversationOperation';

export const LISTS = {
	actionItems: { path: 'action-items', label: 'Action Items', entry: 'action item' },
	entities: { path: 'entities', label: 'Entities', entry: 'entity' },
	followUps: { path: 'follow-ups', label: 'Follow-Ups', entry: 'follow-up' },
	insights: { path: 'insights', label: 'Insights', entry: 'insight' },
	members: { path: 'members', label: 'Members', entry: 'member' },
	messages: { path: 'messages', label: 'Messages', entry: 'message' },
	questions: { path: 'questions', label: 'Questions', entry: 'question' },
	summary: { path: 'summary', label: 'Summary', entry: 'summary part' },
	topics: { path: 'topics', label: 'Topics', entry: 'topic' },
	trackers: { path: 'trackers-detected', label: 'Trackers', entry: 'tracker' },
} as const;

export type ListName = keyof typeof LISTS;

/** Symbl answered for a list it has not built yet: `{"summary": null, "status": "in_progress"}`. */
export class NotReadyError extends NodeOperationError {
	constructor(
		ctx: IExecuteFunctions,
		itemIndex: number,
		name: ListName,
		readonly status: string,
	) {
		super(
			ctx.getNode(),
			`Symbl has no ${LISTS[name].label.toLowerCase()} for this conversation yet (status "${status}")`,
			{
				itemIndex,
				description:
					'Symbl answered while the conversation is still being processed. Read it again once its job has completed (Wait for Completion on the upload, or the Symbl Trigger).',
			},
		);
	}
}

/** One list of a conversation, as Symbl gave it. */
export async function readList(
	ctx: IExecuteFunctions,
	itemIndex: number,
	conversationId: string,
	name: ListName,
	qs?: Record<string, string>,
): Promise<unknown[]> {
	const path = conversationPath(conversationId, LISTS[name].path);
	const response = (await symblGet(ctx, itemIndex, path, qs)) as unknown;
	const list = Array.isArray(response) ? response : (response as IDataObject | null)?.[name];
	const status = (response as IDataObject | null)?.status;
	if (!Array.isArray(list) && (list === undefined || list === null) && typeof status === 'string') {
		throw new NotReadyError(ctx, itemIndex, name, status.slice(0, 40));
	}
	if (!Array.isArray(list)) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Symbl's answer to GET ${LISTS[name].path} holds no "${name}" list`,
			{ itemIndex },
		);
	}
	return list;
}

const isObject = (value: unknown): value is IDataObject =>
	value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * The operation that reads one list: "Get <Label>", with "Split Into Items" and the query
 * parameters Symbl documents for that list. Its action ("Get the <label> of a conversation"
 * unless given) is also what n8n tells an AI Agent the tool does: "<action> in Symbl".
 */
export function listOperation(
	name: ListName,
	description: string,
	parameters: ProcessingParameter[] = [],
	action?: string,
): ConversationOperation<Record<string, string>> {
	const { label, entry } = LISTS[name];
	return conversationOperation({
		value: `get${name[0].toUpperCase()}${name.slice(1)}`,
		name: `Get ${label}`,
		action: action ?? `Get the ${label.toLowerCase()} of a conversation`,
		description,
		fields: [
			{
				displayName: 'Split Into Items',
				name: 'splitIntoItems',
				type: 'boolean',
				default: true,
				description: `Whether to output one item per ${entry}, each paired with its input item. When off, or when the conversation has no ${entry}, each input item gives one item {conversationId, ${name}: […]}.`,
			},
		],
		optionFields: processingParameterFields(parameters),
		read: (ctx, itemIndex) => readQuery(ctx, itemIndex, parameters),
		async run(ctx, itemIndex, { conversationId, input: query }) {
			const list = await readList(ctx, itemIndex, conversationId, name, query);
			// An empty list is one item all the same: an input item that gave no output item would
			// stop the workflow there without a word.
			if (!ctx.getNodeParameter('splitIntoItems', itemIndex, true) || list.length === 0) {
				return { conversationId, [name]: list as IDataObject[] };
			}
			return list.map((value) => (isObject(value) ? value : { value: value as string }));
		},
	});
}
