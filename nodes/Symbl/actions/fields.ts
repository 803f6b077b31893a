/** Fields more than one resource shows, with how their values are read. */
import type { IExecuteFunctions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { optionsCollection } from '../../shared/fields';
import { requirePathId } from '../helpers/validate';
import { readPolicyFields } from '../transport/retry';

/** The "Conversation ID" field, as Append Video and Get Results show it. */
export function conversationIdField(description: string): INodeProperties {
	return {
		displayName: 'Conversation ID',
		name: 'conversationId',
		type: 'string',
		default: '',
		required: true,
		placeholder: '5815170693595136',
		description,
	};
}

/** The item's validated "Conversation ID". */
export function getConversationId(ctx: IExecuteFunctions, itemIndex: number): string {
	return requirePathId(
		ctx.getNode(),
		itemIndex,
		'Conversation ID',
		ctx.getNodeParameter('conversationId', itemIndex),
	);
}

/** Which operations of a resource its AI Agent tool offers, and which one it starts with. */
export interface ToolOperations {
	operations: string[];
	default: string;
}

/**
 * The Operation selector of one resource, shown when that resource is chosen. With `tool`, the
 * tool variant n8n generates for AI Agents (type `…symblTool`, where the display condition
 * `@tool` is true) shows a selector of its own, with only those operations: an agent's tool call
 * carries JSON arguments, never a file, so uploads of the item's binary data are left out. The
 * full selector comes first: n8n's node creator and the tool description read the first one.
 */
export function operationField(
	resource: string,
	options: INodePropertyOptions[],
	defaultOperation: string,
	tool?: ToolOperations,
): INodeProperties[] {
	const selector = (offered: INodePropertyOptions[], value: string): INodeProperties => ({
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		options: offered,
		default: value,
	});
	if (!tool) {
		return updateDisplayOptions({ show: { resource: [resource] } }, [
			selector(options, defaultOperation),
		]);
	}
	return [
		{
			...selector(options, defaultOperation),
			displayOptions: { show: { resource: [resource] }, hide: { '@tool': [true] } },
		},
		{
			...selector(
				options.filter((option) => tool.operations.includes(option.value as string)),
				tool.default,
			),
			displayOptions: { show: { resource: [resource], '@tool': [true] } },
		},
	];
}

/** The Options collection of an operation that only reads: how hard to try. */
export const requestOptionsField = optionsCollection(readPolicyFields);
