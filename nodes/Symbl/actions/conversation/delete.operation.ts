/** DELETE /v1/conversations/{conversationId} → {conversationId, deleted: true, message}. */
import type { IDataObject } from 'n8n-workflow';

import { symblRequest } from '../../transport';
import { conversationOperation, conversationPath } from './conversationOperation';

export const { option, description, prepare, execute } = conversationOperation({
	value: 'delete',
	name: 'Delete',
	action: 'Permanently delete a conversation with its transcript and insights',
	description: 'Permanently delete the conversation with its messages and insights',
	conversationIdHint:
		'The conversation to delete, with everything Symbl derived from it. This cannot be undone.',
	async run(ctx, itemIndex, { conversationId }): Promise<IDataObject> {
		const path = conversationPath(conversationId);
		const answer = (await symblRequest(ctx, itemIndex, { method: 'DELETE', path })) as IDataObject;
		return { conversationId, deleted: true, message: answer?.message ?? null };
	},
});
