/**
 * GET /v1/conversations/{conversationId} → one item {conversationId, id, type, name, startTime,
 * endTime, members, metadata}.
 */
import { conversationOperation, readObject } from './conversationOperation';

export const { option, description, prepare, execute } = conversationOperation({
	value: 'get',
	name: 'Get',
	action: 'Get the name, times and members of a conversation',
	description: "The conversation's name, type, start and end time, members and metadata",
	run: readObject(),
});
