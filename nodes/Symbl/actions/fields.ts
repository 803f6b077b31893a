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

/** The Operation selector of one resource, shown when that resource is chosen. */
export function operationField(
	resource: string,
	options: INodePropertyOptions[],
	defaultOperation: string,
): INodeProperties[] {
	return updateDisplayOptions({ show: { resource: [resource] } }, [
		{
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			noDataExpression: true,
			options,
			default: defaultOperation,
		},
	]);
}

/** The Options collection of an operation that only reads: how hard to try. */
export const requestOptionsField = optionsCollection(readPolicyFields);
