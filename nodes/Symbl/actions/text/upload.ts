/**
 * Text uploads: POST /v1/process/text (a new conversation) and PUT /v1/process/text/{conversationId}
 * (append), with the JSON body {messages: […], …parameters} (the parameters Symbl's text calls take,
 * from the same table as every upload). Input items become messages (messages.ts) in one of two ways:
 * - all items, in item order, as one upload (the default: a transcript or a chat arriving as one
 *   item per line is one conversation). The first item carries the upload: it reads the Conversation
 *   ID and the options and is the one output item; the others output nothing. Every item is checked
 *   before the upload is sent, so a bad line 7 of 50 sends nothing.
 * - each item as its own upload (one job per item, in item order).
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { JsonUploadRequest } from '../../transport/upload';
import { uploadJson } from '../../transport/upload';
import { conversationIdField, getConversationId } from '../fields';
import { TEXT_PROCESSING_PARAMETERS } from '../processingParameters';
import { jobOperationDescription, uploadOptionsField } from '../upload/fields';
import { readUploadParameters } from '../upload/parameters';
import { messageFields, readMessage } from './messages';

type Call = 'submit' | 'append';

/** The items whose messages go into the upload the item at `itemIndex` sends (none: it sends nothing). */
function itemsOfUpload(ctx: IExecuteFunctions, itemIndex: number): number[] {
	if (ctx.getNodeParameter('messageGrouping', 0) !== 'allItems') return [itemIndex];
	if (itemIndex > 0) return [];
	return Array.from({ length: ctx.getInputData().length }, (_, index) => index);
}

/** With all items as one upload, every item must name the first item's conversation. */
function assertSameConversation(ctx: IExecuteFunctions, itemIndex: number, expected: string) {
	const found = getConversationId(ctx, itemIndex);
	if (found === expected) return;
	throw new NodeOperationError(
		ctx.getNode(),
		`Item ${itemIndex}: "Conversation ID" is ${found}, but the first item's is ${expected}`,
		{
			itemIndex,
			description:
				'"Input Items" is set to send all items as one upload, to the first item\'s conversation. Give every item the same Conversation ID, or send each item as its own upload. Nothing was sent to Symbl.',
		},
	);
}

export function textOperation(call: Call) {
	const fields: INodeProperties[] = [
		...(call === 'append'
			? [conversationIdField('The conversation to extend, as returned by Submit Text')]
			: []),
		...messageFields,
	];
	return {
		description: jobOperationDescription(
			'text',
			call,
			fields,
			uploadOptionsField({ parameters: TEXT_PROCESSING_PARAMETERS, appending: call === 'append' }),
		),

		async prepare(
			this: IExecuteFunctions,
			itemIndex: number,
		): Promise<JsonUploadRequest | undefined> {
			const items = itemsOfUpload(this, itemIndex);
			if (items.length === 0) return undefined;
			const conversationId = call === 'append' ? getConversationId(this, itemIndex) : undefined;
			const { values, policy } = readUploadParameters(this, itemIndex, {
				conversationId,
				parameters: TEXT_PROCESSING_PARAMETERS,
			});
			const messages = items.map((index) => {
				if (conversationId !== undefined && index !== itemIndex) {
					assertSameConversation(this, index, conversationId);
				}
				return readMessage(this, index);
			});
			const base = '/v1/process/text';
			return {
				method: call === 'append' ? 'PUT' : 'POST',
				path: conversationId === undefined ? base : `${base}/${encodeURIComponent(conversationId)}`,
				body: { ...values, messages },
				policy,
			};
		},

		/** {conversationId, jobId, messageCount}; nothing for an item whose message another item sent. */
		async execute(
			this: IExecuteFunctions,
			itemIndex: number,
			upload: JsonUploadRequest | undefined,
			{ webhookUrl }: { webhookUrl?: string } = {},
		): Promise<IDataObject | IDataObject[]> {
			if (!upload) return [];
			// While the node waits for completion on Symbl's callback, Symbl calls this execution's
			// resume URL instead of the user's Webhook URL.
			if (webhookUrl) upload.body.webhookUrl = webhookUrl;
			const answer = await uploadJson(this, itemIndex, upload);
			return { ...answer, messageCount: (upload.body.messages as IDataObject[]).length };
		},
	};
}
