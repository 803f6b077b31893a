/**
 * What every Conversation operation shares: the Conversation ID it acts on (shown first) and an
 * Options collection (shown last) holding its own optional parameters beside Max Attempts and
 * Timeout. An operation is its selector entry, its fields, how it reads an item (validating,
 * sending nothing: the router does this for every item before the first request) and what it
 * then does with the conversation.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { optionsCollection } from '../../../shared/fields';
import { symblGet } from '../../transport';
import { readPolicyFields } from '../../transport/retry';
import { conversationIdField, getConversationId } from '../fields';
import type { ProcessingParameter } from '../processingParameters';
import { flag, readProcessingParameters, toQuery } from '../processingParameters';

export type Output = IDataObject | IDataObject[];

/** An item's Conversation ID and the operation's other input, read and checked. */
export interface Prepared<Input> {
	conversationId: string;
	input: Input;
}

export interface ConversationOperation<Input = unknown> {
	/** The entry in the Operation selector. */
	option: INodePropertyOptions & { value: string };
	description: INodeProperties[];
	prepare: (this: IExecuteFunctions, itemIndex: number) => Promise<Prepared<Input>>;
	execute: (
		this: IExecuteFunctions,
		itemIndex: number,
		prepared: Prepared<Input>,
	) => Promise<Output>;
}

export interface OperationSpec<Input> {
	value: string;
	name: string;
	action: string;
	description: string;
	/** What the Conversation ID field says, when reading is not what the operation does. */
	conversationIdHint?: string;
	/** Fields between the Conversation ID and the Options. */
	fields?: INodeProperties[];
	/** The operation's own optional fields, shown in Options beside Max Attempts and Timeout. */
	optionFields?: INodeProperties[];
	/** Reads and checks the item's other fields; throws a NodeOperationError naming the field. */
	read?: (ctx: IExecuteFunctions, itemIndex: number) => Input;
	run: (ctx: IExecuteFunctions, itemIndex: number, prepared: Prepared<Input>) => Promise<Output>;
}

const READ_HINT = 'The conversation to read, for example the one the Symbl Trigger reports';

export function conversationOperation<Input>(
	spec: OperationSpec<Input>,
): ConversationOperation<Input> {
	const { value, name, action, description } = spec;
	const properties: INodeProperties[] = [
		conversationIdField(spec.conversationIdHint ?? READ_HINT),
		...(spec.fields ?? []),
		optionsCollection([...(spec.optionFields ?? []), ...readPolicyFields]),
	];
	return {
		option: { name, value, action, description },
		description: updateDisplayOptions(
			{ show: { resource: ['conversation'], operation: [value] } },
			properties,
		),
		async prepare(this: IExecuteFunctions, itemIndex: number) {
			return {
				conversationId: getConversationId(this, itemIndex),
				input: spec.read?.(this, itemIndex) as Input,
			};
		},
		async execute(this: IExecuteFunctions, itemIndex: number, prepared: Prepared<Input>) {
			return await spec.run(this, itemIndex, prepared);
		},
	};
}

/** A true/false query parameter, off unless the user adds it. */
export function booleanParameter(
	name: string,
	displayName: string,
	description: string,
): ProcessingParameter {
	return { name, field: { displayName, type: 'boolean', default: false, description }, read: flag };
}

/** A run that reads one JSON object of the conversation: {conversationId, …Symbl's answer}. */
export function readObject(below = '') {
	return async (
		ctx: IExecuteFunctions,
		itemIndex: number,
		{ conversationId }: Prepared<unknown>,
	): Promise<IDataObject> => ({
		conversationId,
		...(await symblGet(ctx, itemIndex, conversationPath(conversationId, below))),
	});
}

/** The values of the Options the user added that are Symbl's parameters, checked, as a query. */
export function readQuery(
	ctx: IExecuteFunctions,
	itemIndex: number,
	parameters: ProcessingParameter[],
): Record<string, string> {
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	return toQuery(readProcessingParameters(ctx.getNode(), itemIndex, options, parameters));
}

/** `/v1/conversations/{conversationId}` and below, the ID encoded for the path. */
export function conversationPath(conversationId: string, below = ''): string {
	return `/v1/conversations/${encodeURIComponent(conversationId)}${below ? `/${below}` : ''}`;
}
